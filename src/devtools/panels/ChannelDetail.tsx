import { useState } from 'react';
import type { ManagerEvent, RealtimeManager } from '../../core/manager/realtimeManagerTypes';
import type { ChannelStats } from '../../core/types';
import { time } from '../charts/StatusTimeline';

/** How many payloads the detail view shows. */
const SHOWN = 10;

/** One channel: its recent payloads (already redacted by the event log) and "Leave". */
export function ChannelDetail({ topic, events, manager, state }: { topic: string; events: readonly ManagerEvent[]; manager: RealtimeManager; state: ChannelStats['state'] }) {
  const [error, setError] = useState<string | null>(null);
  const own = events.filter((e) => e.topic === topic);
  const payloads = own.filter((e) => e.type === 'payload').slice(-SHOWN).reverse();
  const history = own.filter((e) => e.type !== 'payload').slice(-8).reverse();
  function leave() {
    try {
      manager.leaveChannel(topic);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <section className="card" aria-label={`Channel ${topic}`} style={{ marginTop: 10 }}>
      <h3>{topic}</h3>
      <div className="actions" style={{ marginBottom: 6 }}>
        <button type="button" onClick={leave} disabled={state !== 'joined'}>
          Leave channel
        </button>
        <span className="muted">Left like a server close: the manager rejoins it after a backoff (Reconnect rejoins one it gave up on).</span>
      </div>
      {error && <p className="bad" role="alert">{error}</p>}
      <div className="grid">
        <div>
          <h3>Recent payloads (tokens redacted)</h3>
          {payloads.length === 0 ? (
            <p className="muted">None since the panel opened (payloads are sampled only while it is open).</p>
          ) : (
            payloads.map((p, i) => (
              <div key={`${p.at}-${i}`}>
                <span className="muted">{time(p.at)}</span>
                <pre>{JSON.stringify(p.detail.payload, null, 1)}</pre>
              </div>
            ))
          )}
        </div>
        <div>
          <h3>History</h3>
          <ul className="plain">
            {history.map((e, i) => (
              <li key={`${e.at}${i}`}>
                <span className="muted">{time(e.at)}</span> {e.type} {JSON.stringify(e.detail)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
