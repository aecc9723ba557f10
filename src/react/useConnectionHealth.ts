import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import { INITIAL_HEALTH } from '../core/healthStore';
import type { ConnectionHealth } from '../core/types';
import { useRealtimeManager } from './useRealtimeManager';

const identity = (health: ConnectionHealth) => health;
const getServerSnapshot = () => INITIAL_HEALTH;

/**
 * The connection health, or a slice of it. With a selector the component re-renders only
 * when the selected value changes (`Object.is`, or `isEqual`): a badge selecting `status`
 * ignores latency ticks and event bursts.
 *
 * @example const status = useConnectionHealth((h) => h.status);
 */
export function useConnectionHealth(): ConnectionHealth;
export function useConnectionHealth<T>(selector: (health: ConnectionHealth) => T, isEqual?: (a: T, b: T) => boolean): T;
export function useConnectionHealth<T>(
  selector: (health: ConnectionHealth) => T = identity as unknown as (health: ConnectionHealth) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  const manager = useRealtimeManager('useConnectionHealth');
  return useSyncExternalStoreWithSelector(manager.health.subscribe, manager.health.getSnapshot, getServerSnapshot, selector, isEqual);
}
