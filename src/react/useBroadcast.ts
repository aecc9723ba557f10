import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { BroadcastHandle } from '../core/createRealtimeManager';
import type { SubscriptionStatus } from '../core/types';
import { useLatest } from './useLatest';
import { useRealtimeManager } from './useRealtimeManager';

export interface UseBroadcastResult<Payload> {
  /** Broadcast `payload` as `event` on the channel; resolves `'ok'`, `'error'` or `'timed out'`. */
  send: (payload: Payload) => Promise<'ok' | 'error' | 'timed out'>;
  status: SubscriptionStatus;
}

const noopSubscribe = () => () => {};
const idle = () => 'idle' as const;

/**
 * Listen to one broadcast `event` on the named channel and send it. Components on the same
 * channel share one join; a new `onMessage` identity does not rejoin.
 */
export function useBroadcast<Payload = unknown>(
  channel: string,
  event: string,
  onMessage?: (payload: Payload) => void,
): UseBroadcastResult<Payload> {
  const manager = useRealtimeManager('useBroadcast');
  const latest = useLatest(onMessage);
  const [handle, setHandle] = useState<BroadcastHandle | null>(null);
  const handleRef = useRef<BroadcastHandle | null>(null);

  useEffect(() => {
    const subscription = manager.broadcast(channel, event, (payload) => latest.current?.(payload as Payload));
    handleRef.current = subscription;
    setHandle(subscription);
    return () => {
      handleRef.current = null;
      subscription.unsubscribe();
    };
  }, [manager, channel, event, latest]);

  const status = useSyncExternalStore(
    handle?.subscribe ?? noopSubscribe,
    handle ? () => handle.getSnapshot().status : idle,
    idle,
  );
  const send = useCallback((payload: Payload) => handleRef.current?.send(payload) ?? Promise.resolve('error' as const), []);
  return { send, status };
}
