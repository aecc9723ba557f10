import type { SupabaseClient } from '@supabase/supabase-js';
import type { CrossTabOptions } from '../core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../core/realtimeConfigError';

export interface ResolvedCrossTabOptions {
  key: string;
  hiddenHandoverMs: number;
  presence: 'tab' | 'user';
}

/** `crossTab: true` or `{ key, hiddenHandoverMs, presence }`, checked and with defaults filled in. */
export function resolveCrossTabOptions(client: SupabaseClient, option: boolean | CrossTabOptions | undefined): ResolvedCrossTabOptions {
  const given: CrossTabOptions = option === true || option === undefined ? {} : option === false ? {} : option;
  if (typeof given !== 'object' || given === null) {
    throw new RealtimeConfigError('invalid-option', 'Option `crossTab` must be true or an object { key?, hiddenHandoverMs?, presence? }.');
  }
  const { key, hiddenHandoverMs = 10_000, presence = 'tab' } = given;
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    throw new RealtimeConfigError('invalid-option', 'Option `crossTab.key` must be a non-empty string (it keeps apps on one origin apart).');
  }
  if (typeof hiddenHandoverMs !== 'number' || !(hiddenHandoverMs >= 0) || !Number.isFinite(hiddenHandoverMs)) {
    throw new RealtimeConfigError('invalid-option', `Option \`crossTab.hiddenHandoverMs\` must be a finite number >= 0 (got ${String(hiddenHandoverMs)}).`);
  }
  if (presence !== 'tab' && presence !== 'user') {
    throw new RealtimeConfigError('invalid-option', `Option \`crossTab.presence\` must be 'tab' or 'user' (got ${JSON.stringify(presence)}).`);
  }
  return { key: key ?? defaultKey(client), hiddenHandoverMs, presence };
}

/** One group per Supabase project: the realtime endpoint names it (no key or token in it). */
function defaultKey(client: SupabaseClient): string {
  const endpoint = (client.realtime as unknown as { endPoint?: string }).endPoint ?? '';
  return endpoint.replace(/^wss?:\/\//, '').replace(/\/realtime\/v1\/websocket$/, '') || 'default';
}
