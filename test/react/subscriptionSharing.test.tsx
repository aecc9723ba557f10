import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  RealtimeProvider,
  createRealtimeManager,
  useConnectionHealth,
  useRealtimeSubscription,
  type RealtimeManager,
} from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
let manager: RealtimeManager | null = null;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  await manager?.destroy();
  manager = null;
});
afterAll(async () => {
  await server?.close();
});

function newManager() {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  manager = createRealtimeManager(client, { gracePeriodMs: 100, backoff: { baseMs: 50 } });
  return manager;
}

test('under StrictMode, 100 identical subscriptions cause one phx_join, and one phx_leave after the last unmount', async () => {
  const m = newManager();
  const before = server.stats();
  const seen: string[] = [];
  function Row({ i }: { i: number }) {
    const { status } = useRealtimeSubscription({ table: 'todos', event: 'INSERT', onChange: (p) => seen.push(`${i}:${String(p.new.title)}`) });
    return <span data-testid={`row-${i}`}>{status}</span>;
  }
  function List() {
    const [count, setCount] = useState(100);
    return (
      <>
        <button onClick={() => setCount((c) => c - 1)}>less</button>
        {Array.from({ length: count }, (_, i) => (
          <Row key={i} i={i} />
        ))}
      </>
    );
  }
  const view = render(
    <StrictMode>
      <RealtimeProvider manager={m}>
        <List />
      </RealtimeProvider>
    </StrictMode>,
  );
  await waitUntil(() => view.queryAllByText('joined').length === 100, 'all 100 rows joined');
  expect(server.stats().joins - before.joins).toBe(1);
  expect(m.getStats().channels).toHaveLength(1);
  expect(m.getStats().channels[0]!.subscribers).toBe(100);

  await server.sql(`insert into todos (title) values ('shared')`);
  await waitUntil(() => seen.length === 100, 'the event at all 100 subscribers');

  // Unmount 99 of them: still joined, no leave.
  for (let i = 0; i < 99; i++) act(() => view.getByText('less').click());
  await new Promise((r) => setTimeout(r, 250)); // longer than the grace period
  expect(server.stats().leaves - before.leaves).toBe(0);
  expect(m.getStats().channels[0]!.subscribers).toBe(1);

  act(() => view.getByText('less').click());
  await waitUntil(() => server.stats().leaves - before.leaves === 1, 'one phx_leave');
  expect(server.stats().joins - before.joins).toBe(1);
  await waitUntil(() => m.getStats().channels.length === 0 && m.getStats().clientChannels === 0, 'channel gone');
});

test('changing the filter prop moves the subscription, and later events follow the new filter', async () => {
  const m = newManager();
  const got: string[] = [];
  let setFilter: (f: string) => void = () => {};
  function Watcher() {
    const [filter, set] = useState('priority=eq.1');
    setFilter = set;
    const { status } = useRealtimeSubscription({ table: 'todos', event: 'INSERT', filter, onChange: (p) => got.push(String(p.new.title)) });
    return <span>{`${filter}:${status}`}</span>;
  }
  const view = render(
    <RealtimeProvider manager={m}>
      <Watcher />
    </RealtimeProvider>,
  );
  await view.findByText('priority=eq.1:joined', undefined, { timeout: 10_000 });
  await server.sql(`insert into todos (title, priority) values ('p1-before', 1), ('p2-before', 2)`);
  await waitUntil(() => got.includes('p1-before'), 'p1 event');

  const before = server.stats();
  act(() => setFilter('priority=eq.2'));
  await view.findByText('priority=eq.2:joined', undefined, { timeout: 10_000 });
  await waitUntil(() => server.stats().leaves - before.leaves === 1, 'old binding left');
  expect(server.stats().joins - before.joins).toBe(1);

  await server.sql(`insert into todos (title, priority) values ('p1-after', 1), ('p2-after', 2)`);
  await waitUntil(() => got.includes('p2-after'), 'p2 event');
  await new Promise((r) => setTimeout(r, 100));
  expect(got).toEqual(['p1-before', 'p2-after']);
});

test('a badge selecting status does not re-render on an event burst', async () => {
  const m = newManager();
  let badgeRenders = 0;
  let events = 0;
  function Badge() {
    const status = useConnectionHealth((h) => h.status);
    badgeRenders++;
    return <b>{status}</b>;
  }
  function Feed() {
    const { status } = useRealtimeSubscription({ table: 'notes', onChange: () => events++ });
    return <i>{status}</i>;
  }
  const view = render(
    <RealtimeProvider manager={m}>
      <Badge />
      <Feed />
    </RealtimeProvider>,
  );
  await view.findByText('joined', undefined, { timeout: 10_000 });
  await view.findByText('connected');
  const rendersBefore = badgeRenders;
  await server.sql(`insert into notes (body) select 'n' || g from generate_series(1, 200) g`);
  await waitUntil(() => events === 200, '200 events');
  expect(badgeRenders).toBe(rendersBefore);
});

test('a bad filter throws a clear RealtimeConfigError during render', () => {
  const m = newManager();
  function Bad() {
    useRealtimeSubscription({ table: 'todos', filter: 'priority=nope.1' });
    return null;
  }
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => {
    errors.push(e.error);
    e.preventDefault();
  };
  window.addEventListener('error', onError);
  try {
    expect(() =>
      render(
        <RealtimeProvider manager={m}>
          <Bad />
        </RealtimeProvider>,
      ),
    ).toThrow(/Invalid filter "priority=nope.1" on public.todos/);
  } finally {
    window.removeEventListener('error', onError);
  }
});

test('hooks outside a provider throw a clear error', () => {
  function Orphan() {
    useRealtimeSubscription({ table: 'todos' });
    return null;
  }
  expect(() => render(<Orphan />)).toThrow(/useRealtimeSubscription must be used inside <RealtimeProvider/);
});

test('a new onChange identity does not rejoin; enabled=false leaves and true joins again', async () => {
  const m = newManager();
  const got: string[] = [];
  let rerender: (enabled: boolean, tag: string) => void = () => {};
  function Watcher() {
    const [state, set] = useState({ enabled: true, tag: 'a' });
    rerender = (enabled, tag) => set({ enabled, tag });
    // A fresh arrow on every render, capturing the current tag.
    const { status } = useRealtimeSubscription({
      table: 'notes',
      event: 'INSERT',
      enabled: state.enabled,
      onChange: (p) => got.push(`${state.tag}:${String(p.new.body)}`),
    });
    return <span>{`${state.tag}:${status}`}</span>;
  }
  const view = render(
    <RealtimeProvider manager={m}>
      <Watcher />
    </RealtimeProvider>,
  );
  await view.findByText('a:joined', undefined, { timeout: 10_000 });
  const before = server.stats();
  for (const tag of ['b', 'c', 'd']) act(() => rerender(true, tag));
  await view.findByText('d:joined');
  await server.sql(`insert into notes (body) values ('x')`);
  await waitUntil(() => got.length === 1, 'event');
  expect(got).toEqual(['d:x']); // the latest callback ran
  expect(server.stats().joins).toBe(before.joins);
  expect(server.stats().leaves).toBe(before.leaves);

  act(() => rerender(false, 'e'));
  await view.findByText('e:idle');
  await waitUntil(() => server.stats().leaves === before.leaves + 1, 'left after the grace period');
  act(() => rerender(true, 'f'));
  await view.findByText('f:joined', undefined, { timeout: 10_000 });
  expect(server.stats().joins).toBe(before.joins + 1);
});
