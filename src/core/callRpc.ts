import { classifyError } from './classifyError';
import { retryDelayMs, type RetryPolicyOptions } from './retryPolicy';
import { RpcError, RpcOptionsError } from './rpc/rpcError';
import type { ErrorClassification } from './types';

/** The part of a supabase-js client `callRpc` uses. */
export interface RpcClient {
  rpc(fn: string, args?: object, options?: { head?: boolean; get?: boolean; count?: 'exact' | 'planned' | 'estimated' }): PromiseLike<{
    data: unknown;
    error: unknown;
    status?: number;
  }>;
}

export interface CallRpcOptions extends Omit<RetryPolicyOptions, 'maxRetries'> {
  /** Total attempts, the first included (default 5). */
  maxAttempts?: number;
  /**
   * Which failures to retry. Default: deadlock (`40P01`) and serialization failure
   * (`40001`) only — the transaction was rolled back, so running it again is safe. Other
   * failures (even network ones) are not retried: the call may have committed.
   */
  retryOn?: (classification: ErrorClassification) => boolean;
  /** Called before each retry. */
  onRetry?: (info: { attempt: number; delayMs: number; classification: ErrorClassification }) => void;
  /** Stops waiting and retrying; the pending attempt's result is still awaited. */
  signal?: AbortSignal;
  /** Passed to `client.rpc` (`get` for read-only functions, `count`). */
  rpcOptions?: { head?: boolean; get?: boolean; count?: 'exact' | 'planned' | 'estimated' };
}

export const TRANSIENT_TRANSACTION_CODES: readonly string[] = ['40P01', '40001'];

const defaultRetryOn = (c: ErrorClassification): boolean => c.code !== undefined && TRANSIENT_TRANSACTION_CODES.includes(c.code);

/**
 * Calls one Postgres function through PostgREST (`client.rpc(fn, args)`) — one request,
 * one transaction, so a multi-table write inside the function is atomic (see
 * docs/atomic-writes.md). Retries on deadlock and serialization failure with jittered
 * exponential backoff, up to `maxAttempts`. Resolves with `data`; rejects with an
 * `RpcError` whose `classification` says what went wrong (`transaction` when the retries
 * ran out).
 */
export async function callRpc<T = unknown>(client: RpcClient, fn: string, args: object = {}, options: CallRpcOptions = {}): Promise<T> {
  validate(client, fn, args, options);
  const maxAttempts = options.maxAttempts ?? 5;
  const retryOn = options.retryOn ?? defaultRetryOn;
  for (let attempt = 1; ; attempt++) {
    let response: { data: unknown; error: unknown; status?: number };
    try {
      response = await client.rpc(fn, args, options.rpcOptions);
    } catch (thrown) {
      throw new RpcError(thrown, attempt);
    }
    if (response.error === null || response.error === undefined) return response.data as T;
    const classification = classifyError({ error: response.error, status: response.status });
    if (attempt >= maxAttempts || !retryOn(classification) || options.signal?.aborted) {
      throw new RpcError(response.error, attempt, response.status);
    }
    const delayMs = retryDelayMs(attempt, classification, options);
    options.onRetry?.({ attempt, delayMs, classification });
    await sleep(delayMs, options.signal);
    if (options.signal?.aborted) throw new RpcError(response.error, attempt, response.status);
  }
}

function validate(client: RpcClient, fn: string, args: object, options: CallRpcOptions): void {
  if (client === null || typeof client !== 'object' || typeof (client as { rpc?: unknown }).rpc !== 'function') {
    throw new RpcOptionsError('callRpc(client, fn, args): `client` must be a supabase-js client (createClient(url, key)).');
  }
  if (typeof fn !== 'string' || !/^[A-Za-z_][\w$]*$/.test(fn)) {
    throw new RpcOptionsError(
      `callRpc(client, fn, args): \`fn\` must be a Postgres function name such as 'create_order' (got ${typeof fn === 'string' ? JSON.stringify(fn.slice(0, 64)) : typeof fn}).`,
    );
  }
  if (args === null || typeof args !== 'object') {
    throw new RpcOptionsError('callRpc(client, fn, args): `args` must be an object of named arguments, e.g. { p_title: "x" }.');
  }
  const { maxAttempts } = options;
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new RpcOptionsError(`callRpc options: \`maxAttempts\` must be a whole number >= 1 (got ${String(maxAttempts)}).`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
