import type { SupabaseClient } from '@supabase/supabase-js';
import { onlineManager, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyError, RealtimeProvider, useOptimisticMutation, useRealtimeSubscription } from '../../src/index';
import type { ConflictStrategy } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';

const SCHEMA = /* sql */ `
create table public.items (
  id bigint primary key,
  title text not null unique,
  done boolean not null default false,
  version int not null default 1
);
create function public.bump_version() returns trigger language plpgsql as $$
begin new.version := old.version + 1; return new; end $$;
create trigger items_version before update on public.items for each row execute function public.bump_version();
create table public.entries (
  id bigint generated always as identity primary key,
  body text not null
);
`;

interface Item { id: number; title: string; done: boolean; version: number }
interface Entry { id: number; body: string }

let server: DevServer;
/** A fresh client per test: each test mounts its own provider, and supabase-js shares channels per client. */
let supabase: SupabaseClient;

beforeAll(async () => {
  server = await startTestServer({ schema: SCHEMA });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  supabase = createTestClient(server);
  await server.sql("truncate public.items; insert into public.items (id, title) values (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
});
afterEach(async () => {
  cleanup();
  onlineManager.setOnline(true);
  await supabase.removeAllChannels();
});

const fetchItems = async (): Promise<Item[]> => {
  const { data, error } = await supabase.from('items').select('*').order('id');
  if (error) throw error;
  return data as Item[];
};

const updateItem = async (v: { id: number } & Partial<Item>): Promise<Item> => {
  const { id, ...patch } = v;
  const { data, error } = await supabase.from('items').update(patch).eq('id', id).select().single();
  if (error) throw error;
  return data as Item;
};

const patchItems = (rows: Item[], v: { id: number } & Partial<Item>): Item[] => rows.map((r) => (r.id === v.id ? { ...r, ...v } : r));

/** How apps write realtime echoes into the cache: an upsert by primary key over the current data. */
function useItemEchoes(queryClient: QueryClient, intercept?: (apply: () => void) => void) {
  return useRealtimeSubscription({
    table: 'items',
    onChange: (payload) => {
      const row = payload.new as unknown as Item;
      const apply = () => queryClient.setQueryData<Item[]>(['items'], (old) => old?.map((r) => (r.id === row.id ? row : r)));
      if (payload.eventType === 'UPDATE') (intercept ?? ((f) => f()))(apply);
    },
  });
}

function wrapper(queryClient: QueryClient, environment?: Record<string, unknown>) {
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={supabase} options={environment ? { environment } : undefined}>
        {children}
      </RealtimeProvider>
    </QueryClientProvider>
  );
}

const newQueryClient = () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useOptimisticMutation against the dev server', () => {
  it('shows the change in the first render after mutate; a unique violation rolls back exactly and is not retried', async () => {
    const queryClient = newQueryClient();
    const renders: { clicks: number; titles: string }[] = [];
    let calls = 0;
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number; title: string }, Item>>;

    function App() {
      const [clicks, setClicks] = useState(0);
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const h = useOptimisticMutation({
        queryKey: ['items'],
        mutationFn: (v: { id: number; title: string }) => {
          calls++;
          return updateItem(v);
        },
        apply: patchItems,
      });
      useEffect(() => {
        hook = h;
      });
      renders.push({ clicks, titles: items.data?.map((i) => i.title).join(',') ?? '' });
      return <button onClick={() => { setClicks((c) => c + 1); h.mutate({ id: 1, title: 'beta' }); }}>rename</button>;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await waitFor(() => expect(renders.at(-1)!.titles).toBe('alpha,beta,gamma'));
    const before = queryClient.getQueryData<Item[]>(['items']);

    act(() => fireEvent.click(screen.getByText('rename')));
    expect(renders.find((r) => r.clicks === 1)!.titles).toBe('beta,beta,gamma');

    await waitFor(() => expect(hook.isError).toBe(true));
    expect(queryClient.getQueryData(['items'])).toEqual(before);
    expect(hook.classification).toMatchObject({ category: 'constraint', action: 'fix-data', code: '23505', retryable: false });
    expect(calls).toBe(1);
    expect(hook.failureCount).toBe(1);
    expect(hook.pendingCount).toBe(0);
    expect(renders.at(-1)!.titles).toBe('alpha,beta,gamma');
  });

  it('retries a transient failure with backoff, keeping the change visible throughout', async () => {
    const queryClient = newQueryClient();
    const titles: string[] = [];
    let calls = 0;
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number; title: string }, Item>>;
    function App() {
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const h = useOptimisticMutation({
        queryKey: ['items'],
        retryBackoff: { baseMs: 20 },
        mutationFn: async (v: { id: number; title: string }) => {
          calls++;
          if (calls <= 2) throw new TypeError('fetch failed'); // the network drops twice
          return updateItem(v);
        },
        apply: patchItems,
      });
      useEffect(() => {
        hook = h;
      });
      const title = items.data?.[0]?.title;
      if (title !== undefined && titles.at(-1) !== title) titles.push(title);
      return null;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await waitFor(() => expect(titles).toEqual(['alpha']));
    act(() => hook.mutate({ id: 1, title: 'retried' }));
    await waitFor(() => expect(hook.isSuccess).toBe(true));
    expect(calls).toBe(3);
    expect(titles).toEqual(['alpha', 'retried']);
    expect((await server.sql('select title from public.items where id = 1')).rows[0]).toEqual({ title: 'retried' });
  });

  it('a refetch while a write is pending keeps the change on top of the fresh data; a failure then rolls back to it', async () => {
    const queryClient = newQueryClient();
    const gate = deferred();
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number; title: string }, Item>>;
    function App() {
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const h = useOptimisticMutation({
        queryKey: ['items'],
        mutationFn: async (v: { id: number; title: string }) => {
          await gate.promise;
          return updateItem(v);
        },
        apply: patchItems,
      });
      useEffect(() => {
        hook = h;
      });
      return <p>{items.data?.map((i) => i.title).join(',')}</p>;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await screen.findByText('alpha,beta,gamma');
    act(() => hook.mutate({ id: 1, title: 'gamma' })); // will violate the unique constraint
    screen.getByText('gamma,beta,gamma');

    // Someone else inserts a row; a refetch (e.g. gap recovery) brings it in.
    await server.sql("insert into public.items (id, title) values (4, 'delta')");
    await act(() => queryClient.invalidateQueries({ queryKey: ['items'] }));
    await screen.findByText('gamma,beta,gamma,delta');

    gate.resolve();
    await screen.findByText('alpha,beta,gamma,delta');
    await waitFor(() => expect(hook.classification).toMatchObject({ category: 'constraint', constraint: 'items_title_key' }));
  });

  it('three concurrent mutations, the middle one failing: the other two stay applied', async () => {
    const queryClient = newQueryClient();
    const gate = deferred();
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number } & Partial<Item>, Item>>;
    const failures: string[] = [];
    function App() {
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const h = useOptimisticMutation({
        queryKey: ['items'],
        serial: false,
        mutationFn: async (v: { id: number } & Partial<Item>) => {
          await gate.promise;
          return updateItem(v);
        },
        apply: patchItems,
        onError: (_e, c) => failures.push(c.category),
      });
      useEffect(() => {
        hook = h;
      });
      return <p>{items.data?.map((i) => `${i.title}${i.done ? '✓' : ''}`).join(',')}</p>;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await screen.findByText('alpha,beta,gamma');

    act(() => {
      hook.mutate({ id: 1, title: 'one' });
      hook.mutate({ id: 2, title: 'gamma' }); // unique violation
      hook.mutate({ id: 3, done: true });
    });
    screen.getByText('one,gamma,gamma✓');
    expect(hook.pendingCount).toBe(3);
    gate.resolve();

    await waitFor(() => expect(hook.pendingCount).toBe(0));
    screen.getByText('one,beta,gamma✓');
    expect(failures).toEqual(['constraint']);
    const db = await server.sql<{ title: string; done: boolean }>('select title, done from public.items order by id');
    expect(db.rows).toEqual([{ title: 'one', done: false }, { title: 'beta', done: false }, { title: 'gamma', done: true }]);
  });

  it.each(['echo-before-response', 'echo-after-response'] as const)('%s: every rendered value appears once, in order, never the old one again', async (order) => {
    const queryClient = newQueryClient();
    const seen: string[] = [];
    const echoApplied = deferred();
    const held: (() => void)[] = [];
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number; title: string }, Item>>;
    function App() {
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const sub = useItemEchoes(queryClient, (apply) => {
        if (order === 'echo-after-response') held.push(apply); // delivered by the test once the response is in
        else {
          apply();
          echoApplied.resolve();
        }
      });
      const h = useOptimisticMutation({
        queryKey: ['items'],
        mutationFn: async (v: { id: number; title: string }) => {
          const row = await updateItem(v);
          if (order === 'echo-before-response') await echoApplied.promise; // the echo lands first
          return row;
        },
        apply: patchItems,
      });
      useEffect(() => {
        hook = h;
      });
      const title = items.data?.[0]?.title;
      if (title !== undefined && seen.at(-1) !== title) seen.push(title);
      return <p>{sub.status}</p>;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await screen.findByText('joined', undefined, { timeout: 5000 });

    await act(async () => {
      await hook.mutateAsync({ id: 1, title: 'renamed' });
    });
    if (order === 'echo-after-response') {
      await waitFor(() => expect(held.length).toBe(1));
      act(() => held.forEach((f) => f()));
    } else {
      await echoApplied.promise;
    }
    await waitFor(() => expect(queryClient.getQueryData<Item[]>(['items'])![0]).toEqual({ id: 1, title: 'renamed', done: false, version: 2 }));
    expect(seen).toEqual(['alpha', 'renamed']);
    expect(hook.pendingCount).toBe(0);
  });

  const conflictCases: [string, ConflictStrategy<Item>, Partial<Item>][] = [
    ['merge', 'merge', { title: 'theirs', done: true }],
    ['server-wins', 'server-wins', { title: 'theirs', done: true }],
    ['client-wins', 'client-wins', { title: 'mine', done: true }],
    ['a function', (local, server) => ({ ...server, title: `${local.title}+${server.title}` }), { title: 'mine+theirs', done: true }],
  ];
  it.each(conflictCases)('another client writes the same row concurrently: %s', async (_name, conflict, whilePending) => {
    const queryClient = newQueryClient();
    const gate = deferred();
    let hook!: ReturnType<typeof useOptimisticMutation<Item[], { id: number; title: string }, Item>>;
    function App() {
      const items = useQuery({ queryKey: ['items'], queryFn: fetchItems });
      const sub = useItemEchoes(queryClient);
      const h = useOptimisticMutation({
        queryKey: ['items'],
        conflict,
        mutationFn: async (v: { id: number; title: string }) => {
          await gate.promise;
          return updateItem(v);
        },
        apply: patchItems,
      });
      useEffect(() => {
        hook = h;
      });
      const first = items.data?.[0];
      return <p>{sub.status}:{first ? `${first.title}/${first.done}` : ''}</p>;
    }
    render(<App />, { wrapper: wrapper(queryClient) });
    await screen.findByText('joined:alpha/false', undefined, { timeout: 5000 });

    act(() => hook.mutate({ id: 1, title: 'mine' }));
    screen.getByText('joined:mine/false');
    // Someone else changes the title and the done flag of the same row.
    const other = createTestClient(server);
    await other.from('items').update({ title: 'theirs', done: true }).eq('id', 1);
    await screen.findByText(`joined:${whilePending.title}/${whilePending.done}`, undefined, { timeout: 5000 });

    gate.resolve();
    await waitFor(() => expect(hook.pendingCount).toBe(0));
    // Once settled the cache holds what the database holds: our write landed last.
    await screen.findByText('joined:mine/true', undefined, { timeout: 5000 });
    const db = await server.sql('select title, done from public.items where id = 1');
    expect(db.rows[0]).toEqual({ title: 'mine', done: true });
  });

  it('offline: three mutations are paused, kept, and reach the database in order when the connection returns', async () => {
    await server.sql('truncate public.entries restart identity');
    const queryClient = newQueryClient();
    let online = true;
    const listeners = new Set<(event: 'online' | 'offline' | 'visible' | 'hidden') => void>();
    const emit = (event: 'online' | 'offline') => listeners.forEach((l) => l(event));
    const environment = {
      isOnline: () => online,
      // Every part of the manager that listens (connection, auth retries) gets the events.
      subscribe: (listener: (event: 'online' | 'offline' | 'visible' | 'hidden') => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    let hook!: ReturnType<typeof useOptimisticMutation<Entry[], string, Entry | null>>;
    function App() {
      const entries = useQuery({
        queryKey: ['entries'],
        queryFn: async () => (await supabase.from('entries').select('*').order('id')).data as Entry[],
      });
      const h = useOptimisticMutation({
        queryKey: ['entries'],
        mutationFn: (body: string) => supabase.from('entries').insert({ body }).select().single(),
        apply: (rows: Entry[], body: string) => [...rows, { id: -rows.length - 1, body }],
      });
      useEffect(() => {
        hook = h;
      });
      return <p>{`[${entries.data?.map((e) => e.body).join(',') ?? ''}]`}</p>;
    }
    render(<App />, { wrapper: wrapper(queryClient, environment) });
    await screen.findByText('[]');

    online = false;
    act(() => emit('offline'));
    await waitFor(() => expect(onlineManager.isOnline()).toBe(false));
    act(() => {
      hook.mutate('first');
      hook.mutate('second');
      hook.mutate('third');
    });
    screen.getByText('[first,second,third]');
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.sql('select count(*)::int as n from public.entries')).rows[0]).toEqual({ n: 0 });
    expect(hook.pendingCount).toBe(3);
    expect(queryClient.getMutationCache().getAll().filter((m) => m.state.isPaused)).toHaveLength(3);

    online = true;
    act(() => emit('online'));
    await waitFor(() => expect(hook.pendingCount).toBe(0), { timeout: 10_000 });
    const db = await server.sql<{ body: string }>('select body from public.entries order by id');
    expect(db.rows.map((r) => r.body)).toEqual(['first', 'second', 'third']);
    screen.getByText('[first,second,third]');
    expect(queryClient.getQueryData<Entry[]>(['entries'])!.every((e) => e.id > 0)).toBe(true);
  });

  it('unmounting while the provider reports offline hands onlineManager back', async () => {
    const listeners = new Set<(event: 'online' | 'offline' | 'visible' | 'hidden') => void>();
    const emit = (event: 'online' | 'offline') => listeners.forEach((l) => l(event));
    let online = true;
    const environment = {
      isOnline: () => online,
      // Every part of the manager that listens (connection, auth retries) gets the events.
      subscribe: (listener: (event: 'online' | 'offline' | 'visible' | 'hidden') => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    function App() {
      useOptimisticMutation({ queryKey: ['x'], mutationFn: async () => null, apply: (x: unknown) => x });
      return null;
    }
    render(<App />, { wrapper: wrapper(newQueryClient(), environment) });
    online = false;
    act(() => emit('offline'));
    await waitFor(() => expect(onlineManager.isOnline()).toBe(false));
    cleanup();
    expect(onlineManager.isOnline()).toBe(true);
  });

  it('rejects bad options with a clear typed error', () => {
    const queryClient = newQueryClient();
    function Bad() {
      useOptimisticMutation({ mutationFn: async () => 1, apply: (x: unknown) => x } as never);
      return null;
    }
    let caught: unknown;
    const onError = (e: ErrorEvent) => e.preventDefault();
    window.addEventListener('error', onError);
    try {
      render(<Bad />, { wrapper: wrapper(queryClient) });
    } catch (e) {
      caught = e;
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(caught).toMatchObject({ name: 'OptimisticOptionsError', code: 'invalid-mutation-options' });
    expect(String((caught as Error).message)).toMatch(/exactly one of `queryKey`/);
    expect(classifyError(caught)).toMatchObject({ category: 'query', retryable: false });
  });
});
