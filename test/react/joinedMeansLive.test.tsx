import { createClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { RealtimeProvider, createRealtimeManager, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { startTestServer } from '../support/devServer';

/**
 * "Joined means live": with the server's "Subscribed to PostgreSQL" delayed, a row written
 * after the list loaded but before that ok still reaches the UI (gap recovery at the ok), and
 * the subscription is not `joined` before the ok frame arrived.
 */
let server: DevServer;
let manager: RealtimeManager | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  server.faults.reset();
  await manager?.destroy();
  manager = undefined;
});
afterAll(async () => {
  await server?.close();
});

/** One ordered log of what the client saw: frames as they arrive, and the hook's statuses. */
type LogEntry = { kind: 'frame'; event: string; status?: string } | { kind: 'status'; status: string; channelState: string | undefined };

/** The `ws` transport, plus a listener (registered before realtime-js's) that logs each frame. */
function recordingTransport(log: LogEntry[]) {
  return class RecordingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        const [, , , name, payload] = JSON.parse(event.data) as [unknown, unknown, string, string, { status?: string } | null];
        if (name === 'phx_reply' || name === 'system') log.push({ kind: 'frame', event: name, status: payload?.status });
      });
    }
  };
}

test('with a 2 s ready delay, a row written after the list loaded but before the system ok reaches the UI', async () => {
  server.faults.readyDelay(2000);
  const log: LogEntry[] = [];
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: recordingTransport(log) as never },
  });
  const m = (manager = createRealtimeManager(client, { gracePeriodMs: 50 }));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  let fetches = 0;
  let resubscribes = 0;

  function Todos() {
    const qc = useQueryClient();
    const { data } = useQuery({
      queryKey: ['todos', 'live'],
      queryFn: async () => {
        fetches++;
        const { data: rows } = await client.from('todos').select('title').order('id').throwOnError();
        return (rows ?? []).map((r) => String(r.title));
      },
    });
    const { status } = useRealtimeSubscription({
      table: 'todos',
      event: 'INSERT',
      queryKey: ['todos', 'live'],
      onResubscribe: () => resubscribes++,
      onChange: (payload) => qc.setQueryData<string[]>(['todos', 'live'], (old) => [...(old ?? []), String(payload.new.title)]),
    });
    useLayoutEffect(() => {
      log.push({ kind: 'status', status, channelState: m.getStats().channels[0]?.state });
    }, [status]);
    return (
      <div>
        <p data-testid="loaded">{data ? 'loaded' : 'loading'}</p>
        <ul>{data?.map((t) => <li key={t}>{t}</li>)}</ul>
      </div>
    );
  }
  render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider manager={m}>
        <Todos />
      </RealtimeProvider>
    </QueryClientProvider>,
  );

  await screen.findByText('loaded', undefined, { timeout: 10_000 });
  const title = `written-before-the-ok-${Math.random()}`;
  await client.from('todos').insert({ title }).throwOnError();
  const systemFrames = () => log.filter((e) => e.kind === 'frame' && e.event === 'system');
  // The scenario under test: list loaded and row committed while the server is still subscribing.
  expect(systemFrames()).toEqual([]);
  expect(log.filter((e) => e.kind === 'status').map((e) => e.status)).not.toContain('joined');

  await screen.findByText(title, undefined, { timeout: 15_000 });
  expect(systemFrames()).toEqual([{ kind: 'frame', event: 'system', status: 'ok' }]);
  // The row came through gap recovery at the ok: one invalidation, one onResubscribe.
  expect(resubscribes).toBe(1);
  expect(fetches).toBe(2);

  // Order: the join reply, `joining` while waiting, the ok, and only then `joined`.
  const order = log.map((e) => (e.kind === 'frame' ? `${e.event}:${e.status}` : `status:${e.status}`));
  const reply = order.indexOf('phx_reply:ok');
  const ok = order.indexOf('system:ok');
  const joined = order.indexOf('status:joined');
  expect(reply).toBeGreaterThanOrEqual(0);
  expect(ok).toBeGreaterThan(reply);
  expect(joined).toBeGreaterThan(ok);
  expect(order.slice(0, ok).filter((e) => e.startsWith('status:'))).toEqual(['status:idle', 'status:joining']);
  // The manager's channel state agreed with the hook while waiting.
  expect(log.find((e) => e.kind === 'status' && e.status === 'joining')).toMatchObject({ channelState: 'joining' });
});
