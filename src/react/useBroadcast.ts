import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { BroadcastHandle, RoomOptions } from '../core/manager/realtimeManagerTypes';
import type { SubscriptionState, SubscriptionStatus } from '../core/types';
import { createAttachedStore } from './attachedStore';
import { useLatest } from './useLatest';
import { useRealtimeManager } from './useRealtimeManager';

export interface UseBroadcastResult<Payload> {
  /** Broadcast `payload` as `event` on the channel; resolves `'ok'`, `'error'` or `'timed out'`. */
  send: (payload: Payload) => Promise<'ok' | 'error' | 'timed out'>;
  status: SubscriptionStatus;
}

const IDLE: SubscriptionState = Object.freeze({ status: 'idle', error: null, lastEventAt: null }) as SubscriptionState;
const getIdle = () => IDLE;

/**
 * Listen to one broadcast `event` on the named channel and send it. Components on the same
 * channel share one join; a new `onMessage` identity does not rejoin. `options.private` joins
 * a private channel (part of the channel's identity: changing it moves the subscription).
 */
export function useBroadcast<Payload = unknown>(
  channel: string,
  event: string,
  onMessage?: (payload: Payload) => void,
  options?: RoomOptions,
): UseBroadcastResult<Payload> {
  const manager = useRealtimeManager('useBroadcast');
  const latest = useLatest(onMessage);
  const isPrivate = options?.private;
  const store = useMemo(
    () =>
      createAttachedStore<SubscriptionState, BroadcastHandle>(
        () => manager.broadcast(channel, event, (payload) => latest.current?.(payload as Payload), { private: isPrivate }),
        IDLE,
      ),
    [manager, channel, event, latest, isPrivate],
  );
  const { status } = useSyncExternalStore(store.subscribe, store.getSnapshot, getIdle);
  const send = useCallback((payload: Payload) => store.current()?.send(payload) ?? Promise.resolve('error' as const), [store]);
  return { send, status };
}
