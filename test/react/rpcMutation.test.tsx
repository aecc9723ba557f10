import type { SupabaseClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useRpcMutation } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';

const SCHEMA = /* sql */ `
create table public.counters (name text primary key, value int not null);
insert into public.counters values ('hits', 0);
create sequence public.calls;
-- Deadlocks on its first p_failures calls (sequences survive the rollback), then increments.
create function public.bump(p_failures int) returns int language plpgsql as $$
declare n int := nextval('public.calls');
begin
  if n <= p_failures then raise exception 'deadlock detected' using errcode = '40P01'; end if;
  update public.counters set value = value + 1 where name = 'hits';
  return n;
end $$;
`;

let server: DevServer;
let supabase: SupabaseClient;
beforeAll(async () => {
  server = await startTestServer({ schema: SCHEMA });
  supabase = createTestClient(server);
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => cleanup());

describe('useRpcMutation', () => {
  it('retries a deadlocking function and invalidates the given queries on success', async () => {
    await server.sql('alter sequence public.calls restart with 1');
    const queryClient = new QueryClient();
    let hook!: ReturnType<typeof useRpcMutation<number, { p_failures: number }>>;
    function App() {
      const hits = useQuery({
        queryKey: ['hits'],
        queryFn: async () => (await supabase.from('counters').select('value').eq('name', 'hits').single()).data!.value as number,
      });
      hook = useRpcMutation<number, { p_failures: number }>({ client: supabase, fn: 'bump', rpc: { baseMs: 5 }, invalidate: [['hits']] });
      return <p>hits:{hits.data ?? '-'}</p>;
    }
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    render(<App />, { wrapper });
    await screen.findByText('hits:0');
    await act(async () => {
      await expect(hook.mutateAsync({ p_failures: 2 })).resolves.toBe(3);
    });
    await screen.findByText('hits:1');
  });

  it('stops at the attempt limit with a transaction classification', async () => {
    await server.sql("alter sequence public.calls restart with 1; update public.counters set value = 0");
    const queryClient = new QueryClient();
    let hook!: ReturnType<typeof useRpcMutation<number, { p_failures: number }>>;
    function App() {
      hook = useRpcMutation<number, { p_failures: number }>({ client: supabase, fn: 'bump', rpc: { baseMs: 5, maxAttempts: 4 } });
      return null;
    }
    render(<App />, { wrapper: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider> });
    act(() => hook.mutate({ p_failures: 100 }));
    await waitFor(() => expect(hook.isError).toBe(true));
    expect(hook.error).toMatchObject({ name: 'RpcError', attempts: 4 });
    expect(hook.classification).toMatchObject({ category: 'transaction', code: '40P01' });
    expect((await server.sql('select value from public.counters')).rows[0]).toEqual({ value: 0 });
  });
});
