import { lazy, Suspense, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { RealtimeManager } from '../core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import { RealtimeManagerContext } from '../react/realtimeContext';
import { DEVTOOLS_CSS } from './devtoolsStyles';

/** The panel is its own chunk: an app pays for it only once someone opens it. */
const DevtoolsPanel = lazy(() => import('./DevtoolsPanel'));

export type DevtoolsButtonPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export type DevtoolsTheme = 'light' | 'dark' | 'system';

export interface RealtimeDevtoolsProps {
  /** Open the panel on first render (default false). */
  initialIsOpen?: boolean;
  /** Corner of the toggle button (default 'bottom-right'). */
  buttonPosition?: DevtoolsButtonPosition;
  /** The manager to show; default: the one of the nearest `<RealtimeProvider>`. */
  manager?: RealtimeManager;
  /** Colours; 'system' (the default) follows `prefers-color-scheme`. */
  theme?: DevtoolsTheme;
}

const POSITIONS: readonly DevtoolsButtonPosition[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/**
 * A toggle button and a panel, rendered into a shadow root on `document.body`: the host app's
 * styles do not reach in, ours do not leak out, and nothing in the app's layout moves.
 */
export function RealtimeDevtools({ initialIsOpen = false, buttonPosition = 'bottom-right', manager: given, theme = 'system' }: RealtimeDevtoolsProps): ReactNode {
  const fromContext = useContext(RealtimeManagerContext);
  const manager = given ?? fromContext;
  if (!manager) {
    throw new RealtimeConfigError('missing-provider', '<RealtimeDevtools /> needs a manager: render it inside <RealtimeProvider>, or pass manager={manager}.');
  }
  if (!POSITIONS.includes(buttonPosition)) {
    throw new RealtimeConfigError('invalid-option', `<RealtimeDevtools buttonPosition> must be one of ${POSITIONS.join(', ')} (got ${String(buttonPosition)}).`);
  }
  const [open, setOpen] = useState(initialIsOpen);
  const root = useShadowRoot(theme);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    // Focus goes back where it came from: the toggle.
    toggle.current?.focus();
  };
  if (!root) return null;
  return createPortal(
    <>
      <style>{DEVTOOLS_CSS}</style>
      <button
        ref={toggle}
        type="button"
        className={`toggle ${buttonPosition}`}
        aria-expanded={open}
        aria-controls="srr-devtools-panel"
        aria-label={open ? 'Close realtime devtools' : 'Open realtime devtools'}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span aria-hidden="true">⚡</span> Realtime
      </button>
      {open && (
        <Suspense fallback={<div className="panel loading">Loading realtime devtools…</div>}>
          <DevtoolsPanel manager={manager} onClose={close} />
        </Suspense>
      )}
    </>,
    root,
  );
}

/** A host element on `document.body` with an open shadow root, created after mount (SSR-safe). */
function useShadowRoot(theme: DevtoolsTheme): ShadowRoot | null {
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  const host = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const element = document.createElement('div');
    element.setAttribute('data-srr-devtools', '');
    document.body.appendChild(element);
    host.current = element;
    // The portal target exists only after mount (no document on the server), so it is state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRoot(element.attachShadow({ mode: 'open' }));
    return () => {
      element.remove();
      host.current = null;
    };
  }, []);
  useEffect(() => {
    host.current?.setAttribute('data-theme', theme);
  }, [theme, root]);
  return root;
}
