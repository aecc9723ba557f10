import type { ConnectionStateName } from './connectionMachineTypes';
import type { ConnectionStatus } from './types';

/**
 * The small public status derived from the machine's named state. `hasTriedBefore`: the socket
 * was open once, or a connect already failed, so a new attempt is a reconnect, not the first.
 */
export function publicStatus(state: ConnectionStateName, hasTriedBefore: boolean): ConnectionStatus {
  switch (state) {
    case 'idle':
      return 'initial';
    case 'connected':
    case 'verifying':
      return 'connected';
    case 'offline':
      return 'offline';
    case 'connecting':
      return hasTriedBefore ? 'reconnecting' : 'connecting';
    case 'backoff':
    case 'refreshing-auth':
      return 'reconnecting';
    case 'circuit-open':
    case 'dormant':
    case 'paused':
    case 'stopped':
      return 'disconnected';
  }
}
