import { useEffect, useState } from 'react';
import type { ConnectionHealth } from '../../src/index';

/** Seconds until `at`, ticking once a second while it is in the future. */
function useCountdown(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  if (at === null) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Milliseconds since `at` rounded to seconds, ticking. */
function useAge(at: number | null): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (at === null) return '—';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  return seconds === 0 ? 'just now' : `${seconds}s ago`;
}

/** The connection status as a coloured badge (`role="status"`, text = the status). */
export function StatusBadge({ status, label }: { status: ConnectionHealth['status']; label?: string }) {
  return (
    <span className="badge" role="status" aria-label={label ? `${label} connection` : 'connection'} data-status={status}>
      {status}
    </span>
  );
}

/**
 * Everything `useConnectionHealth()` reports, for a person watching recovery: status,
 * heartbeat latency, reconnect attempts, the next retry, the circuit breaker, channels,
 * the 0–100 score and how long ago the socket last heard from the server.
 */
export function HealthPanel({ health, title = 'Connection health' }: { health: ConnectionHealth; title?: string }) {
  const nextRetry = useCountdown(health.nextRetryAt);
  const lastHeard = useAge(health.lastMessageAt);
  const { channels } = health;
  return (
    <section className="card" aria-label={title}>
      <header>
        <h2>{title}</h2>
        <StatusBadge status={health.status} label={title} />
      </header>
      <dl className="stats">
        <dt>Latency</dt>
        <dd data-testid="latency">{health.latencyMs === null ? '—' : `${Math.round(health.latencyMs)} ms`}</dd>
        <dt>Attempts</dt>
        <dd data-testid="attempts">{health.reconnectAttempts}</dd>
        <dt>Next retry</dt>
        <dd data-testid="next-retry">{nextRetry === null ? '—' : `in ${nextRetry}s`}</dd>
        <dt>Circuit</dt>
        <dd data-testid="circuit">{health.circuit}</dd>
        <dt>Channels</dt>
        <dd data-testid="channels">
          {channels.joined}/{channels.total} joined
          {channels.joining > 0 ? `, ${channels.joining} joining` : ''}
          {channels.errored > 0 ? `, ${channels.errored} errored` : ''}
        </dd>
        <dt>Subscribers</dt>
        <dd data-testid="subscribers">{health.subscribers}</dd>
        <dt>Live</dt>
        <dd data-testid="live">{lastHeard}</dd>
        <dt>Last error</dt>
        <dd data-testid="last-error">{health.lastError ? `${health.lastError.category}: ${health.lastError.reason}` : '—'}</dd>
        <dt>Score</dt>
        <dd data-testid="score">{health.score}/100</dd>
      </dl>
      <div className="score" aria-hidden>
        <span style={{ width: `${health.score}%`, background: health.score > 70 ? '#30a46c' : health.score > 30 ? '#f5a623' : '#e5484d' }} />
      </div>
    </section>
  );
}
