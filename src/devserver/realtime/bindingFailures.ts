/** The default message of `failBindings`: a real server error that it retries by itself. */
export const DEFAULT_BINDING_FAILURE = 'Realtime was unable to connect to the project database';

/**
 * How long the dev server waits before retrying a failed postgres_changes subscribe. The real
 * server waits 5–10 s (realtime_channel.ex, `postgres_subscribe(5, 10)` after `{:error, :retry, _}`);
 * a shorter wait keeps tests quick.
 */
export const BINDING_RETRY_MS = 1000;

/**
 * The `failBindings` fault: the next `count` postgres_changes subscribe attempts fail with a
 * `system` error carrying `message` after an OK join reply, and are retried by the server, so
 * the `system` ok follows once the count is used up.
 */
export class BindingFailures {
  #count = 0;
  #message = DEFAULT_BINDING_FAILURE;

  set(count: number, message: string): void {
    this.#count = count;
    this.#message = message;
  }

  /** Consumes one forced failure; its message, or undefined when none is pending. */
  take(): string | undefined {
    if (this.#count <= 0) return undefined;
    this.#count--;
    return this.#message;
  }

  reset(): void {
    this.#count = 0;
    this.#message = DEFAULT_BINDING_FAILURE;
  }
}
