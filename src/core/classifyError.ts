import type { ErrorClassification } from './types';
import { classifyWith } from './errors/classifyWith';
import { databaseRules } from './errors/databaseRules';

/**
 * Says what an error means for the app: its category, whether retrying can help, what to
 * do, a message fit for a person, and a log line free of tokens, API keys and row values.
 *
 * Understands PostgREST errors (`{ message, details, hint, code }`, optionally with the
 * response `status` and `headers`), Postgres SQLSTATEs, PostgREST `PGRST…` codes, HTTP
 * statuses (429/503 honour `Retry-After`), fetch failures and aborts, realtime join errors
 * (`Error('<Code>: <msg>')`), channel errors (`socket closed: 1011 (…)`, `heartbeat timeout`)
 * and WebSocket close codes. Typed errors may carry their own `category` (and optionally
 * `retryable`/`action`/`userMessage`), which is trusted.
 *
 * Never throws, whatever it is given (null, strings, cyclic objects, throwing getters).
 */
export function classifyError(error: unknown): ErrorClassification {
  return classifyWith(error, databaseRules);
}
