import { computeBackoffDelay } from '../backoff';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import type { SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';

export interface BindingRetryDeps {
  env: RealtimeEnvironment;
  recordError(classification: ErrorClassification): void;
}

/**
 * A retryable postgres_changes binding error (`system` error such as "Realtime was unable to
 * connect to the project database"): rejoin the channel after a backoff delay, one pending
 * retry per channel. The real server also retries by itself (every 5–10 s) and sends the ok on
 * success, which clears the error first; the channel then ignores the retry. Fatal binding
 * errors never get here: the channel parks them.
 */
export class BindingErrorRetry {
  readonly #deps: BindingRetryDeps;
  readonly #pending = new WeakSet<SharedChannel>();

  constructor(deps: BindingRetryDeps) {
    this.#deps = deps;
  }

  failed(channel: SharedChannel, error: ErrorClassification): void {
    this.#deps.recordError(error);
    if (this.#pending.has(channel)) return;
    this.#pending.add(channel);
    const delay = computeBackoffDelay(channel.bindingFailures - 1, { baseMs: 1000 }, () => this.#deps.env.random());
    this.#deps.env.setTimeout(() => {
      this.#pending.delete(channel);
      channel.retryBinding();
    }, delay);
  }
}
