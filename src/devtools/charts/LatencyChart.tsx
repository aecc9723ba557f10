import type { ManagerEvent } from '../../core/manager/realtimeManagerTypes';

const W = 600;
const H = 60;

/** Heartbeat round trips over the last `windowMs`, ms; the scale's top is labelled. */
export function LatencyChart({ events, now, windowMs }: { events: readonly ManagerEvent[]; now: number; windowMs: number }) {
  const start = now - windowMs;
  const beats = events.filter((e) => e.type === 'heartbeat' && e.at >= start && typeof e.detail.latencyMs === 'number');
  const values = beats.map((e) => e.detail.latencyMs as number);
  const max = Math.max(50, ...values);
  const points = beats.map((e, i) => `${(((e.at - start) / windowMs) * W).toFixed(1)},${(H - (values[i]! / max) * (H - 4) - 2).toFixed(1)}`).join(' ');
  const last = values.at(-1);
  const label = beats.length === 0 ? 'No heartbeats yet.' : `Heartbeat latency: ${beats.length} heartbeats, last ${String(last)} ms, highest ${Math.max(...values)} ms.`;
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" height={H}>
        <rect x="0" y="0" width={W} height={H} fill="var(--chip)" />
        <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="muted">{beats.length === 0 ? 'No heartbeats yet' : `top of scale ${max} ms · last ${String(last)} ms`}</figcaption>
    </figure>
  );
}
