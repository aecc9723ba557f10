import type { PostgresChangesPayload } from '../types';

/** A message as realtime-js hands it to a `broadcast` binding. */
export interface BroadcastMessage {
  event: string;
  payload: unknown;
  meta?: { id?: string; replayed?: boolean };
}

const OPERATIONS = new Set(['INSERT', 'UPDATE', 'DELETE']);

/**
 * Turn a Broadcast from Database message (`realtime.broadcast_changes`: `{ id, operation,
 * table, schema, record, old_record }`, see docs/broadcast-from-database.md) into the same
 * payload `postgres_changes` gives, so switching mechanism changes one option, not the handler.
 * Returns null for anything else on the topic (a `realtime.send` with another shape).
 *
 * `commit_timestamp` is copied only when the message carries one: `broadcast_changes` sends
 * no timestamp, and inventing one from the client's clock would look authoritative and not be.
 */
export function normaliseBroadcastChange<Row = Record<string, unknown>>(message: BroadcastMessage): PostgresChangesPayload<Row> | null {
  const body = message.payload;
  if (body === null || typeof body !== 'object') return null;
  const { operation, table, schema, record, old_record: oldRecord, commit_timestamp: commitTimestamp } = body as Record<string, unknown>;
  if (typeof operation !== 'string' || !OPERATIONS.has(operation) || typeof table !== 'string' || typeof schema !== 'string') return null;
  const payload: PostgresChangesPayload<Row> = {
    schema,
    table,
    eventType: operation as PostgresChangesPayload['eventType'],
    new: (isRow(record) ? record : {}) as Partial<Row>,
    old: (isRow(oldRecord) ? oldRecord : {}) as Partial<Row>,
    errors: null,
  };
  if (typeof commitTimestamp === 'string') payload.commit_timestamp = commitTimestamp;
  return payload;
}

function isRow(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
