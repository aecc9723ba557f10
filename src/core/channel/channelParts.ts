import type { BroadcastReplay } from '../databaseBroadcast/broadcastReplay';
import type { PostgresReadiness } from '../postgresReadiness';
import type { ChannelSubscriber } from '../sharedChannelTypes';
import type { ErrorClassification, SubscriptionStatus } from '../types';
import type { ChannelHost } from './channelHost';
import type { JoinHistory } from './joinHistory';

/** The shared channel's public state, as its parts read it. */
export interface ChannelView {
  readonly topic: string;
  readonly status: SubscriptionStatus;
  readonly error: ErrorClassification | null;
  readonly disposed: boolean;
}

/** What a channel's `system` messages leave behind (channelSystemMessages.ts). */
export interface SystemMessageState {
  /** The last shutdown error (token expired, permission lost…) on this instance: the reason of the `phx_close` that follows. */
  closeReason: string | null;
  /** The last binding error's text (reported once); cleared when the bindings go live. */
  bindingError: string | null;
  /** Retryable binding errors since the bindings were last live (the retry's backoff attempt). */
  bindingFailures: number;
}

/**
 * A shared channel as the modules split out of it (join replies, system messages) see it, with
 * its join history and system-message state: one plain object per channel, built once.
 */
export interface ChannelParts<Channel extends ChannelView> extends JoinHistory, SystemMessageState {
  readonly channel: Channel;
  readonly host: ChannelHost<Channel>;
  readonly subscribers: ReadonlySet<ChannelSubscriber>;
  /** postgres_changes only: the join is live at the server's `system` ok, not at the reply. */
  readonly readiness: PostgresReadiness | null;
  /** Broadcast from Database only: replay and dedupe. */
  readonly replay: BroadcastReplay | null;
  setStatus(status: SubscriptionStatus, error: ErrorClassification | null): void;
  /** Forget the current instance: it is closed or being removed. */
  detach(): void;
}

/** A `system` message as realtime-js passes it to a `system` binding. */
export interface SystemMessage {
  extension?: string;
  status?: string;
  message?: string;
}
