import type { RealtimeChannel } from '@supabase/supabase-js';
import type { ChannelHost as HostOf } from './channel/channelHost';
import type { ChannelParts, SystemMessage } from './channel/channelParts';
import { receiveSystemMessage } from './channel/channelSystemMessages';
import { createChannelParts } from './channel/createChannelParts';
import { countRefusal, countServerClose } from './channel/joinHistory';
import { joinReplyHandler, wentDown } from './channel/joinReply';
import { retireChannelInstance } from './realtimeSocketHooks';
import { createChannelInstance, dropChannelInstance } from './channelInstance';
import { channelStats } from './channelStats';
import type { ChannelSubscriber, SharedChannelConfig } from './sharedChannelTypes';
import type { ChannelStats, ErrorClassification, PostgresChangesPayload, SubscriptionStatus } from './types';

export type { ChannelSubscriber, SharedChannelConfig } from './sharedChannelTypes';

/** What a shared channel needs from its manager. */
export type ChannelHost = HostOf<SharedChannel>;

/**
 * One realtime channel shared by every subscriber with the same topic and config.
 * realtime-js channel instances are single-use (a closed instance cannot rejoin), so the
 * instance is replaced whenever it must be recreated; every callback checks that it still
 * belongs to the current instance before acting.
 */
export class SharedChannel {
  readonly topic: string;
  readonly key: string;
  readonly config: SharedChannelConfig;
  #host: ChannelHost;
  #subscribers = new Set<ChannelSubscriber>();
  /** A copy of `#subscribers` for dispatch, rebuilt only when the set changes (not per event). */
  #dispatchList: readonly ChannelSubscriber[] | null = null;
  #instance: RealtimeChannel | null = null;
  #status: SubscriptionStatus = 'idle';
  #error: ErrorClassification | null = null;
  #graceTimer: unknown = undefined;
  #lastEventAt: number | null = null;
  #eventNotifyPending = false;
  #events = 0;
  #disposed = false;
  /** Its join history, system-message state, readiness wait and replay: what the modules under channel/ read and change. */
  readonly #parts: ChannelParts<SharedChannel>;

  constructor(key: string, topic: string, config: SharedChannelConfig, host: ChannelHost) {
    this.key = key;
    this.topic = topic;
    this.config = config;
    this.#host = host;
    this.#parts = createChannelParts<SharedChannel>(
      this,
      config,
      host,
      this.#subscribers,
      (status, error) => this.#setStatus(status, error),
      () => (this.#instance = null),
    );
  }

  get status(): SubscriptionStatus {
    return this.#status;
  }
  get error(): ErrorClassification | null {
    return this.#error;
  }
  get lastEventAt(): number | null {
    return this.#lastEventAt;
  }
  get subscriberCount(): number {
    return this.#subscribers.size;
  }
  get instance(): RealtimeChannel | null {
    return this.#instance;
  }
  get inGracePeriod(): boolean {
    return this.#graceTimer !== undefined;
  }
  get disposed(): boolean {
    return this.#disposed;
  }
  /** `subscribe()` calls made on fresh instances (one per instance). */
  get joinCount(): number {
    return this.#parts.joins;
  }
  /** Closed or refused by the server and not given up on: rejoined when the cause may be fixed. */
  get parked(): boolean {
    return this.#parts.parked;
  }
  /** Retryable binding errors since the bindings were last live. */
  get bindingFailures(): number {
    return this.#parts.bindingFailures;
  }

  /**
   * Rejoin with a fresh instance after a retryable binding error, unless the server's own
   * retry succeeded in the meantime (its ok clears the error) or nobody wants the channel.
   */
  retryBinding(): void {
    if (this.#disposed || this.#subscribers.size === 0 || this.#parts.bindingError === null || this.#status !== 'errored') return;
    this.recreate();
  }

  /** The server closed this channel: park it and return how many times that happened. */
  recordServerClose(): number {
    return countServerClose(this.#parts);
  }

  /** The server refused a join: park it and return the auth refusals since the last join. */
  recordRefusal(auth: boolean): number {
    return countRefusal(this.#parts, auth);
  }

  /**
   * Whether a parked channel should be rejoined now: it still has subscribers and is down
   * (closed or errored), so a fresh instance may succeed after an auth change or reconnect().
   */
  get awaitsRejoin(): boolean {
    return this.#parts.parked && !this.#disposed && this.#subscribers.size > 0 && (this.#status === 'closed' || this.#status === 'errored');
  }

  attach(subscriber: ChannelSubscriber): () => void {
    if (this.#graceTimer !== undefined) {
      // Reuse within the grace period (StrictMode remount, quick route change): no new join.
      this.#host.clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
    }
    this.#subscribers.add(subscriber);
    this.#dispatchList = null;
    if (!this.#instance && this.#status === 'idle') {
      this.#setStatus('joining', null);
      if (this.#host.isSocketOpen()) this.#createInstance();
      else this.#host.ensureConnected();
    }
    this.#host.channelChanged(this);
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.#subscribers.delete(subscriber);
      this.#dispatchList = null;
      this.#host.channelChanged(this);
      if (this.#subscribers.size === 0 && !this.#disposed) {
        this.#graceTimer = this.#host.setTimeout(() => {
          this.#graceTimer = undefined;
          if (this.#subscribers.size === 0) this.#host.channelUnused(this);
        }, this.#host.gracePeriodMs);
      }
    };
  }

  /** Called by the manager when the socket opened: create instances that waited for it. */
  socketOpened(): void {
    if (this.#disposed || (this.#subscribers.size === 0 && !this.inGracePeriod)) return;
    if (!this.#instance && (this.#status === 'joining' || this.#status === 'rejoining')) this.#createInstance();
  }

  /**
   * Recreate the channel with a fresh instance (after the server closed it and the cause was
   * fixed, e.g. a refreshed token), or under a new identity (`gap`: gap recovery runs after
   * the join). realtime-js refuses to rejoin a closed instance.
   */
  recreate(options: { gap?: boolean } = {}): void {
    if (this.#disposed) return;
    // A rejoin under a new identity is a gap: what the old one saw (or missed) is refetched.
    if (options.gap) this.#parts.wasDown = true;
    const old = this.#instance;
    this.#instance = null;
    this.#parts.readiness?.reset();
    if (old) dropChannelInstance(this.#host.client, old);
    this.#setStatus('rejoining', this.#error);
    if (this.#host.isSocketOpen()) this.#createInstance();
    else this.#host.ensureConnected();
  }

  /**
   * The socket dropped: retire the instance without a frame, so the manager rejoins this
   * channel with a fresh instance once the socket is back (spread with the others).
   */
  socketClosed(): void {
    const instance = this.#instance;
    if (!instance || this.#disposed) return;
    wentDown(this.#parts);
    // Detach first: the retirement triggers the instance's CLOSED callback, which must be ignored.
    this.#instance = null;
    if (!retireChannelInstance(instance)) {
      this.#instance = instance; // realtime-js will rejoin it on open
      return;
    }
    this.#setStatus('rejoining', this.#error);
  }

  /** Mark the channel errored without a rejoin (e.g. a token refresh failed). */
  fail(error: ErrorClassification): void {
    this.#setStatus('errored', error);
  }

  /** Leave and forget the channel. Resolves when realtime-js has removed it. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#parts.readiness?.reset();
    if (this.#graceTimer !== undefined) this.#host.clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    const instance = this.#instance;
    this.#instance = null;
    this.#status = 'closed';
    if (instance) await this.#host.client.removeChannel(instance);
  }

  /** Send a broadcast on this channel (falls back to REST when not joined, as realtime-js does). */
  async send(event: string, payload: unknown): Promise<'ok' | 'error' | 'timed out'> {
    if (!this.#instance) return 'error';
    const result = await this.#instance.send({ type: 'broadcast', event, payload });
    return result === 'ok' ? 'ok' : result === 'timed out' ? 'timed out' : 'error';
  }

  stats(): ChannelStats {
    return channelStats(this.topic, this.config, this.#status, this.#subscribers, this.#parts.joinedAt, this.#events, this.#error);
  }

  #createInstance(): void {
    const client = this.#host.client;
    const config = this.config;
    const channel = createChannelInstance(client, this.topic, config, this.#parts.replay, this.#host.now(), (message) => {
      if (!isCurrent()) return;
      const verdict = this.#parts.replay!.accept(message.meta, this.#host.now());
      if (verdict.deliver) {
        this.#eventArrived();
        for (const s of this.#subscriberList()) s.onBroadcast?.(message);
      }
      // Replay filled its limit: older changes may be missing, so recover by refetching.
      if (verdict.limitReached) this.#host.channelGap(this, [...this.#subscribers]);
    });
    this.#instance = channel;
    this.#parts.closeReason = null;
    this.#parts.readiness?.reset();
    const isCurrent = () => this.#instance === channel && !this.#disposed;

    if (config.kind === 'postgres') {
      const { event, schema, table, filter } = config.binding;
      const params = filter ? { event, schema, table, filter } : { event, schema, table };
      channel.on('postgres_changes' as never, params as never, ((payload: PostgresChangesPayload) => {
        if (!isCurrent()) return;
        this.#eventArrived();
        this.#host.samplePayload?.(this, payload);
        for (const s of this.#subscriberList()) s.onPostgres?.(payload);
      }) as never);
    } else if (config.kind === 'room') {
      channel.on('broadcast', { event: '*' }, (message: { event: string; payload: unknown }) => {
        if (!isCurrent()) return;
        this.#eventArrived();
        this.#host.samplePayload?.(this, message);
        for (const s of this.#subscriberList()) s.onBroadcast?.({ event: message.event, payload: message.payload });
      });
      channel.on('presence', { event: 'sync' }, () => {
        if (!isCurrent()) return;
        for (const s of this.#subscriberList()) s.onPresenceSync?.();
      });
    }
    channel.on('system', {}, (message: SystemMessage) => {
      if (isCurrent()) receiveSystemMessage(this.#parts, message);
    });
    this.#parts.joins++;
    channel.subscribe(joinReplyHandler(this.#parts, channel, isCurrent));
  }

  #eventArrived(): void {
    this.#events++;
    const now = this.#host.now();
    // Subscribers see only `lastEventAt`: in a burst, events within the same millisecond change
    // nothing for them, so skip notifying every subscriber once per event.
    if (now === this.#lastEventAt) return;
    this.#lastEventAt = now;
    // Coalesce a burst: frames parsed from one socket read arrive in one synchronous run, so
    // subscribers are told once, after it, instead of once per event.
    if (this.#eventNotifyPending) return;
    this.#eventNotifyPending = true;
    queueMicrotask(() => {
      this.#eventNotifyPending = false;
      if (!this.#disposed) this.#notify();
    });
  }

  #setStatus(status: SubscriptionStatus, error: ErrorClassification | null): void {
    if (this.#status === status && this.#error === error) return;
    this.#status = status;
    this.#error = error;
    this.#host.channelChanged(this);
    this.#notify();
  }

  /** Subscribers as of now; a subscriber leaving mid-dispatch still gets the event in flight. */
  #subscriberList(): readonly ChannelSubscriber[] {
    return (this.#dispatchList ??= [...this.#subscribers]);
  }

  #notify(): void {
    for (const s of this.#subscriberList()) s.onState?.();
  }
}
