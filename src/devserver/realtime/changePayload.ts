import type { RowChange } from '../types';

/**
 * The `data` of a `postgres_changes` frame in the real shape (as realtime-js parses it in RealtimeChannel): `record` for
 * INSERT/UPDATE, `old_record` for UPDATE/DELETE, `errors: null`. A DELETE on an RLS table
 * carries the primary key only, since visibility of a deleted row cannot be checked.
 * `select` narrows the columns (an empty list keeps the primary key only).
 */
export function changePayload(change: RowChange, select: string[] | null): Record<string, unknown> {
  const keep = select === null ? null : new Set(select.length === 0 ? change.primaryKey : select);
  const pick = (row: Record<string, unknown> | null, only: Set<string> | null) =>
    row === null || only === null ? row : Object.fromEntries(Object.entries(row).filter(([k]) => only.has(k)));
  const data: Record<string, unknown> = {
    schema: change.schema,
    table: change.table,
    commit_timestamp: change.commitTimestamp,
    type: change.type,
    columns: keep ? change.columns.filter((c) => keep.has(c.name)) : change.columns,
  };
  if (change.type !== 'DELETE') data.record = pick(change.record ?? {}, keep);
  if (change.type !== 'INSERT') {
    const oldKeep = change.type === 'DELETE' && change.rlsEnabled ? new Set(change.primaryKey) : keep;
    data.old_record = pick(change.oldRecord ?? {}, oldKeep);
  }
  data.errors = null;
  return data;
}

/** The union of the selections of several bindings; null (all columns) wins. */
export function mergeSelect(selects: (string[] | null)[]): string[] | null {
  if (selects.some((s) => s === null)) return null;
  return [...new Set(selects.flatMap((s) => s ?? []))];
}
