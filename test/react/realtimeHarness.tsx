import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { SupabaseClient } from '@supabase/supabase-js';
import { render } from '@testing-library/react';
import {
  RealtimeProvider,
  createRealtimeManager,
  useRealtimeSubscription,
  type RealtimeEnvironment,
  type RealtimeManager,
  type RealtimeManagerOptions,
} from '../../src/index';
import type { ConnectionHealth } from '../../src/core/types';
import type { DevServer } from '../../src/devserver/types';

/** A controllable network: tests flip it offline/online like the browser's events would. */
export function createFakeNetwork() {
  let online = true;
  const listeners = new Set<(e: 'online' | 'offline' | 'visible' | 'hidden') => void>();
  const environment: Partial<RealtimeEnvironment> = {
    isOnline: () => online,
    isVisible: () => true,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // No jitter: every backoff delay is its ceiling, so an outage lasts at least `baseMs`.
    random: () => 1,
  };
  return {
    environment,
    listenerCount: () => listeners.size,
    setOnline(next: boolean) {
      online = next;
      for (const l of [...listeners]) l(next ? 'online' : 'offline');
    },
  };
}

/** Records every distinct value of a health field, in order. */
export function recordHealth<K extends keyof ConnectionHealth>(manager: RealtimeManager, key: K) {
  const seen: ConnectionHealth[K][] = [manager.health.getSnapshot()[key]];
  const unsubscribe = manager.health.subscribe(() => {
    const value = manager.health.getSnapshot()[key];
    if (seen[seen.length - 1] !== value) seen.push(value);
  });
  return { seen, unsubscribe };
}

export interface TodoApp {
  manager: RealtimeManager;
  queryClient: QueryClient;
  fetches: () => number;
  resubscribes: () => number;
  view: ReturnType<typeof render>;
}

/**
 * The app under test: a todo list fed by a query (read straight from the database) and kept
 * live by a subscription with `queryKey` (gap recovery) plus a second channel on `notes`.
 */
export function renderTodoApp(server: DevServer, client: SupabaseClient, options: RealtimeManagerOptions): TodoApp {
  const manager = createRealtimeManager(client, options);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  let fetches = 0;
  let resubscribes = 0;
  function Todos() {
    const { data } = useQuery({
      queryKey: ['todos'],
      queryFn: async () => {
        fetches++;
        const { rows } = await server.sql<{ title: string }>('select title from todos order by id');
        return rows.map((r) => r.title);
      },
    });
    const todos = useRealtimeSubscription({
      table: 'todos',
      event: 'INSERT',
      queryKey: ['todos'],
      onResubscribe: () => resubscribes++,
      onChange: (payload) =>
        queryClient.setQueryData<string[]>(['todos'], (old) => {
          const title = String(payload.new.title);
          return old?.includes(title) ? old : [...(old ?? []), title];
        }),
    });
    const notes = useRealtimeSubscription({ table: 'notes' });
    return (
      <div>
        <p data-testid="status">{`todos:${todos.status} notes:${notes.status}`}</p>
        <ul>{data?.map((t) => <li key={t}>{t}</li>)}</ul>
      </div>
    );
  }
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider manager={manager}>
        <Todos />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  return { manager, queryClient, view, fetches: () => fetches, resubscribes: () => resubscribes };
}
