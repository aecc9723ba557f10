import type { SupabaseClient } from '@supabase/supabase-js';
import { RealtimeConfigError } from '../realtimeConfigError';
import { assertSupportedClient } from '../supportedClient';
import type { LifecycleOptions } from './connectionLifecycle';
import type { RealtimeManagerOptions } from './realtimeManagerTypes';

/** The manager's numeric options, checked and with their defaults filled in. */
export interface ResolvedManagerOptions {
  gracePeriodMs: number;
  maxChannels: number;
  postgresReadyTimeoutMs: number;
  rejoinSpreadMs: number;
  /** What the connection lifecycle (and its machine) is built with. */
  lifecycle: LifecycleOptions;
}

/**
 * Check the client and the numeric options of `createRealtimeManager`, throwing a
 * `RealtimeConfigError('invalid-option')` that names the bad value and what it must be.
 */
export function resolveManagerOptions(client: SupabaseClient, options: RealtimeManagerOptions): ResolvedManagerOptions {
  if (!client || typeof client !== 'object' || !('realtime' in client) || typeof client.channel !== 'function') {
    throw new RealtimeConfigError('invalid-option', 'createRealtimeManager(client) needs a SupabaseClient from createClient(url, key).');
  }
  // Before anything touches realtime-js: on an older release the socket hooks would throw
  // later, inside an effect, with a TypeError nobody can act on.
  assertSupportedClient(client);
  return {
    gracePeriodMs: nonNegative(options.gracePeriodMs ?? 1500, 'gracePeriodMs'),
    maxChannels: nonNegative(options.maxChannels ?? 100, 'maxChannels'),
    postgresReadyTimeoutMs: nonNegative(options.postgresReadyTimeoutMs ?? 10_000, 'postgresReadyTimeoutMs'),
    rejoinSpreadMs: nonNegative(options.rejoinSpreadMs ?? 500, 'rejoinSpreadMs'),
    lifecycle: {
      backoff: options.backoff,
      circuitBreaker: options.circuitBreaker,
      connectTimeoutMs: options.connectTimeoutMs,
      probeTimeoutMs: positive(options.probeTimeoutMs ?? 2000, 'probeTimeoutMs'),
      hiddenDisconnectAfterMs: options.hiddenDisconnectAfterMs === undefined ? undefined : nonNegative(options.hiddenDisconnectAfterMs, 'hiddenDisconnectAfterMs'),
    },
  };
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RealtimeConfigError('invalid-option', `Option \`${name}\` must be a finite number > 0 (got ${String(value)}).`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new RealtimeConfigError('invalid-option', `Option \`${name}\` must be a finite number >= 0 (got ${String(value)}).`);
  }
  return value;
}
