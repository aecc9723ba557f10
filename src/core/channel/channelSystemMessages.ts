import { classifyRealtimeError } from '../errors/classifyRealtimeError';
import type { ChannelParts, ChannelView, SystemMessage } from './channelParts';

/**
 * A `system` message on the channel's current instance: the postgres_changes subscription's ok
 * or binding error, or a shutdown error announcing the server's close (docs/realtime-protocol.md).
 */
export function receiveSystemMessage<Channel extends ChannelView>(parts: ChannelParts<Channel>, message: SystemMessage): void {
  const readiness = parts.readiness;
  // Servers before the `extension` field announced the subscription with a bare ok.
  const postgres = message?.extension === 'postgres_changes' || (message?.extension === undefined && readiness !== null);
  if (message?.status === 'ok') {
    if (postgres) readiness?.systemOk();
    return;
  }
  if (message?.status !== 'error') return;
  const text = String(message.message ?? 'unknown error');
  if (!postgres) {
    // A shutdown (token expired, permission lost, …); `phx_close` follows.
    parts.closeReason = text;
    return;
  }
  bindingFailed(parts, text);
}

/**
 * A binding error follows an OK join reply. Fatal ones (bad filter, unpublished table,
 * permission) repeat on every join: reported once and parked until an auth change or
 * `reconnect()`. Retryable ones (database unreachable) are retried with backoff; an ok
 * from the server's own retry clears them first.
 */
function bindingFailed<Channel extends ChannelView>(parts: ChannelParts<Channel>, text: string): void {
  const current = parts.channel.error;
  const classification = parts.bindingError === text && current ? current : classifyRealtimeError(new Error(text));
  parts.bindingError = text;
  parts.setStatus('errored', classification);
  if (!classification.retryable) {
    parts.parked = true;
    return;
  }
  parts.bindingFailures++;
  parts.host.channelBindingFailed(parts.channel, classification);
}
