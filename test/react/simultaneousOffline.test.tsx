import type { SupabaseClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider, onlineManager, useQuery, useQueryClient } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { RealtimeProvider, createRealtimeManager, useOptimisticMutation, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createFakeNetwork, renderTodoApp, type TodoApp } from './realtimeHarness';
import { waitUntil } from '../support/waitUntil';

/**
 * Two app instances (own client, socket, QueryClient, manager) on one device: the network
 * drops for both at the same moment and returns for both at the same moment; one writes as
 * soon as it is back. The other must get the row, by its realtime event or by the refetch
 * its gap recovery makes once its channel has rejoined.
 */
let server: DevServer;
let onLine = true;
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => onLine });
function browserOnline(next: boolean) {
  onLine = next;
  window.dispatchEvent(new Event(next ? 'online' : 'offline'));
}

const managers: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  onLine = true;
  onlineManager.setOnline(true);
  await Promise.all(managers.splice(0).map((m) => m.destroy()));
  await waitUntil(() => server.stats().channels.length === 0, 'server channels released');
});
afterAll(async () => {
  await server?.close();
});

const HEARTBEAT_MS = 200;

function start(network: ReturnType<typeof createFakeNetwork>) {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: HEARTBEAT_MS } });
  const app = renderTodoApp(server, client, {
    gracePeriodMs: 50,
    backoff: { baseMs: 200, maxMs: 2000 },
    circuitBreaker: { failureThreshold: 5, cooldownMs: 300 },
    environment: network.environment,
  });
  managers.push(app.manager);
  return { app, client };
}

const joined = (a: TodoApp) => a.manager.health.getSnapshot().status === 'connected' && a.manager.health.getSnapshot().channels.joined === 2;

// Writes at several moments of the rejoin: before, during and after the reader's join.
for (const delayMs of [0, 10, 30, 80, 200]) {
  test(`both offline and back together, a write ${delayMs} ms after: the other instance gets it`, async () => {
    const network = createFakeNetwork();
    const writer = start(network);
    const reader = start(network);
    await waitUntil(() => joined(writer.app) && joined(reader.app), 'both joined');
    // The first load, and the refetch of gap recovery when the subscription went live.
    await waitUntil(() => reader.app.fetches() >= 1 && reader.app.queryClient.isFetching() === 0, 'reader initial fetch settled');

    network.setOnline(false);
    await waitUntil(() => server.stats().sockets === 0, 'both sockets closed');
    network.setOnline(true);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const title = `written ${delayMs} ms after coming back ${Math.random()}`;
    const { error } = await writer.client.from('todos').insert({ title });
    expect(error).toBeNull();

    await waitUntil(() => joined(writer.app) && joined(reader.app), 'both rejoined');
    await within(reader.app.view.container).findByText(title, undefined, { timeout: 5_000 });
  });
}

/**
 * The old Chaos story's setup, in jsdom: the browser itself goes offline (navigator.onLine and
 * the window events, which TanStack's own onlineManager also hears), both providers use the
 * default environment, and the writer's optimistic insert is made while offline, so it is
 * paused and resumes the moment the network is back.
 */
function Writer({ client, onReady }: { client: SupabaseClient; onReady: (add: (title: string) => void) => void }) {
  const add = useOptimisticMutation<string[], string, unknown>({
    queryKey: ['todos'],
    mutationFn: (title) => client.from('todos').insert({ title }).select().single(),
    apply: (todos, title) => [...todos, title],
  });
  onReady((title) => add.mutate(title));
  return <p data-testid="pending">{add.pendingCount}</p>;
}


for (const round of [1, 2, 3]) {
  test(`browser offline for both, a paused write resumes: the other instance gets it (round ${round})`, async () => {
    const options = { gracePeriodMs: 50, backoff: { baseMs: 300, factor: 2, maxMs: 3000 }, circuitBreaker: { failureThreshold: 8, cooldownMs: 5000 } };
    const writerClient = createTestClient(server, { realtime: { heartbeatIntervalMs: HEARTBEAT_MS } });
    const readerClient = createTestClient(server, { realtime: { heartbeatIntervalMs: HEARTBEAT_MS } });
    const writer = createRealtimeManager(writerClient, options);
    const reader = createRealtimeManager(readerClient, options);
    managers.push(writer, reader);
    const qcOptions = { defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } };
    const writerQc = new QueryClient(qcOptions);
    const readerQc = new QueryClient(qcOptions);
    let add: (title: string) => void = () => {};
    function List({ testId }: { testId: string }) {
      const { data } = useQuery({
        queryKey: ['todos'],
        queryFn: async () => (await server.sql<{ title: string }>('select title from todos order by id')).rows.map((r) => r.title),
      });
      const qc = useQueryClient();
      useRealtimeSubscription({
        table: 'todos',
        event: 'INSERT',
        queryKey: ['todos'],
        onChange: (payload) => {
          qc.setQueryData<string[]>(['todos'], (old) => (old?.includes(String(payload.new.title)) ? old : [...(old ?? []), String(payload.new.title)]));
          if (qc.isFetching({ queryKey: ['todos'] }) > 0) void qc.invalidateQueries({ queryKey: ['todos'] });
        },
      });
      return <ul data-testid={testId}>{data?.map((t) => <li key={t}>{t}</li>)}</ul>;
    }
    render(
      <>
        <QueryClientProvider client={writerQc}>
          <RealtimeProvider manager={writer}>
            <List testId="writer" />
            <Writer client={writerClient} onReady={(fn) => (add = fn)} />
          </RealtimeProvider>
        </QueryClientProvider>
        <QueryClientProvider client={readerQc}>
          <RealtimeProvider manager={reader}>
            <List testId="reader" />
          </RealtimeProvider>
        </QueryClientProvider>
      </>,
    );
    const connected = (m: RealtimeManager) => m.health.getSnapshot().status === 'connected' && m.health.getSnapshot().channels.joined === 1;
    await waitUntil(() => connected(writer) && connected(reader), 'both joined');
    await waitUntil(() => readerQc.getQueryData(['todos']) !== undefined, 'reader loaded');

    browserOnline(false);
    await waitUntil(() => writer.health.getSnapshot().status === 'offline' && reader.health.getSnapshot().status === 'offline', 'both offline');
    const title = `paused while offline ${round} ${Math.random()}`;
    act(() => add(title));
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.getByTestId('pending').textContent).toBe('1');
    browserOnline(true);
    await waitUntil(() => screen.getByTestId('pending').textContent === '0', 'write saved');
    await waitUntil(() => connected(writer) && connected(reader), 'both rejoined');
    await within(screen.getByTestId('reader')).findByText(title, undefined, { timeout: 5_000 });
  });
}
