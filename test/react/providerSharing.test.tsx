/**
 * One manager per supabase-js client: providers on the same client share it (reference
 * counted, destroyed a grace period after the last one unmounts), and a second live
 * `createRealtimeManager` for the same client is refused with a typed error.
 */
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  RealtimeConfigError,
  RealtimeProvider,
  createRealtimeManager,
  useRealtimeManager,
  useRealtimeSubscription,
  type RealtimeManager,
} from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const toDestroy: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  await Promise.all(toDestroy.splice(0).map((m) => m.destroy()));
});
afterAll(async () => {
  await server?.close();
});

const options = { gracePeriodMs: 100, backoff: { baseMs: 50 } };

test('two providers on one client share one manager; both see the same channel joined; destroyed after the last unmounts', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  const managers = new Set<RealtimeManager>();
  const seen: string[] = [];
  function Todos({ name }: { name: string }) {
    managers.add(useRealtimeManager());
    const { status } = useRealtimeSubscription({ table: 'todos', event: 'INSERT', onChange: (p) => seen.push(`${name}:${String(p.new.title)}`) });
    return <span>{`${name} ${status}`}</span>;
  }
  function App() {
    const [showA, setShowA] = useState(true);
    const [showB, setShowB] = useState(true);
    return (
      <>
        <button onClick={() => setShowA(false)}>hide a</button>
        <button onClick={() => setShowB(false)}>hide b</button>
        {showA && (
          <RealtimeProvider client={client} options={options}>
            <Todos name="a" />
          </RealtimeProvider>
        )}
        {showB && (
          <RealtimeProvider client={client} options={options}>
            <Todos name="b" />
          </RealtimeProvider>
        )}
      </>
    );
  }
  const view = render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await waitUntil(() => !!view.queryByText('a joined') && !!view.queryByText('b joined'), 'both providers joined');
  expect(managers.size).toBe(1);
  const [manager] = [...managers];
  expect(manager!.getStats().channels).toHaveLength(1);

  await server.sql(`insert into todos (title) values ('both')`);
  await waitUntil(() => seen.includes('a:both') && seen.includes('b:both'), 'the row in both providers');

  // One provider unmounts: the other keeps the manager and its channel, past the grace period.
  act(() => view.getByText('hide a').click());
  await new Promise((r) => setTimeout(r, 300));
  expect(manager!.destroyed).toBe(false);
  await server.sql(`insert into todos (title) values ('only-b')`);
  await waitUntil(() => seen.includes('b:only-b'), 'the row in the remaining provider');

  // The last one unmounts: destroyed after the grace period; the client is free again.
  act(() => view.getByText('hide b').click());
  await waitUntil(() => manager!.destroyed, 'the shared manager destroyed');
  const next = createRealtimeManager(client);
  toDestroy.push(next);
  expect(next).not.toBe(manager);
});

test('a second live createRealtimeManager on the same client is refused with a typed error; allowed after destroy()', async () => {
  const client = createTestClient(server);
  const first = createRealtimeManager(client);
  toDestroy.push(first);
  let error: unknown;
  try {
    createRealtimeManager(client, { gracePeriodMs: 10 });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RealtimeConfigError);
  expect(error).toMatchObject({ code: 'manager-exists' });
  expect((error as Error).message).toMatch(/already has a live realtime manager/);
  // A refused option does not claim the client either.
  await first.destroy();
  expect(() => createRealtimeManager(client, { gracePeriodMs: -1 })).toThrow(/gracePeriodMs/);
  const second = createRealtimeManager(client);
  toDestroy.push(second);
  expect(second.destroyed).toBe(false);
});

test('a provider on a client whose manager the app created uses that manager and never destroys it', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  const own = createRealtimeManager(client, options);
  toDestroy.push(own);
  let used: RealtimeManager | null = null;
  function Probe() {
    used = useRealtimeManager();
    const { status } = useRealtimeSubscription({ table: 'notes', event: 'INSERT' });
    return <span>{status}</span>;
  }
  const view = render(
    <RealtimeProvider client={client}>
      <Probe />
    </RealtimeProvider>,
  );
  await waitUntil(() => !!view.queryByText('joined'), 'the join');
  expect(used).toBe(own);
  view.unmount();
  await new Promise((r) => setTimeout(r, 300));
  expect(own.destroyed).toBe(false);
});
