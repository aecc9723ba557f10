import { useCallback, useMemo } from 'react';
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
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
/** The handle's snapshot also carries `lastEventAt`, which changes with every message. */
const selectStatus = (state: SubscriptionState) => state.status;

/**
 * Listen to one broadcast `event` on the named channel and send it. Components on the same
 * channel share one join; a new `onMessage` identity does not rejoin. `options.private` joins
 * a private channel (part of the channel's identity: changing it moves the subscription).
 * The component re-renders when the status changes, not per message.
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
  // Only the status is returned, so only a status change re-renders: a burst of messages
  // reaches `onMessage` without rendering the component once per message.
  const status = useSyncExternalStoreWithSelector(store.subscribe, store.getSnapshot, getIdle, selectStatus);
  const send = useCallback((payload: Payload) => store.current()?.send(payload) ?? Promise.resolve('error' as const), [store]);
  return { send, status };
}
