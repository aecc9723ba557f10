import type { ConnectionHealth } from './types';

const BASE_BY_STATUS: Record<ConnectionHealth['status'], number> = {
  connected: 100,
  connecting: 50,
  reconnecting: 30,
  initial: 0,
  disconnected: 0,
  offline: 0,
  'needs-auth': 0,
};

/**
 * The 0–100 health score:
 *
 * ```
 * score = clamp(0, 100, round(base(status) − latencyPenalty − channelPenalty − retryPenalty))
 * base:           connected 100, connecting 50, reconnecting 30, initial/disconnected/offline/needs-auth 0
 * latencyPenalty: clamp(0, 30, (latencyMs − 200) / 20)     (none without a measurement)
 * channelPenalty: 40 × errored / total channels            (none without channels)
 * retryPenalty:   min(20, 5 × reconnectAttempts)
 * ```
 * An open circuit scores 0.
 */
export function computeHealthScore(health: Omit<ConnectionHealth, 'score'>): number {
  if (health.circuit === 'open') return 0;
  const base = BASE_BY_STATUS[health.status];
  const latencyPenalty = health.latencyMs === null ? 0 : clamp((health.latencyMs - 200) / 20, 0, 30);
  const channelPenalty = health.channels.total > 0 ? (40 * health.channels.errored) / health.channels.total : 0;
  const retryPenalty = Math.min(20, 5 * health.reconnectAttempts);
  return clamp(Math.round(base - latencyPenalty - channelPenalty - retryPenalty), 0, 100);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
