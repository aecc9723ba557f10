import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHANNELS_PER_SOCKET } from '../../src/devserver/realtime/sessionContracts';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitFor } from './realtimeHelpers';

let server: DevServer;
let client: SupabaseClient | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await client?.removeAllChannels();
  await server?.close();
});

describe('channels per socket', () => {
  it('a burst of 101 joins on one socket: exactly 100 join, the 101st gets ChannelRateLimitReached', async () => {
    client = createTestClient(server);
    const total = MAX_CHANNELS_PER_SOCKET + 1;
    // The first status of each channel; postgres bindings make each join await the database,
    // so every join is still being checked when the later ones arrive.
    const first: { status: string; error?: string }[] = [];
    for (let i = 0; i < total; i++) {
      client
        .channel(`burst-${i}`)
        .on('postgres_changes', { event: '*', schema: 'public', table: 'todos' }, () => {})
        .subscribe((status, err) => {
          if (first[i] === undefined) first[i] = { status, error: err?.message };
        });
    }
    await waitFor(() => first.filter(Boolean).length === total, 20_000, 'a status for every channel');
    const subscribed = first.filter((f) => f.status === 'SUBSCRIBED');
    const errored = first.filter((f) => f.status === 'CHANNEL_ERROR');
    expect(subscribed).toHaveLength(MAX_CHANNELS_PER_SOCKET);
    expect(errored).toHaveLength(1);
    expect(errored[0]!.error).toContain('ChannelRateLimitReached: Too many channels');
  });
});
