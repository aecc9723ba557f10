import { onlineManager } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import { RealtimeManagerContext } from './realtimeContext';

/** Managers whose `offline` status currently holds TanStack's onlineManager offline. */
const holdingOffline = new Set<object>();

/**
 * Inside a `<RealtimeProvider>`, mirrors the manager's `offline` health status into TanStack
 * Query's `onlineManager`, so mutations pause while offline and resume, in order, when the
 * connection returns. Outside a provider, TanStack's own online detection applies.
 */
export function useOnlineManagerSync(): void {
  const manager = useContext(RealtimeManagerContext);
  useEffect(() => {
    if (!manager) return;
    const sync = () => {
      const offline = manager.health.getSnapshot().status === 'offline';
      if (offline && !holdingOffline.has(manager)) {
        holdingOffline.add(manager);
        onlineManager.setOnline(false);
      } else if (!offline && holdingOffline.delete(manager) && holdingOffline.size === 0) {
        onlineManager.setOnline(true);
      }
    };
    sync();
    return manager.health.subscribe(sync);
  }, [manager]);
}
