import { useEffect, useState } from 'react';
import { useRealtimeManager, useRealtimeSubscription } from '../../src/index';
import { fetchServerStats } from '../demoBackend';
import { useSupabase } from './DemoClient';

/** One of many components subscribed to the same rows; counts the events it received. */
function Subscriber({ index, listId, channel }: { index: number; listId: string; channel: string }) {
  const [events, setEvents] = useState(0);
  const { status } = useRealtimeSubscription({
    table: 'todos',
    filter: `list_id=eq.${listId}`,
    channel,
    label: `subscriber ${index}`,
    onChange: () => setEvents((n) => n + 1),
  });
  return (
    <div data-testid="subscriber" data-status={status} title={`#${index}: ${status}`} style={status === 'joined' ? undefined : { background: '#fff4e0', color: '#ad5700' }}>
      {events}
    </div>
  );
}

interface Counts {
  managerChannels: number;
  managerSubscribers: number;
  serverJoins: number | null;
  topicSockets: number | null;
}

/**
 * `count` components each calling `useRealtimeSubscription` with the same table and filter.
 * The panel shows what that costs: channels in this client's manager, and the joins the
 * dev server received since the demo mounted (`GET /__devserver/stats`).
 */
export function SharedSubscribers({ count, listId, baselineJoins }: { count: number; listId: string; baselineJoins: number | null }) {
  const manager = useRealtimeManager();
  const supabase = useSupabase();
  const channel = `shared-${listId}`;
  const [counts, setCounts] = useState<Counts | null>(null);

  useEffect(() => {
    let cancelled = false;
    async function poll() {
      const stats = manager.getStats();
      const server = await fetchServerStats().catch(() => null);
      if (cancelled) return;
      setCounts({
        managerChannels: stats.channels.length,
        managerSubscribers: stats.subscribers,
        serverJoins: server && baselineJoins !== null ? server.joins - baselineJoins : null,
        topicSockets: server ? (server.channels.find((c) => c.topic.endsWith(channel))?.subscribers ?? 0) : null,
      });
    }
    void poll();
    const timer = setInterval(() => void poll(), 500);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [manager, baselineJoins, channel]);

  return (
    <section className="card" aria-label="Shared subscription">
      <header>
        <h2>{count} components, one subscription</h2>
        {/* supabase-js builders are lazy: the request is sent when the promise is consumed. */}
        <button type="button" onClick={() => void supabase.from('todos').insert({ list_id: listId, title: `Row ${Date.now()}` }).then()}>
          Insert a row
        </button>
      </header>
      <dl className="stats">
        <dt>Channels in this client</dt>
        <dd data-testid="manager-channels">{counts?.managerChannels ?? '…'}</dd>
        <dt>Subscribers on them</dt>
        <dd data-testid="manager-subscribers">{counts?.managerSubscribers ?? '…'}</dd>
        <dt>Joins the server received</dt>
        <dd data-testid="server-joins">{counts?.serverJoins ?? '—'}</dd>
        <dt>Sockets joined to the topic</dt>
        <dd data-testid="topic-sockets">{counts?.topicSockets ?? '—'}</dd>
      </dl>
      <p className="muted">Each cell is one component; its number is the change events it received.</p>
      <div className="grid100">
        {Array.from({ length: count }, (_, index) => (
          <Subscriber key={index} index={index} listId={listId} channel={channel} />
        ))}
      </div>
    </section>
  );
}
