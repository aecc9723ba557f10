import { computeBackoffDelay } from '../backoff';
import { classifyRealtimeError } from '../errors/classifyRealtimeError';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import type { SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';

export interface FailurePolicyDeps {
  env: RealtimeEnvironment;
  /** The channels that may be parked. */
  channels(): Iterable<SharedChannel>;
  /** Leave a channel nobody wants any more. */
  remove(channel: SharedChannel): void;
  recordError(classification: ErrorClassification): void;
  /** Refresh the session token; false when that failed. */
  refreshAuth(): Promise<boolean>;
  /** Why the last token refresh failed, if it did. */
  lastAuthError(): ErrorClassification | null;
}

/**
 * Server closes in a row (without a join of `STABLE_JOIN_MS` in between, see channel/joinHistory.ts)
 * after which a channel waits for an auth change or reconnect().
 */
const MAX_SERVER_CLOSES = 3;
/** Auth refusals of a join without a join in between before refreshing stops. */
const MAX_AUTH_REFUSALS = 3;

/**
 * What happens when the server closes (`phx_close`) or refuses (`phx_reply` error) a channel.
 * The channel counts its own closes and refusals and parks itself; this policy decides
 * between refreshing the token, retrying with backoff and waiting, and recreates parked
 * channels when the cause may be fixed (an auth change or an explicit `reconnect()`). See
 * docs/realtime-protocol.md, "Channel close and refusal".
 */
export class ChannelFailurePolicy {
  readonly #deps: FailurePolicyDeps;

  constructor(deps: FailurePolicyDeps) {
    this.#deps = deps;
  }

  closedByServer(channel: SharedChannel, reason: string | null): void {
    if (channel.subscriberCount === 0) return this.#deps.remove(channel);
    const classification = classifyRealtimeError(new Error(reason ?? `channel ${channel.topic} closed by the server`));
    this.#deps.recordError(classification);
    const closes = channel.recordServerClose();
    const delay = computeBackoffDelay(closes - 1, { baseMs: 1000 }, () => this.#deps.env.random());
    if (classification.category === 'auth') {
      // Token expired or invalid: refresh, then rejoin with a fresh instance. A failed refresh
      // leaves the channel errored with the auth error; it never rejoins as anon. Backed off
      // like any close: a server that keeps closing for auth must not get a tight loop.
      this.#deps.env.setTimeout(() => {
        if (!channel.disposed && channel.subscriberCount > 0) this.#refreshThenRejoin(channel, classification);
      }, delay);
      return;
    }
    if (classification.category === 'permission' || closes > MAX_SERVER_CLOSES) {
      // Waits for an auth change (sign-in, refreshed token) or an explicit reconnect().
      return channel.fail(classification);
    }
    this.#deps.env.setTimeout(() => {
      if (!channel.disposed && channel.subscriberCount > 0) channel.recreate();
    }, delay);
  }

  refused(channel: SharedChannel, error: ErrorClassification): void {
    this.#deps.recordError(error);
    const isAuth = error.category === 'auth';
    const refusals = channel.recordRefusal(isAuth);
    if (!isAuth) return;
    // An expired or invalid token at join time: refresh it and rejoin, as after a server close
    // (realtime-js used to heal this by itself with its rejoin timer). Bounded: after a few auth
    // refusals without a join in between, wait for an auth change or reconnect().
    if (refusals > MAX_AUTH_REFUSALS) return;
    this.#refreshThenRejoin(channel, error);
  }

  /** Recreate parked channels that still have subscribers, now that the cause may be fixed. */
  rejoinParked(): void {
    for (const channel of [...this.#deps.channels()]) {
      if (channel.awaitsRejoin) channel.recreate();
    }
  }

  #refreshThenRejoin(channel: SharedChannel, error: ErrorClassification): void {
    void this.#deps.refreshAuth().then((ok) => {
      if (ok) this.rejoinParked();
      else channel.fail(this.#deps.lastAuthError() ?? error);
    });
  }
}
