import type { RealtimeManager } from '../../core/manager/realtimeManagerTypes';

/**
 * The panel's "Reconnect": a new socket now, whatever the state. `manager.reconnect()` alone
 * retries a connection that is down (it skips a pending backoff or an open circuit and rejoins
 * parked channels) but leaves a connected socket alone, so a healthy socket is first replaced
 * through the public development aid `simulateOffline` (this manager only, as the browser's
 * offline/online events would): the socket closes, a new one opens at once, channels rejoin.
 * While the panel's own "Simulate offline" is on, the tab stays offline: nothing is cycled.
 */
export function reconnectNow(manager: RealtimeManager): void {
  if (manager.health.getSnapshot().status === 'connected' && !manager.simulatedOffline) {
    manager.simulateOffline(true);
    manager.simulateOffline(false);
  }
  manager.reconnect();
}
