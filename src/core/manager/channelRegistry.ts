import { RealtimeConfigError } from '../realtimeConfigError';
import { releaseSocketWithoutChannels } from '../realtimeSocketHooks';
import { SharedChannel, type ChannelHost, type ChannelSubscriber, type SharedChannelConfig } from '../sharedChannel';
import { SubscriptionHandle } from '../subscriptionHandle';
import type { ErrorClassification, PostgresSubscriptionSpec } from '../types';

/** One attach request: where to attach and who is attaching. */
export interface AttachRequest {
  topic: string;
  /** Identity of the configuration: a topic is shared only by subscribers with the same key. */
  key: string;
  config: SharedChannelConfig;
  subscriber: ChannelSubscriber;
  /** Read at gap time, so a caller may pass a getter that follows its latest props. */
  queryKey?: () => readonly unknown[] | undefined;
  onStatus?: PostgresSubscriptionSpec['onStatus'];
}

export interface RegistryHooks {
  /** Something changed that health counts (a channel added or removed). */
  changed(): void;
  /** Whether realtime-js may close a socket left without channels (nothing holds it). */
  mayReleaseSocket(): boolean;
}

interface HandleEntry {
  queryKey(): readonly unknown[] | undefined;
  listeners(): number;
}

/**
 * Topic → `SharedChannel`: one channel per topic and configuration, shared by every
 * subscriber, with reference counts (a channel is left only after its last subscriber and the
 * grace period), eviction of unused channels and the per-connection channel limit.
 */
export class ChannelRegistry {
  readonly maxChannels: number;
  readonly #host: ChannelHost;
  readonly #hooks: RegistryHooks;
  #channels = new Map<string, SharedChannel>();
  #handles = new Map<ChannelSubscriber, HandleEntry>();
  /** Joins of channels already removed (so `joinCount` covers the manager's whole life). */
  #removedJoins = 0;

  constructor(host: ChannelHost, maxChannels: number, hooks: RegistryHooks) {
    this.#host = host;
    this.maxChannels = maxChannels;
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#channels.size;
  }

  get(topic: string): SharedChannel | undefined {
    return this.#channels.get(topic);
  }

  channels(): IterableIterator<SharedChannel> {
    return this.#channels.values();
  }

  /** Attach a subscriber, creating (or reusing) its channel; returns the subscriber's handle. */
  attach({ topic, key, config, subscriber, queryKey = () => undefined, onStatus }: AttachRequest): SubscriptionHandle {
    let channel = this.#channels.get(topic);
    // A channel kept only by its grace period (e.g. a hook that just switched `private` on the
    // same name) gives way: nobody uses the old configuration any more.
    if (channel && channel.key !== key && channel.subscriberCount === 0) {
      this.remove(channel);
      channel = undefined;
    }
    if (channel && channel.key !== key) {
      throw new RealtimeConfigError(
        'channel-conflict',
        `Channel "${topic}" is already used with a different configuration. Give this subscription another \`channel\` name or omit it to derive one.`,
      );
    }
    if (!channel) {
      if (this.#channels.size >= this.maxChannels) this.#evictOneUnused();
      if (this.#channels.size >= this.maxChannels) return this.#refuseOverLimit(topic, onStatus);
      channel = new SharedChannel(key, topic, config, this.#host);
      this.#channels.set(topic, channel);
    }
    const handle = new SubscriptionHandle(topic, channel, null, onStatus);
    const wrapped: ChannelSubscriber = { ...subscriber, onState: () => handle.refresh() };
    this.#handles.set(wrapped, { queryKey, listeners: () => handle.listenerCount });
    const detach = channel.attach(wrapped);
    handle.bindDetach(() => {
      this.#handles.delete(wrapped);
      detach();
    });
    return handle;
  }

  /** The query key a subscriber asked to invalidate after a gap. */
  queryKeyOf(subscriber: ChannelSubscriber): readonly unknown[] | undefined {
    return this.#handles.get(subscriber)?.queryKey();
  }

  /** Listeners on every subscription handle (leak checks). */
  listenerCount(): number {
    let n = 0;
    for (const entry of this.#handles.values()) n += entry.listeners();
    return n;
  }

  /** Joins started since the manager was created, removed channels included. */
  joinCount(): number {
    let joins = this.#removedJoins;
    for (const channel of this.#channels.values()) joins += channel.joinCount;
    return joins;
  }

  /** Leave and forget a channel (its last subscriber left, it was evicted or replaced). */
  remove(channel: SharedChannel): void {
    if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
    this.#removedJoins += channel.joinCount;
    const hadInstance = channel.instance !== null;
    void channel.dispose().then(() => {
      // A parked (refused) channel had no instance, so realtime-js saw no removal: let it
      // close the socket it was keeping for us, as it does after its last channel leaves.
      if (!hadInstance && this.#channels.size === 0 && this.#hooks.mayReleaseSocket()) releaseSocketWithoutChannels(this.#host.client.realtime);
      this.#hooks.changed();
    });
    this.#hooks.changed();
  }

  /** Forget every channel and leave them all (on destroy). */
  async disposeAll(): Promise<void> {
    const channels = [...this.#channels.values()];
    this.#channels.clear();
    await Promise.all(channels.map((c) => c.dispose()));
  }

  #evictOneUnused(): void {
    for (const channel of this.#channels.values()) {
      if (channel.subscriberCount === 0) return this.remove(channel);
    }
  }

  #refuseOverLimit(topic: string, onStatus: AttachRequest['onStatus']): SubscriptionHandle {
    const error: ErrorClassification = {
      category: 'query',
      retryable: false,
      action: 'none',
      userMessage: 'Live updates are unavailable for this view.',
      technicalMessage: `Too many realtime channels: the limit is ${this.maxChannels} per connection (option maxChannels). Share subscriptions or unsubscribe unused ones.`,
      code: 'channel-limit',
    };
    const handle = new SubscriptionHandle(topic, null, error, onStatus);
    onStatus?.('errored', error);
    return handle;
  }
}
