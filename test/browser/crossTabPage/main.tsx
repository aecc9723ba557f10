import { createClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { RealtimeProvider, useConnectionHealth, useRealtimeSubscription } from '../../../src/index';

/**
 * A page for the cross-tab browser tests and `npm run bench:tabs`: `?url=&key=` of the dev
 * server, `&crossTab=0` for a socket per tab, `&hiddenHandoverMs=`. It mounts 20 subscriptions
 * on `todos` (5 distinct filters, each 4 times) and records, per subscription, the ids whose
 * changes it applied, plus the rows of one query refetched after a gap.
 */
const params = new URLSearchParams(location.search);
const supabase = createClient(params.get('url')!, params.get('key')!, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
});
const queryClient = new QueryClient();
const crossTab = params.get('crossTab') === '0' ? false : { hiddenHandoverMs: Number(params.get('hiddenHandoverMs') ?? 10_000) };

interface Recorded {
  events: number[][];
  eventTimes: Record<number, number>;
  rows: number[];
  role: string;
  tabs: number;
}
const recorded: Recorded = { events: Array.from({ length: 20 }, () => []), eventTimes: {}, rows: [], role: 'none', tabs: 0 };
(window as unknown as { __crossTab: Recorded }).__crossTab = recorded;

function Subscriber({ index }: { index: number }) {
  useRealtimeSubscription({
    table: 'todos',
    filter: `priority=eq.${index % 5}`,
    queryKey: ['todos'],
    onChange: (payload) => {
      const id = Number((payload.new as { id?: number }).id);
      recorded.events[index]!.push(id);
      recorded.eventTimes[id] ??= Date.now();
    },
  });
  return null;
}

function Rows() {
  const { data } = useQuery({
    queryKey: ['todos'],
    queryFn: async () => (await supabase.from('todos').select('id').throwOnError()).data as Array<{ id: number }>,
  });
  const rows = (data ?? []).map((row) => row.id);
  useEffect(() => {
    recorded.rows = rows;
  });
  return <p data-rows={rows.join(',')}>{rows.length} rows</p>;
}

function Role() {
  const role = useConnectionHealth((h) => h.crossTab?.role ?? 'none');
  const tabs = useConnectionHealth((h) => h.crossTab?.tabs ?? 1);
  useEffect(() => {
    recorded.role = role;
    recorded.tabs = tabs;
  }, [role, tabs]);
  return <p data-role={role}>{role}</p>;
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <RealtimeProvider client={supabase} options={{ crossTab }}>
      <Role />
      <Rows />
      {Array.from({ length: 20 }, (_, index) => (
        <Subscriber key={index} index={index} />
      ))}
    </RealtimeProvider>
  </QueryClientProvider>,
);
