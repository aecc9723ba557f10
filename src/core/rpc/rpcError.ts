import { classifyError } from '../classifyError';
import type { ErrorClassification } from '../types';

/**
 * A failed `callRpc`: carries the classification, the SQLSTATE or PostgREST `code`, the HTTP
 * `status` and how many attempts were made. `message` is the classification's technical
 * message, so it never holds tokens, keys or row values; the raw error is in `cause`.
 */
export class RpcError extends Error {
  readonly classification: ErrorClassification;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(cause: unknown, attempts: number, status?: number) {
    const classification = classifyError(status === undefined ? cause : { error: cause, status });
    super(classification.technicalMessage, { cause });
    this.name = 'RpcError';
    this.classification = classification;
    this.code = classification.code;
    this.status = status;
    this.attempts = attempts;
  }
}

/** Bad arguments to `callRpc`/`useRpcMutation`, reported before any request. */
export class RpcOptionsError extends Error {
  readonly code = 'invalid-rpc-options';

  constructor(message: string) {
    super(message);
    this.name = 'RpcOptionsError';
  }
}
