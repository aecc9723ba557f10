import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { classifyRealtimeError } from './errors/classifyRealtimeError';
import { PostgresReadiness } from './postgresReadiness';
import { keepSocketWithoutChannels, retireChannelInstance } from './realtimeSocketHooks';
import { createChannelInstance, dropChannelInstance } from './channelInstance';
import { channelStats } from './channelStats';
import { BroadcastReplay } from './databaseBroadcast/broadcastReplay';
import type { ChannelSubscriber, SharedChannelConfig } from './sharedChannelTypes';
import type { ChannelStats, ErrorClassification, PostgresChangesPayload, SubscriptionStatus } from './types';

export type { ChannelSubscriber, SharedChannelConfig } from './sharedChannelTypes';

/** What a shared channel needs from its manager. */
export interface ChannelHost {
  readonly client: SupabaseClient;
  isSocketOpen(): boolean;
  /** Ask for the socket (the connection machine decides when). */
  ensureConnected(): void;
  now(): number;
  /** A channel's state changed (health counts). */
  channelChanged(channel: SharedChannel): void;
  /** The last subscriber left and the grace period ran out. */
  channelUnused(channel: SharedChannel): void;
  /** The server closed the channel (`phx_close`), with the system error that preceded it. */
  channelClosedByServer(channel: SharedChannel, reason: string | null): void;
  /**
   * The server refused the join for a reason a rejoin cannot fix (permission, bad config).
   * The instance is gone; the failure policy recreates the channel when the cause may be fixed.
   */
  channelRefused(channel: SharedChannel, error: ErrorClassification): void;
  /** Gap recovery for all subscribers at once (so a query key is invalidated once). */
  channelGap(channel: SharedChannel, subscribers: readonly ChannelSubscriber[]): void;
  /**
   * The server could not subscribe the channel's postgres bindings for a reason that may pass
   * (database unreachable, timeouts): call `retryBinding()` after a backoff delay.
   */
  channelBindingFailed(channel: SharedChannel, error: ErrorClassification): void;
  gracePeriodMs: number;
  /** How long a postgres_changes join waits for the server's `system` ok before it counts as live. */
  postgresReadyTimeoutMs: number;
  /** Given every payload; records a sample only while someone watches the event log (devtools). */
  samplePayload?(channel: SharedChannel, payload: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * How long a channel must have been joined for a server close to count as the first of a new
 * run: closes "in a row" are those without such a stable join in between.
 */
export const STABLE_JOIN_MS = 2000;

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
  /** The last binding error's text (reported once); cleared when the bindings go live. */
  #bindingError: string | null = null;
  /** Retryable binding errors since the bindings were last live (the retry's backoff attempt). */
  #bindingFailures = 0;
  /** postgres_changes only: the join is live at the server's `system` ok, not at the reply. */
  #readiness: PostgresReadiness | null = null;
  #lastSystemError: string | null = null;
  #hasJoined = false;
  #wasDown = false;
  #graceTimer: unknown = undefined;
  #joinedAt: number | null = null;
  #lastEventAt: number | null = null;
  #eventNotifyPending = false;
  #events = 0;
  #joins = 0;
  #disposed = false;
  /** Server closes in a row, i.e. since the last stable join (the failure policy gives up after a few). */
  #serverCloses = 0;
  /** Auth refusals of a join since the channel last joined (bounds refresh-and-rejoin). */
  #authRefusals = 0;
  /** Closed or refused by the server: waits for an auth change or `reconnect()` to rejoin. */
  #parked = false;
  /** The last server close ended a join that had lasted at least `STABLE_JOIN_MS`. */
  #stableUntilClose = false;
  /** Replay and dedupe state of a Broadcast from Database channel. */
  readonly #replay: BroadcastReplay | null;

  constructor(key: string, topic: string, config: SharedChannelConfig, host: ChannelHost) {
    this.key = key;
    this.topic = topic;
    this.config = config;
    this.#host = host;
    if (config.kind === 'postgres') {
      this.#readiness = new PostgresReadiness(host, host.postgresReadyTimeoutMs, () => this.#postgresLive());
    }
    this.#replay = config.kind === 'database-broadcast' ? new BroadcastReplay() : null;
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
    return this.#joins;
  }
  /** Closed or refused by the server and not given up on: rejoined when the cause may be fixed. */
  get parked(): boolean {
    return this.#parked;
  }
  /** Retryable binding errors since the bindings were last live. */
  get bindingFailures(): number {
    return this.#bindingFailures;
  }

  /**
   * Rejoin with a fresh instance after a retryable binding error, unless the server's own
   * retry succeeded in the meantime (its ok clears the error) or nobody wants the channel.
   */
  retryBinding(): void {
    if (this.#disposed || this.#subscribers.size === 0 || this.#bindingError === null || this.#status !== 'errored') return;
    this.recreate();
  }

  /** The server closed this channel: park it and return how many times that happened. */
  recordServerClose(): number {
    this.#parked = true;
    if (this.#stableUntilClose) this.#serverCloses = 0;
    this.#stableUntilClose = false;
    return ++this.#serverCloses;
  }

  /** The server refused a join: park it and return the auth refusals since the last join. */
  recordRefusal(auth: boolean): number {
    this.#parked = true;
    if (auth) this.#authRefusals++;
    return this.#authRefusals;
  }

  /**
   * Whether a parked channel should be rejoined now: it still has subscribers and is down
   * (closed or errored), so a fresh instance may succeed after an auth change or reconnect().
   */
  get awaitsRejoin(): boolean {
    return this.#parked && !this.#disposed && this.#subscribers.size > 0 && (this.#status === 'closed' || this.#status === 'errored');
  }

  attach(subscriber: ChannelSubscriber): () => void {
    if (this.#graceTimer !== undefined) {
      // Reuse within the grace period (StrictMode remount, quick route change): no new join.
      this.#host.clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
    }
    this.#subscribers.add(subscriber);
    this.#dispatchList = null;
    if (!this.#instance && this.#status === 'idle') this.#open();
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
    if (options.gap && this.#hasJoined) this.#wasDown = true;
    this.#dropInstance();
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
    this.#wasDown = true;
    this.#readiness?.reset();
    this.#replay?.wentDown(this.#host.now());
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
    this.#readiness?.reset();
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
    return channelStats(this.topic, this.config, this.#status, this.#subscribers, this.#joinedAt, this.#events, this.#error);
  }

  #open(): void {
    this.#setStatus('joining', null);
    if (this.#host.isSocketOpen()) this.#createInstance();
    else this.#host.ensureConnected();
  }

  #dropInstance(): void {
    const old = this.#instance;
    this.#instance = null;
    this.#readiness?.reset();
    if (old) dropChannelInstance(this.#host.client, old);
  }

  #createInstance(): void {
    const client = this.#host.client;
    const config = this.config;
    const channel = createChannelInstance(client, this.topic, config, this.#replay, this.#host.now(), (message) => {
      if (!isCurrent()) return;
      const verdict = this.#replay!.accept(message.meta, this.#host.now());
      if (verdict.deliver) {
        this.#eventArrived();
        for (const s of this.#subscriberList()) s.onBroadcast?.(message);
      }
      // Replay filled its limit: older changes may be missing, so recover by refetching.
      if (verdict.limitReached) this.#host.channelGap(this, [...this.#subscribers]);
    });
    this.#instance = channel;
    this.#lastSystemError = null;
    this.#readiness?.reset();
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
    channel.on('system', {}, (message: { extension?: string; status?: string; message?: string }) => {
      if (isCurrent()) this.#systemMessage(message);
    });

    this.#joins++;
    channel.subscribe((status, err) => {
      if (!isCurrent()) return;
      switch (status) {
        case 'SUBSCRIBED': {
          this.#joinedAt = this.#host.now();
          if (this.#readiness) {
            // Not live yet: the server subscribes to the database after this reply.
            if (!this.#readiness.live) this.#setStatus(this.#hasJoined ? 'rejoining' : 'joining', this.#bindingError ? this.#error : null);
            this.#readiness.joinReplied();
            return;
          }
          const gap = this.#hasJoined && this.#wasDown;
          this.#hasJoined = true;
          this.#wasDown = false;
          this.#setStatus('joined', null);
          // A Broadcast from Database channel recovers through replay; it refetches only when
          // this join could not ask for one (see BroadcastReplay).
          const refetch = this.#replay ? this.#replay.joined(this.#host.now(), gap) : gap;
          if (refetch) this.#host.channelGap(this, [...this.#subscribers]);
          return;
        }
        case 'CHANNEL_ERROR':
        case 'TIMED_OUT': {
          this.#wasDown = true;
          // realtime-js rejoins this instance; the server subscribes again and sends a new ok.
          this.#readiness?.reset();
          this.#replay?.wentDown(this.#host.now());
          const joinRejected = !!(err && (err as Error & { cause?: { reason?: unknown } }).cause?.reason);
          const classification = err ? classifyRealtimeError(err) : classifyRealtimeError(new Error(`join timed out on ${this.topic}`));
          // Only refusals we recognise as fatal (permission, private-only, tenant…) are parked.
          // A reason we cannot classify may be transient (the real server has many such codes),
          // so it keeps realtime-js's own rejoin backoff rather than stranding the channel.
          if (joinRejected && !classification.retryable && classification.category !== 'unknown') {
            // phoenix has already armed its rejoin timer (1, 2, 5, 10 s…), which would repeat
            // the same refusal forever: remove the instance (its leave resets the timer) and
            // report once. The failure policy recreates the channel after an auth change or reconnect().
            this.#instance = null;
            void this.#host.client
              .removeChannel(channel)
              .then(() => {
                if (!this.#disposed) keepSocketWithoutChannels(this.#host.client.realtime);
              })
              .catch(() => {});
            this.#setStatus('errored', classification);
            this.#host.channelRefused(this, classification);
            return;
          }
          // realtime-js rejoins this instance by itself (socket reopen or its rejoin timer,
          // with its own backoff), e.g. after a rate limit or a transient server error.
          this.#setStatus(joinRejected ? 'errored' : 'rejoining', classification);
          return;
        }
        case 'CLOSED': {
          // Only a server `phx_close` reaches here: our own removals drop the instance first.
          this.#wasDown = true;
          this.#stableUntilClose = this.#status === 'joined' && this.#joinedAt !== null && this.#host.now() - this.#joinedAt >= STABLE_JOIN_MS;
          this.#readiness?.reset();
          this.#replay?.wentDown(this.#host.now());
          const reason = this.#lastSystemError;
          this.#instance = null;
          channel.teardown();
          this.#setStatus('closed', reason ? classifyRealtimeError(new Error(reason)) : this.#error);
          this.#host.channelClosedByServer(this, reason);
          return;
        }
      }
    });
  }

  #systemMessage(message: { extension?: string; status?: string; message?: string }): void {
    // Servers before the `extension` field announced the subscription with a bare ok.
    const postgres = message?.extension === 'postgres_changes' || (message?.extension === undefined && this.#readiness !== null);
    if (message?.status === 'ok') {
      if (postgres) this.#readiness?.systemOk();
      return;
    }
    if (message?.status !== 'error') return;
    const text = String(message.message ?? 'unknown error');
    if (!postgres) {
      // A shutdown (token expired, permission lost, …); `phx_close` follows.
      this.#lastSystemError = text;
      return;
    }
    this.#bindingFailed(text);
  }

  /**
   * A binding error follows an OK join reply. Fatal ones (bad filter, unpublished table,
   * permission) repeat on every join: reported once and parked until an auth change or
   * `reconnect()`. Retryable ones (database unreachable) are retried with backoff; an ok
   * from the server's own retry clears them first.
   */
  #bindingFailed(text: string): void {
    const classification = this.#bindingError === text && this.#error ? this.#error : classifyRealtimeError(new Error(text));
    this.#bindingError = text;
    this.#setStatus('errored', classification);
    if (!classification.retryable) {
      this.#parked = true;
      return;
    }
    this.#bindingFailures++;
    this.#host.channelBindingFailed(this, classification);
  }

  /** The postgres bindings are live: clear a binding error and recover what the wait may have missed. */
  #postgresLive(): void {
    this.#hasJoined = true;
    this.#wasDown = false;
    this.#bindingError = null;
    this.#bindingFailures = 0;
    // Data read before this moment (a first load, or the cache from before an outage) may lack
    // changes committed while the server was still subscribing: recover once, on every join.
    // Before the status, so whoever sees `joined` already sees the refetch under way.
    this.#host.channelGap(this, [...this.#subscribers]);
    this.#setStatus('joined', null);
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
    // A join ends a run of auth refusals.
    if (status === 'joined') this.#authRefusals = 0;
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
