import type { ErrorClassification } from '../types';
import { classifyWith } from './classifyWith';

/**
 * `classifyError` without the Postgres and PostgREST tables, for the connection manager: the
 * failures it meets (socket closes, heartbeat timeouts, join refusals, channel closes and auth
 * refreshes) never carry a SQLSTATE or `PGRST…` code, and for them it returns exactly what
 * `classifyError` returns. An app that imports only the provider and its hooks then does not
 * download the database tables.
 */
export function classifyRealtimeError(error: unknown): ErrorClassification {
  return classifyWith(error);
}
