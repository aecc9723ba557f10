import { onlineManager } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import type { RealtimeManager } from '../core/manager/realtimeManagerTypes';
import { RealtimeManagerContext } from './realtimeContext';

interface Link {
  refs: number;
  holding: boolean;
  unsubscribe: () => void;
}

/** One health subscription per manager, shared by every hook that uses it. */
const links = new Map<RealtimeManager, Link>();

function holders(): number {
  let n = 0;
  for (const link of links.values()) if (link.holding) n++;
  return n;
}

function release(link: Link): void {
  if (!link.holding) return;
  link.holding = false;
  // Only hand control back when no other manager still reports offline.
  if (holders() === 0) onlineManager.setOnline(true);
}

/**
 * Inside a `<RealtimeProvider>`, mirrors the manager's `offline` health status into TanStack
 * Query's `onlineManager`, so mutations pause while offline and resume, in order, when the
 * connection returns. Outside a provider, TanStack's own online detection applies.
 */
export function useOnlineManagerSync(): void {
  const manager = useContext(RealtimeManagerContext);
  useEffect(() => {
    if (!manager) return undefined;
    let link = links.get(manager);
    if (!link) {
      const created: Link = { refs: 0, holding: false, unsubscribe: () => {} };
      const sync = () => {
        const offline = manager.health.getSnapshot().status === 'offline';
        if (offline && !created.holding) {
          created.holding = true;
          onlineManager.setOnline(false);
        } else if (!offline) {
          release(created);
        }
      };
      created.unsubscribe = manager.health.subscribe(sync);
      links.set(manager, created);
      sync();
      link = created;
    }
    link.refs++;
    const current = link;
    return () => {
      current.refs--;
      if (current.refs > 0) return;
      // The last user is gone (or the manager was destroyed): never leave TanStack stuck offline.
      current.unsubscribe();
      links.delete(manager);
      release(current);
    };
  }, [manager]);
}
