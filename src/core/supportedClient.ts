import type { SupabaseClient } from '@supabase/supabase-js';
import { RealtimeConfigError } from './realtimeConfigError';

/**
 * The supabase-js releases the manager works with (also `peerDependencies` in package.json).
 * 2.105.1 is the first whose realtime-js has all it relies on: the socket and channel adapters
 * arrived in 2.100.0, the deferred empty-socket disconnect (and its `_cancelPendingDisconnect`)
 * in 2.105.0 (before it, removing the last channel closed the socket at once), and a join
 * error reply passed as the error's `cause` in 2.105.1 (channel/joinReply.ts reads
 * `cause.reason` to tell a refusal from a timeout; without it a permission refusal would be
 * rejoined forever). That last one cannot be checked before a join, so 2.105.0 passes
 * `missingInternals` but is outside the range.
 */
export const SUPPORTED_SUPABASE_JS = '>=2.105.1 <3';

interface RealtimeInternals {
  socketAdapter?: Record<string, unknown>;
  reconnectTimer?: Record<string, unknown>;
  stateChangeCallbacks?: unknown;
  _cancelPendingDisconnect?: unknown;
  _schedulePendingDisconnect?: unknown;
}

/**
 * The realtime-js internals the manager relies on (see realtimeSocketHooks.ts and
 * awaitRealtimeToken.ts) that this client lacks; empty when it has them all. Channel
 * instances' `channelAdapter` cannot be checked without creating a channel; it was added in
 * the same release as `socketAdapter`.
 */
export function missingInternals(client: SupabaseClient): string[] {
  const realtime = client.realtime as unknown as RealtimeInternals & object;
  const adapter = realtime.socketAdapter;
  const missing: string[] = [];
  if (!adapter || typeof adapter !== 'object') missing.push('socketAdapter');
  else {
    for (const method of ['onOpen', 'onClose', 'onError', 'onMessage'] as const) {
      if (typeof adapter[method] !== 'function') missing.push(`socketAdapter.${method}`);
    }
    if (!('heartbeatCallback' in adapter)) missing.push('socketAdapter.heartbeatCallback');
  }
  if (typeof realtime.reconnectTimer?.scheduleTimeout !== 'function') missing.push('reconnectTimer.scheduleTimeout');
  if (!realtime.stateChangeCallbacks || typeof realtime.stateChangeCallbacks !== 'object') missing.push('stateChangeCallbacks');
  if (!('_authPromise' in realtime)) missing.push('_authPromise');
  if (typeof realtime._cancelPendingDisconnect !== 'function') missing.push('_cancelPendingDisconnect');
  if (typeof realtime._schedulePendingDisconnect !== 'function') missing.push('_schedulePendingDisconnect');
  return missing;
}

/** Throws `RealtimeConfigError('unsupported-client')` naming the supported range when internals are missing. */
export function assertSupportedClient(client: SupabaseClient): void {
  const missing = missingInternals(client);
  if (missing.length === 0) return;
  throw new RealtimeConfigError(
    'unsupported-client',
    `This supabase client's realtime-js is too old or too different: it lacks ${missing.join(', ')}. supabase-realtime-react supports @supabase/supabase-js ${SUPPORTED_SUPABASE_JS}; upgrade it (npm install @supabase/supabase-js@latest).`,
  );
}
