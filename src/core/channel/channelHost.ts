import type { SupabaseClient } from '@supabase/supabase-js';
import type { ChannelSubscriber } from '../sharedChannelTypes';
import type { ErrorClassification } from '../types';

/**
 * What a shared channel needs from its manager. Generic over the channel so the files under
 * channel/ need not import SharedChannel, which imports them; sharedChannel.ts exports it as
 * `ChannelHost` for SharedChannel.
 */
export interface ChannelHost<Channel> {
  readonly client: SupabaseClient;
  isSocketOpen(): boolean;
  /** Ask for the socket (the connection machine decides when). */
  ensureConnected(): void;
  now(): number;
  /** A channel's state changed (health counts). */
  channelChanged(channel: Channel): void;
  /** The last subscriber left and the grace period ran out. */
  channelUnused(channel: Channel): void;
  /** The server closed the channel (`phx_close`), with the system error that preceded it. */
  channelClosedByServer(channel: Channel, reason: string | null): void;
  /**
   * The server refused the join for a reason a rejoin cannot fix (permission, bad config).
   * The instance is gone; the failure policy recreates the channel when the cause may be fixed.
   */
  channelRefused(channel: Channel, error: ErrorClassification): void;
  /** Gap recovery for all subscribers at once (so a query key is invalidated once). */
  channelGap(channel: Channel, subscribers: readonly ChannelSubscriber[]): void;
  /**
   * The server could not subscribe the channel's postgres bindings for a reason that may pass
   * (database unreachable, timeouts): call `retryBinding()` after a backoff delay.
   */
  channelBindingFailed(channel: Channel, error: ErrorClassification): void;
  gracePeriodMs: number;
  /** How long a postgres_changes join waits for the server's `system` ok before it counts as live. */
  postgresReadyTimeoutMs: number;
  /** Given every payload; records a sample only while someone watches the event log (devtools). */
  samplePayload?(channel: Channel, payload: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
