/**
 * `useRealtimeSubscription({ table, topic })`: Broadcast from Database through the hooks, with
 * stock supabase-js over real WebSockets. The schema is what `broadcastChangesSql` prints (the
 * trigger and its default read policy on `realtime.messages`), so the helper's SQL is exercised.
 */
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import {
  RealtimeConfigError,
  RealtimeProvider,
  createRealtimeManager,
  useBroadcast,
  useRealtimeSubscription,
  type PostgresChangesPayload,
  type RealtimeManager,
} from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { broadcastChangesSql } from '../../src/sql';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

const SCHEMA = /* sql */ `
create table public.todos (
  id bigint generated always as identity primary key,
  list_id text not null,
  title text not null default '',
  owner_id uuid not null
);
alter table public.todos enable row level security;
create policy "owners read their todos" on public.todos for select to authenticated using (owner_id = auth.uid());
${broadcastChangesSql({ table: 'todos', topic: "'todos:' || list_id" })}
`;

interface Todo {
  id: number;
  list_id: string;
  title: string;
  owner_id: string;
}

let server: DevServer;
let manager: RealtimeManager | null = null;
let n = 0;

beforeAll(async () => {
  server = await startTestServer({ schema: SCHEMA });
});
afterEach(async () => {
  cleanup();
  await manager?.destroy();
  manager = null;
});
afterAll(async () => {
  await server?.close();
});

/** A manager for a client signed in as `sub` (the token reaches realtime before the first join). */
function managerFor(sub: string, options: Parameters<typeof createRealtimeManager>[1] = {}) {
  const client = createTestClient(server, {
    accessToken: server.signJwt({ sub, role: 'authenticated' }),
    realtime: { heartbeatIntervalMs: 1000 },
  });
  manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 }, ...options });
  return { client, manager };
}

/** A list whose first row (owned by Alice) makes its topic readable for Alice under the default policy. */
async function newList(): Promise<string> {
  const list = `list-${++n}-${Date.now()}`;
  await insertTodos(list, ['seed']);
  return list;
}

async function insertTodos(list: string, titles: string[]): Promise<number[]> {
  const { rows } = await server.sql<{ id: string }>(
    'insert into public.todos (list_id, title, owner_id) select $1, t, $2 from unnest($3::text[]) with ordinality as x(t, i) order by i returning id::text',
    [list, ALICE, titles],
  );
  return rows.map((r) => Number(r.id));
}

test('50 components on one topic share one join; INSERT/UPDATE/DELETE reach onChange normalised, filtered by event', async () => {
  const { manager: m } = managerFor(ALICE);
  const list = await newList();
  const topic = `todos:${list}`;
  const events = ['*', 'INSERT', 'UPDATE', 'DELETE'] as const;
  const received: PostgresChangesPayload<Todo>[][] = Array.from({ length: 50 }, () => []);
  function Row({ index }: { index: number }) {
    const { status } = useRealtimeSubscription<unknown>({
      table: 'todos',
      topic,
      event: events[index % 4],
      onChange: (payload) => received[index]!.push(payload as unknown as PostgresChangesPayload<Todo>),
    });
    return <i data-status={status} />;
  }
  const joinsBefore = server.stats().joins;
  const view = render(
    <RealtimeProvider manager={m}>
      {received.map((_, i) => (
        <Row key={i} index={i} />
      ))}
    </RealtimeProvider>,
  );
  const statuses = () => [...view.container.querySelectorAll('[data-status]')].map((e) => e.getAttribute('data-status'));
  await waitUntil(() => statuses().length === 50 && statuses().every((s) => s === 'joined'), 'all 50 subscriptions joined');
  expect(server.stats().joins - joinsBefore, 'joins for 50 components').toBe(1);
  expect(server.stats().channels.filter((c) => c.topic === `realtime:${topic}`)).toEqual([{ topic: `realtime:${topic}`, subscribers: 1 }]);

  const [id] = await insertTodos(list, ['milk']);
  await server.sql("update public.todos set title = 'oat milk' where id = $1", [id]);
  await server.sql('delete from public.todos where id = $1', [id]);
  await waitUntil(() => received[0]!.length === 3, 'the three changes on a "*" subscriber');
  // Every other subscriber had as long: delivery is in commit order on one socket.
  await waitUntil(() => received.every((r, i) => r.length === (i % 4 === 0 ? 3 : 1)), 'each subscriber its events');

  const row: Todo = { id: id!, list_id: list, title: 'milk', owner_id: ALICE };
  const updated = { ...row, title: 'oat milk' };
  const base = { schema: 'public', table: 'todos', errors: null };
  expect(received[0]).toEqual([
    { ...base, eventType: 'INSERT', new: row, old: {} },
    { ...base, eventType: 'UPDATE', new: updated, old: row },
    { ...base, eventType: 'DELETE', new: {}, old: updated },
  ]);
  expect(received[1]!.map((p) => p.eventType)).toEqual(['INSERT']);
  expect(received[2]!.map((p) => p.eventType)).toEqual(['UPDATE']);
  expect(received[3]!.map((p) => p.eventType)).toEqual(['DELETE']);
  expect(server.stats().joins - joinsBefore, 'joins after the changes').toBe(1);
});

/** A live list: the query's rows plus the changes applied as they arrive. */
interface LiveLog {
  changes: PostgresChangesPayload<Todo>[];
  fetches: number;
}

function LiveList({ list, record }: { list: string; record: (what: 'fetch' | PostgresChangesPayload<Todo>) => void }) {
  const qc = useQueryClient();
  const queryKey = ['todos', list];
  const { data } = useQuery({
    queryKey,
    queryFn: async () => {
      record('fetch');
      const rows = await server.sql<{ id: string; title: string }>('select id::text, title from public.todos where list_id = $1 order by id', [list]);
      return rows.rows.map((r) => ({ id: Number(r.id), title: r.title }));
    },
  });
  const { status } = useRealtimeSubscription<unknown>({
    table: 'todos',
    topic: `todos:${list}`,
    event: 'INSERT',
    queryKey,
    onChange: (raw) => {
      const payload = raw as unknown as PostgresChangesPayload<Todo>;
      record(payload);
      // Appends even a row already shown, so a change applied twice would show twice.
      qc.setQueryData<{ id: number; title: string }[]>(queryKey, (rows = []) => [...rows, { id: payload.new.id!, title: payload.new.title! }]);
    },
  });
  return (
    <div data-status={status}>
      {data?.map((r, i) => (
        <p key={`${r.id}-${i}`} data-row={r.id}>
          {r.title}
        </p>
      ))}
    </div>
  );
}

async function outage(list: string, titles: string[]): Promise<number[]> {
  // Close every socket with 1011 and refuse reconnects for a while: rows are written while down.
  server.faults.refuse(3000);
  server.faults.close({ code: 1011 });
  const ids = await insertTodos(list, titles);
  return ids;
}

function renderLiveList(list: string) {
  const { manager: m } = managerFor(ALICE, { circuitBreaker: { failureThreshold: 1000 } });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const log: LiveLog = { changes: [], fetches: 0 };
  const record = (what: 'fetch' | PostgresChangesPayload<Todo>) => (what === 'fetch' ? log.fetches++ : log.changes.push(what));
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider manager={m}>
        <LiveList list={list} record={record} />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  const rowIds = () => [...view.container.querySelectorAll('[data-row]')].map((e) => Number(e.getAttribute('data-row')));
  const status = () => view.container.querySelector('[data-status]')?.getAttribute('data-status');
  return { log, rowIds, status };
}

test('rows written during a 1011 outage arrive through replay, each once (replayed copies of seen ones are dropped)', async () => {
  const list = await newList();
  const { log, rowIds, status } = renderLiveList(list);
  await waitUntil(() => status() === 'joined' && rowIds().length === 1, 'joined with the seed row');
  // Seen live just before the outage; the replay window (since minus a clock margin) covers it again.
  const [before] = await insertTodos(list, ['before']);
  await waitUntil(() => rowIds().includes(before!), 'the row written before the outage');
  const fetchesBefore = log.fetches;

  const during = await outage(list, ['d1', 'd2', 'd3']);
  await waitUntil(() => during.every((id) => rowIds().includes(id)), 'the rows written while down', 20_000);
  const [after] = await insertTodos(list, ['after']);
  await waitUntil(() => rowIds().includes(after!), 'a live row after the reconnect', 20_000);

  const ids = rowIds();
  expect(new Set(ids).size, `rows shown: ${ids.join(',')}`).toBe(ids.length);
  const changed = log.changes.map((p) => p.new.id);
  expect(changed).toEqual([before, ...during, after]);
  expect(log.fetches, 'no refetch: replay covered the gap').toBe(fetchesBefore);
});

test('a gap larger than the replay limit falls back to refetching the query, and no row shows twice', async () => {
  const list = await newList();
  const { log, rowIds, status } = renderLiveList(list);
  await waitUntil(() => status() === 'joined' && rowIds().length === 1, 'joined with the seed row');
  const fetchesBefore = log.fetches;

  const during = await outage(
    list,
    Array.from({ length: 30 }, (_, i) => `bulk ${i}`),
  );
  await waitUntil(() => log.fetches > fetchesBefore, 'the query refetched', 20_000);
  await waitUntil(() => during.every((id) => rowIds().includes(id)), 'all 30 rows', 20_000);
  const ids = rowIds();
  expect(new Set(ids).size, `rows shown: ${ids.join(',')}`).toBe(ids.length);
  expect(ids).toHaveLength(31);
  // Replay returned its limit (the newest 25); each of those was applied once.
  const changed = log.changes.map((p) => p.new.id);
  expect(new Set(changed).size).toBe(changed.length);
});

test('a user without a read policy for the topic gets a permission error naming realtime.messages policies', async () => {
  const { manager: m } = managerFor(BOB);
  const list = await newList(); // only Alice has rows in it, so the default policy refuses Bob
  const handle = m.subscribe({ table: 'todos', topic: `todos:${list}` });
  await waitUntil(() => handle.getSnapshot().status === 'errored', 'the refusal');
  const { error } = handle.getSnapshot();
  expect(error).toMatchObject({ category: 'permission', retryable: false, code: 'Unauthorized' });
  expect(error!.technicalMessage).toMatch(/no SELECT policy on realtime\.messages admits this user to the topic/);
  expect(error!.technicalMessage).toContain(`topic: todos:${list}`);
  handle.unsubscribe();
});

test('option conflicts with `topic` throw RealtimeConfigError, from the manager and during render', async () => {
  const { manager: m } = managerFor(ALICE);
  const conflicts: [Record<string, unknown>, RegExp][] = [
    [{ channel: 'mine' }, /`topic` and `channel` cannot be combined/],
    [{ filter: 'id=eq.1' }, /`filter` does not apply with `topic`/],
    [{ private: false }, /always private/],
    [{ topic: '  ' }, /`topic` must be a non-empty string/],
  ];
  for (const [extra, message] of conflicts) {
    const spec = { table: 'todos', topic: 'todos:x', ...extra };
    expect(() => m.subscribe(spec)).toThrow(RealtimeConfigError);
    expect(() => m.subscribe(spec)).toThrow(message);
  }
  expect(m.getStats().channels).toEqual([]);

  function Bad() {
    useRealtimeSubscription({ table: 'todos', topic: 'todos:x', channel: 'mine' });
    return null;
  }
  const thrown: unknown[] = [];
  const onError = (event: ErrorEvent) => {
    thrown.push(event.error);
    event.preventDefault();
  };
  window.addEventListener('error', onError);
  try {
    expect(() =>
      render(
        <RealtimeProvider manager={m}>
          <Bad />
        </RealtimeProvider>,
      ),
    ).toThrow(RealtimeConfigError);
  } finally {
    window.removeEventListener('error', onError);
  }
});

test('development: a public useBroadcast on a Broadcast from Database event warns once, a private one does not', async () => {
  const { manager: m } = managerFor(ALICE);
  const list = await newList();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    function Listeners() {
      useBroadcast(`todos:${list}`, 'INSERT');
      useBroadcast(`todos:${list}`, 'INSERT');
      useBroadcast(`private-${list}`, 'UPDATE', undefined, { private: true });
      useBroadcast(`chat-${list}`, 'message');
      return null;
    }
    render(
      <RealtimeProvider manager={m}>
        <Listeners />
      </RealtimeProvider>,
    );
    await waitUntil(() => m.getStats().channels.length === 3, 'the three rooms');
    const ours = warn.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('[supabase-realtime-react]'));
    expect(ours).toEqual([expect.stringContaining(`useBroadcast("todos:${list}", "INSERT") joins a public channel`)]);
    expect(ours[0]).toContain(`useRealtimeSubscription({ table, topic: "todos:${list}" })`);
  } finally {
    warn.mockRestore();
  }
});
