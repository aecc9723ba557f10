import type { SharedChannel } from './sharedChannel';
import type { ErrorClassification, ExternalStore, SubscriptionState, SubscriptionStatus } from './types';

/**
 * One subscriber's view of a shared channel: an external store of its `SubscriptionState`
 * (cached until a field changes) plus its own `unsubscribe`.
 */
export class SubscriptionHandle implements ExternalStore<SubscriptionState> {
  readonly topic: string;
  #channel: SharedChannel | null;
  #detach: () => void = () => {};
  #ownError: ErrorClassification | null;
  #snapshot: SubscriptionState;
  #listeners = new Set<() => void>();
  #onStatus?: (status: SubscriptionStatus, error: ErrorClassification | null) => void;

  constructor(
    topic: string,
    channel: SharedChannel | null,
    ownError: ErrorClassification | null = null,
    onStatus?: (status: SubscriptionStatus, error: ErrorClassification | null) => void,
  ) {
    this.topic = topic;
    this.#channel = channel;
    this.#ownError = ownError;
    this.#onStatus = onStatus;
    this.#snapshot = this.#compute();
  }

  /** @internal set by the manager once attached. */
  bindDetach(detach: () => void): void {
    this.#detach = detach;
  }

  getSnapshot = (): SubscriptionState => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** @internal the channel's state changed. */
  refresh(): void {
    const next = this.#compute();
    const prev = this.#snapshot;
    if (prev.status === next.status && prev.error === next.error && prev.lastEventAt === next.lastEventAt) return;
    this.#snapshot = next;
    if (prev.status !== next.status || prev.error !== next.error) this.#onStatus?.(next.status, next.error);
    for (const listener of [...this.#listeners]) listener();
  }

  /** Release this subscriber. The channel is left only when its last subscriber is gone (after the grace period). */
  unsubscribe(): void {
    const detach = this.#detach;
    this.#detach = () => {};
    this.#channel = null;
    detach();
    this.refresh();
  }

  #compute(): SubscriptionState {
    if (this.#ownError) return { status: 'errored', error: this.#ownError, lastEventAt: null };
    const channel = this.#channel;
    if (!channel) return { status: 'closed', error: null, lastEventAt: this.#snapshot?.lastEventAt ?? null };
    return { status: channel.status, error: channel.error, lastEventAt: channel.lastEventAt };
  }
}
