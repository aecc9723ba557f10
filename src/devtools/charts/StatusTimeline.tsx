import type { ManagerEvent } from '../../core/manager/realtimeManagerTypes';

const STATUS_COLOUR: Record<string, string> = {
  connected: 'var(--ok)',
  connecting: 'var(--warn)',
  reconnecting: 'var(--warn)',
  offline: 'var(--muted)',
  disconnected: 'var(--bad)',
  initial: 'var(--line)',
};

const W = 600;
const H = 34;

/**
 * The connection's status over the last `windowMs` as coloured bands, with faults (red ticks)
 * and reconnects (blue dots) marked. Each mark has a title, and the figure's label sums it up.
 */
export function StatusTimeline({ events, now, windowMs }: { events: readonly ManagerEvent[]; now: number; windowMs: number }) {
  const start = now - windowMs;
  const x = (at: number) => ((Math.max(at, start) - start) / windowMs) * W;
  const statuses = events.filter((e) => e.type === 'status');
  const bands = statuses
    .map((e, i) => ({ status: String(e.detail.to), from: e.at, to: statuses[i + 1]?.at ?? now }))
    .filter((band) => band.to >= start);
  const faults = events.filter((e) => e.type === 'fault' && e.at >= start);
  const reconnects = events.filter((e) => e.type === 'reconnect' && e.at >= start);
  const label = `Connection status over the last ${Math.round(windowMs / 60_000)} minutes: ${faults.length} faults, ${reconnects.length} reconnects.`;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" height={H} data-testid="status-timeline">
      <rect x="0" y="8" width={W} height="16" fill="var(--chip)" />
      {bands.map((band) => (
        <rect key={band.from} x={x(band.from)} y="8" width={Math.max(1, x(band.to) - x(band.from))} height="16" fill={STATUS_COLOUR[band.status] ?? 'var(--line)'}>
          <title>{`${band.status} from ${time(band.from)}`}</title>
        </rect>
      ))}
      {faults.map((fault) => (
        <g key={`f${fault.at}${String(fault.detail.code)}`} data-testid="timeline-fault" data-code={String(fault.detail.code ?? '')}>
          <title>{`fault ${String(fault.detail.code ?? '')} at ${time(fault.at)}: ${String(fault.detail.message ?? '')}`}</title>
          <rect x={x(fault.at) - 1} y="2" width="3" height="30" fill="var(--bad)" />
        </g>
      ))}
      {reconnects.map((r) => (
        <circle key={`r${r.at}`} cx={x(r.at)} cy="16" r="4" fill="var(--accent)" data-testid="timeline-reconnect">
          <title>{`reconnected at ${time(r.at)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

export function time(at: number): string {
  return new Date(at).toLocaleTimeString();
}
