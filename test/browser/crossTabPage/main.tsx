import { createClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { RealtimeProvider, useConnectionHealth, usePresence, useRealtimeManager, useRealtimeSubscription } from '../../../src/index';

/**
 * A page for the cross-tab browser tests and `npm run bench:tabs`: `?url=&key=` of the dev
 * server, `&crossTab=0` for a socket per tab, `&hiddenHandoverMs=`, `&presence=tab|user`. It
 * mounts 20 subscriptions on `todos` (5 distinct filters, each 4 times) and records, per
 * subscription, the ids whose changes it applied, plus the rows of one query refetched after a
 * gap. `&room=` also joins that presence channel (tracking `{ name }` with `&track=name`) and
 * records its members. `&email=&password=` signs in first (dev server GoTrue) and
 * `window.__signOut()` signs out; `&secrets=1` subscribes to the RLS-protected `secrets` table.
 */
const params = new URLSearchParams(location.search);
const supabase = createClient(params.get('url')!, params.get('key')!, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
});
const queryClient = new QueryClient();
const crossTab =
  params.get('crossTab') === '0'
    ? false
    : { hiddenHandoverMs: Number(params.get('hiddenHandoverMs') ?? 10_000), presence: (params.get('presence') ?? 'tab') as 'tab' | 'user' };

interface Recorded {
  events: number[][];
  eventTimes: Record<number, number>;
  rows: number[];
  role: string;
  tabs: number;
  /** Presence keys seen in `&room=`, each with its members' names. */
  members: Record<string, string[]>;
  secrets: number[];
  userId: string | null;
}
const recorded: Recorded = { events: Array.from({ length: 20 }, () => []), eventTimes: {}, rows: [], role: 'none', tabs: 0, members: {}, secrets: [], userId: null };
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
  const manager = useRealtimeManager();
  useEffect(() => {
    (window as unknown as { __stats: () => unknown }).__stats = () => manager.getStats();
  }, [manager]);
  const role = useConnectionHealth((h) => h.crossTab?.role ?? 'none');
  const tabs = useConnectionHealth((h) => h.crossTab?.tabs ?? 1);
  useEffect(() => {
    recorded.role = role;
    recorded.tabs = tabs;
  }, [role, tabs]);
  return <p data-role={role}>{role}</p>;
}

function Presence({ room, name }: { room: string; name: string | null }) {
  const { members } = usePresence<{ name: string }>(room, name === null ? undefined : { name });
  useEffect(() => {
    recorded.members = Object.fromEntries(Object.entries(members).map(([key, metas]) => [key, metas.map((meta) => meta.name)]));
  }, [members]);
  return <p data-members={Object.keys(members).length}>{Object.keys(members).length} members</p>;
}

function Secrets() {
  useRealtimeSubscription({
    table: 'secrets',
    event: 'INSERT',
    onChange: (payload) => recorded.secrets.push(Number((payload.new as { id?: number }).id)),
  });
  return null;
}

const room = params.get('room');
const email = params.get('email');
if (email) {
  const { error } = await supabase.auth.signInWithPassword({ email, password: params.get('password') ?? '' });
  if (error) throw error;
}
recorded.userId = (await supabase.auth.getSession()).data.session?.user.id ?? null;
supabase.auth.onAuthStateChange((_event, session) => {
  recorded.userId = session?.user.id ?? null;
});
(window as unknown as { __signOut: () => Promise<unknown> }).__signOut = () => supabase.auth.signOut();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <RealtimeProvider client={supabase} options={{ crossTab }}>
      <Role />
      <Rows />
      {params.get('secrets') === '1' && <Secrets />}
      {room && <Presence room={room} name={params.get('track')} />}
      {Array.from({ length: 20 }, (_, index) => (
        <Subscriber key={index} index={index} />
      ))}
    </RealtimeProvider>
  </QueryClientProvider>,
);
