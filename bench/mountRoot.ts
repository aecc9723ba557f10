import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/** A React root on its own detached-from-nothing div; `unmount` releases it. */
export function mountRoot(element: ReactNode): Root {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  root.render(element);
  const unmount = root.unmount.bind(root);
  root.unmount = () => {
    unmount();
    container.remove();
  };
  return root;
}
