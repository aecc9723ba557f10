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
  const { circuitOpen, base, latencyPenalty, channelPenalty, retryPenalty } = healthScoreParts(health);
  return circuitOpen ? 0 : clamp(Math.round(base - latencyPenalty - channelPenalty - retryPenalty), 0, 100);
}

/** The terms of the score above, unrounded (devtools show them). */
export function healthScoreParts(health: Omit<ConnectionHealth, 'score'>) {
  return {
    circuitOpen: health.circuit === 'open',
    base: BASE_BY_STATUS[health.status],
    latencyPenalty: health.latencyMs === null ? 0 : clamp((health.latencyMs - 200) / 20, 0, 30),
    channelPenalty: health.channels.total > 0 ? (40 * health.channels.errored) / health.channels.total : 0,
    retryPenalty: Math.min(20, 5 * health.reconnectAttempts),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
