import type { ConnectionHealth, PostgresChangeEvent, SubscriptionState } from '../core/types';

/**
 * Messages between the tabs of one cross-tab group, sent over one BroadcastChannel. Every tab
 * receives every message (BroadcastChannel has no addressing), so replies carry `to`.
 * Nothing here ever carries a token: followers send subscription specs, the leader sends
 * events, states and health.
 */

/** The serialisable part of a `postgres_changes` subscription (callbacks stay in their tab). */
export interface RemotePostgresSpec {
  schema?: string;
  table: string;
  event?: PostgresChangeEvent;
  filter?: string;
  channel?: string;
  private?: boolean;
  label?: string;
}

/** What one follower asks the leader to hold for it; `id` is unique within that tab. */
export type RemoteRequest =
  | { kind: 'postgres'; spec: RemotePostgresSpec }
  | { kind: 'broadcast'; channel: string; event: string; private?: boolean }
  | { kind: 'presence'; channel: string; state?: Record<string, unknown>; private?: boolean };

export type TabMessage =
  /** Every tab, every heartbeat interval: alive, visible, and whether it leads. */
  | { t: 'beat'; from: string; visible: boolean; leader: boolean; since?: number }
  /** The tab is going away (pagehide): forget it now rather than after missed beats. */
  | { t: 'bye'; from: string }
  /** A follower → the leader: hold this request for me (idempotent per from + id). */
  | { t: 'attach'; from: string; id: number; request: RemoteRequest }
  | { t: 'detach'; from: string; id: number }
  /** A follower → the leader: broadcast send or presence track on an attached request. */
  | { t: 'send'; from: string; id: number; call: number; payload: unknown }
  | { t: 'track'; from: string; id: number; call: number; state: Record<string, unknown> | null }
  /** The leader → one follower: the answer to `send`/`track`. */
  | { t: 'result'; to: string; call: number; result: 'ok' | 'error' | 'timed out' }
  /** The leader → one follower, per attached request. */
  | { t: 'state'; to: string; id: number; state: SubscriptionState }
  | { t: 'event'; to: string; id: number; payload: unknown }
  | { t: 'gap'; to: string; id: number }
  | { t: 'members'; to: string; id: number; members: Record<string, unknown[]> }
  /** The leader → everyone: its connection's health. */
  | { t: 'health'; from: string; health: ConnectionHealth }
  /** The leader → one tab: take over with `steal` (the leader was hidden too long). */
  | { t: 'yield'; from: string; to: string };
