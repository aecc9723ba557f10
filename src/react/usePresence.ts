import { useEffect, useState, useSyncExternalStore } from 'react';
import type { PresenceHandle, PresenceSnapshot } from '../core/createRealtimeManager';
import { useRealtimeManager } from './useRealtimeManager';

export type UsePresenceResult<State> = PresenceSnapshot<State>;

const EMPTY: PresenceSnapshot<never> = Object.freeze({ status: 'idle', members: Object.freeze({}) }) as PresenceSnapshot<never>;
const noopSubscribe = () => () => {};
const getEmpty = () => EMPTY;

/**
 * The members present on a named channel, optionally tracking `myState` for this client.
 * A changed `myState` (by value) is tracked again without rejoining. One presence state per
 * client and channel: when several components track on one channel, the last one wins.
 */
export function usePresence<State extends Record<string, unknown> = Record<string, unknown>>(
  channel: string,
  myState?: State,
): UsePresenceResult<State> {
  const manager = useRealtimeManager('usePresence');
  const [handle, setHandle] = useState<PresenceHandle<State> | null>(null);
  const stateKey = myState === undefined ? undefined : JSON.stringify(myState);

  useEffect(() => {
    const subscription = manager.presence<State>(channel);
    setHandle(subscription);
    return () => subscription.unsubscribe();
  }, [manager, channel]);

  useEffect(() => {
    if (!handle || stateKey === undefined) return;
    void handle.track(JSON.parse(stateKey) as State);
  }, [handle, stateKey]);

  return useSyncExternalStore(handle?.subscribe ?? noopSubscribe, handle?.getSnapshot ?? (getEmpty as () => PresenceSnapshot<State>), getEmpty as () => PresenceSnapshot<State>);
}
