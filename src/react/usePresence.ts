import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PresenceHandle, PresenceSnapshot, RoomOptions } from '../core/manager/realtimeManagerTypes';
import { createAttachedStore } from './attachedStore';
import { useLatest } from './useLatest';
import { useRealtimeManager } from './useRealtimeManager';

export type UsePresenceResult<State> = PresenceSnapshot<State>;

const EMPTY: PresenceSnapshot<never> = Object.freeze({ status: 'idle', members: Object.freeze({}) }) as PresenceSnapshot<never>;
const getEmpty = () => EMPTY;

/**
 * The members present on a named channel, optionally tracking `myState` for this client.
 * A changed `myState` (by value) is tracked again without rejoining; `undefined` untracks
 * (other members see this client leave). One presence state per
 * client and channel: when several components track on one channel, the last one wins.
 * `options.private` joins a private channel (part of its identity: changing it moves the subscription).
 */
export function usePresence<State extends Record<string, unknown> = Record<string, unknown>>(
  channel: string,
  myState?: State,
  options?: RoomOptions,
): UsePresenceResult<State> {
  const manager = useRealtimeManager('usePresence');
  const stateKey = myState === undefined ? undefined : JSON.stringify(myState);
  const latestState = useLatest(myState);
  const isPrivate = options?.private;
  const store = useMemo(
    () =>
      createAttachedStore<PresenceSnapshot<State>, PresenceHandle<State>>(
        // Track the state of the moment of joining; later changes go through `track` below.
        () => manager.presence<State>(channel, latestState.current, { private: isPrivate }),
        EMPTY as PresenceSnapshot<State>,
      ),
    [manager, channel, latestState, isPrivate],
  );
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, getEmpty as () => PresenceSnapshot<State>);

  // The manager tracks the latest state after every join (presence is lost on a rejoin); a
  // changed state is tracked at once (or remembered for the next join); `undefined` untracks.
  useEffect(() => {
    const handle = store.current();
    if (stateKey === undefined) void handle?.untrack();
    else void handle?.track(JSON.parse(stateKey) as State);
  }, [store, stateKey]);

  return snapshot;
}
