/**
 * A write paused offline that `queryClient.clear()` removes: it settles as failed (onError,
 * onSettled), its optimistic layer is rolled back, and nothing reaches the database.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render } from '@testing-library/react';
import { useEffect } from 'react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { RealtimeProvider, useOptimisticMutation } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
let supabase: SupabaseClient;
beforeAll(async () => {
  server = await startTestServer({ schema: 'create table public.entries (id bigint generated always as identity primary key, body text not null);' });
  supabase = createTestClient(server);
});
afterEach(() => {
  cleanup();
  onlineManager.setOnline(true);
});
afterAll(async () => {
  await supabase?.removeAllChannels();
  await server?.close();
});

interface Entry { id: number; body: string }

test('a paused optimistic write removed by queryClient.clear() settles as failed and its layer goes away', async () => {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  let online = true;
  // Every part of the manager that listens (connection, auth retries) gets the events.
  const listeners = new Set<(event: 'online' | 'offline' | 'visible' | 'hidden') => void>();
  const emit = (event: 'online' | 'offline') => listeners.forEach((l) => l(event));
  const environment = {
    isOnline: () => online,
    subscribe: (listener: (event: 'online' | 'offline' | 'visible' | 'hidden') => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const errors: string[] = [];
  const settled: string[] = [];
  let hook!: ReturnType<typeof useOptimisticMutation<Entry[], string, Entry | null>>;
  function App() {
    const h = useOptimisticMutation({
      queryKey: ['entries'],
      mutationFn: (body: string) => supabase.from('entries').insert({ body }).select().single(),
      apply: (rows: Entry[] | undefined, body: string) => [...(rows ?? []), { id: -1, body }],
      onError: (error, _classification, body) => errors.push(`${body}: ${(error as Error).message}`),
      onSettled: (_result, _error, body) => settled.push(body),
    });
    useEffect(() => {
      hook = h;
    });
    return <p>{h.pendingCount}</p>;
  }
  render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={supabase} options={{ environment }}>
        <App />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  queryClient.setQueryData<Entry[]>(['entries'], []);
  online = false;
  act(() => emit('offline'));
  await waitUntil(() => !onlineManager.isOnline(), 'TanStack sees the app offline');
  act(() => hook.mutate('paused'));
  await waitUntil(() => queryClient.getMutationCache().getAll().some((m) => m.state.isPaused), 'the write is paused');
  expect(hook.pendingCount).toBe(1);
  expect(queryClient.getQueryData<Entry[]>(['entries'])).toEqual([{ id: -1, body: 'paused' }]);

  act(() => queryClient.clear());
  await waitUntil(() => hook.pendingCount === 0, 'the discarded write is no longer pending');
  expect(settled).toEqual(['paused']);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^paused: The write was discarded before it was sent/);
  // The layer is gone: the query is re-created empty, not with the discarded change.
  queryClient.setQueryData<Entry[]>(['entries'], []);
  expect(queryClient.getQueryData<Entry[]>(['entries'])).toEqual([]);

  online = true;
  act(() => emit('online'));
  await waitUntil(() => onlineManager.isOnline(), 'back online');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await server.sql('select count(*)::int as n from public.entries')).rows[0]).toEqual({ n: 0 });
});
