import { createStore } from './createStore';
import type { SharedChannel } from './sharedChannel';
import type { ErrorClassification, ExternalStore, SubscriptionState, SubscriptionStatus } from './types';

/** A snapshot is replaced only when one of its fields changed (keeps its identity otherwise). */
const sameState = (a: SubscriptionState, b: SubscriptionState) => a.status === b.status && a.error === b.error && a.lastEventAt === b.lastEventAt;

/**
 * One subscriber's view of a shared channel: an external store of its `SubscriptionState`
 * (cached until a field changes) plus its own `unsubscribe`.
 */
export class SubscriptionHandle implements ExternalStore<SubscriptionState> {
  readonly topic: string;
  #channel: SharedChannel | null;
  #detach: () => void = () => {};
  #ownError: ErrorClassification | null;
  readonly #store;
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
    this.#store = createStore<SubscriptionState>(this.#compute(null), { isEqual: sameState });
  }

  /** @internal set by the channel registry once attached. */
  bindDetach(detach: () => void): void {
    this.#detach = detach;
  }

  getSnapshot = (): SubscriptionState => this.#store.getState();

  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  get listenerCount(): number {
    return this.#store.listenerCount;
  }

  /** @internal the channel's state changed. */
  refresh(): void {
    const prev = this.#store.getState();
    const next = this.#compute(prev);
    if (sameState(prev, next)) return;
    // The status callback runs before listeners, as it always has.
    if (prev.status !== next.status || prev.error !== next.error) this.#onStatus?.(next.status, next.error);
    this.#store.setState(next);
  }

  /** Release this subscriber. The channel is left only when its last subscriber is gone (after the grace period). */
  unsubscribe(): void {
    const detach = this.#detach;
    this.#detach = () => {};
    this.#channel = null;
    detach();
    this.refresh();
  }

  #compute(previous: SubscriptionState | null): SubscriptionState {
    if (this.#ownError) return { status: 'errored', error: this.#ownError, lastEventAt: null };
    const channel = this.#channel;
    if (!channel) return { status: 'closed', error: null, lastEventAt: previous?.lastEventAt ?? null };
    return { status: channel.status, error: channel.error, lastEventAt: channel.lastEventAt };
  }
}
