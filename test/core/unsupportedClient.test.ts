/**
 * A supabase-js release older than the supported range (2.99.3: no `socketAdapter`, no
 * deferred empty-socket disconnect) is refused at manager creation with a typed error naming
 * the range, instead of a TypeError later inside an effect.
 */
import { createClient as createOldClient } from 'supabase-js-unsupported';
import type { SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import { RealtimeConfigError } from '../../src/core/realtimeConfigError';
import { SUPPORTED_SUPABASE_JS } from '../../src/core/supportedClient';
import { createTestClient } from '../support/clients';

const anonKey = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.not-a-real-signature';

test('a client from supabase-js 2.99.3 is refused with unsupported-client, naming the supported range', () => {
  const old = createOldClient('http://127.0.0.1:1', anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  }) as unknown as SupabaseClient;
  let error: unknown;
  try {
    createRealtimeManager(old);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RealtimeConfigError);
  expect((error as RealtimeConfigError).code).toBe('unsupported-client');
  expect((error as Error).message).toContain(`@supabase/supabase-js ${SUPPORTED_SUPABASE_JS}`);
  expect((error as Error).message).toMatch(/lacks socketAdapter, .*_cancelPendingDisconnect/);
  expect((error as Error).message).not.toContain(anonKey);
});

test('the supabase-js under test (newest, or the oldest supported in node-oldest-supabase) is accepted', async () => {
  const manager = createRealtimeManager(createTestClient({ url: 'http://127.0.0.1:1', anonKey }));
  expect(manager.destroyed).toBe(false);
  await manager.destroy();
});
