import { healthScoreParts } from '../../core/healthScore';
import { LatencyChart } from '../charts/LatencyChart';
import { StatusTimeline, time } from '../charts/StatusTimeline';
import type { DevtoolsData } from '../useDevtoolsData';

/** What the timeline and latency chart cover. */
const WINDOW_MS = 5 * 60_000;

/** The socket: status, circuit, score and its parts, retries, and the last minutes drawn. */
export function ConnectionPanel({ data }: { data: DevtoolsData }) {
  const { health, events, now } = data;
  const parts = healthScoreParts(health);
  const faults = events.filter((e) => e.type === 'fault').slice(-5).reverse();
  const retryIn = health.nextRetryAt === null ? null : Math.max(0, Math.ceil((health.nextRetryAt - now) / 1000));
  return (
    <div className="grid">
      <section className="card" aria-label="Connection state">
        <h3>Connection</h3>
        <dl>
          <dt>Status</dt>
          <dd data-testid="devtools-status" data-status={health.status} className={health.status === 'connected' ? 'ok' : 'warn'}>
            {health.status}
          </dd>
          <dt>Circuit</dt>
          <dd className={health.circuit === 'closed' ? '' : 'bad'}>{health.circuit}</dd>
          <dt>Attempts</dt>
          <dd>{health.reconnectAttempts}</dd>
          <dt>Next retry</dt>
          <dd>{retryIn === null ? '—' : `in ${retryIn} s`}</dd>
          <dt>Reconnects</dt>
          <dd>{data.stats.reconnects}</dd>
          <dt>Latency</dt>
          <dd>{health.latencyMs === null ? '—' : `${health.latencyMs} ms`}</dd>
        </dl>
      </section>
      <section className="card" aria-label="Health score">
        <h3>Score {health.score}/100</h3>
        {parts.circuitOpen ? (
          <p className="bad">The circuit is open: the score is 0 until the next probe.</p>
        ) : (
          <dl>
            <dt>Base ({health.status})</dt>
            <dd>{parts.base}</dd>
            <dt>Latency penalty</dt>
            <dd>−{round(parts.latencyPenalty)}</dd>
            <dt>Errored channels</dt>
            <dd>−{round(parts.channelPenalty)}</dd>
            <dt>Retries</dt>
            <dd>−{round(parts.retryPenalty)}</dd>
          </dl>
        )}
      </section>
      <section className="card" aria-label="Status timeline" style={{ gridColumn: '1 / -1' }}>
        <h3>Last 5 minutes</h3>
        <StatusTimeline events={events} now={now} windowMs={WINDOW_MS} />
        <p className="muted">Green connected · amber connecting · grey offline · red disconnected · red ticks faults · blue dots reconnects</p>
        <LatencyChart events={events} now={now} windowMs={WINDOW_MS} />
      </section>
      <section className="card" aria-label="Recent faults" style={{ gridColumn: '1 / -1' }}>
        <h3>Recent faults</h3>
        {faults.length === 0 ? (
          <p className="muted">None so far.</p>
        ) : (
          <ul className="plain">
            {faults.map((f) => (
              <li key={`${f.at}${String(f.detail.code)}`}>
                <span className="bad">{String(f.detail.code ?? f.detail.category)}</span> {time(f.at)} — {String(f.detail.message ?? '')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
