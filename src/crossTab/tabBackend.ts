import type { ConnectionHealth, ExternalStore, SubscriptionState } from '../core/types';
import type { RemoteRequest } from './tabProtocol';

/** Where an attachment's news goes: its state, its events, a gap, presence members. */
export interface AttachmentSink {
  state(state: SubscriptionState): void;
  event(payload: unknown): void;
  /** The channel came back after being down: events may have been missed. */
  gap(): void;
  members(members: Record<string, unknown[]>): void;
}

export type CallResult = 'ok' | 'error' | 'timed out';

/** One request held by a backend, released on its own. */
export interface BackendAttachment {
  release(): void;
  send(payload: unknown): Promise<CallResult>;
  /** Track `state`, or untrack with `null`. */
  track(state: Record<string, unknown> | null): Promise<CallResult>;
}

/**
 * What a tab's subscriptions are attached to: the tab's own manager and socket (leader, or a
 * tab that does not share) or the leader, over BroadcastChannel (follower).
 */
export interface TabBackend {
  attach(request: RemoteRequest, sink: AttachmentSink): BackendAttachment;
  readonly health: ExternalStore<ConnectionHealth>;
  reconnect(): void;
  refreshAuth(): Promise<boolean>;
  dispose(): Promise<void>;
}
