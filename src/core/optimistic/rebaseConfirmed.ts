import { deepEqual } from './deepEqual';
import { compareVersions, rowsByKey, shapeOf, type Row, type RowIdentity } from './rowShape';

export interface Rebased {
  /** The new confirmed data. */
  confirmed: unknown;
  /** Keys of rows whose confirmed value changed (server writes), for conflict checks. */
  changedKeys: Set<unknown>;
}

/**
 * Separates a server change from the optimistic view it was written over.
 *
 * Apps write realtime echoes with `setQueryData(key, old => …)`, and `old` is the view
 * (confirmed data with the pending layers applied). Taken as is, that would make pending
 * changes look confirmed, and a failed mutation could no longer roll back. So, row by row:
 * a row equal to the one we wrote was left alone by the writer and keeps its confirmed
 * value; a row that differs came from the server; a row we removed optimistically that is
 * still absent keeps its confirmed value. An incoming row older (by version) than the
 * confirmed one is a late echo and is ignored, so the view never steps back in time.
 * Data that is not rows (or was never written by us) is taken whole.
 */
export function rebaseConfirmed(previous: unknown, written: unknown, incoming: unknown, identity: RowIdentity): Rebased {
  const shape = shapeOf(incoming, identity);
  if (written === undefined || shape === 'opaque' || shapeOf(previous, identity) !== shape) {
    return { confirmed: incoming, changedKeys: allKeys(previous, incoming, identity) };
  }
  const before = rowsByKey(previous, identity);
  const ours = rowsByKey(written, identity);
  const changedKeys = new Set<unknown>();

  const pick = (row: Row): Row | undefined => {
    const key = identity.getRowKey(row);
    const old = before.get(key);
    const wrote = ours.get(key);
    if (wrote !== undefined && deepEqual(wrote, row)) return old; // untouched by the writer
    if (old !== undefined && compareVersions(row, old, identity) < 0) return old; // late, older echo
    if (old === undefined || !deepEqual(old, row)) changedKeys.add(key);
    return row;
  };

  if (shape === 'row') {
    const row = pick(incoming as Row);
    return { confirmed: row ?? previous, changedKeys };
  }

  const out: Row[] = [];
  const seen = new Set<unknown>();
  for (const row of incoming as Row[]) {
    const key = identity.getRowKey(row);
    seen.add(key);
    const kept = pick(row);
    if (kept !== undefined) out.push(kept);
  }
  // Rows a pending layer removed from the view are still confirmed unless the writer saw them.
  (previous as Row[]).forEach((row, index) => {
    const key = identity.getRowKey(row);
    if (seen.has(key)) return;
    if (ours.has(key)) {
      changedKeys.add(key); // present in our view, removed by the writer: a server delete
      return;
    }
    out.splice(Math.min(index, out.length), 0, row);
  });
  return { confirmed: out, changedKeys };
}

function allKeys(a: unknown, b: unknown, identity: RowIdentity): Set<unknown> {
  return new Set([...rowsByKey(a, identity).keys(), ...rowsByKey(b, identity).keys()]);
}

/**
 * Folds a successful write into confirmed data. `applied` is the confirmed data with the
 * write's own layer applied; rows the write returned replace their optimistic versions
 * (server truth: generated ids, defaults, timestamps) unless the confirmed row is already
 * newer; returned rows the layer removed (a delete returning its row) stay removed;
 * returned rows that are new (an insert with a server-generated key) are appended, and
 * optimistic rows under temporary keys that the server did not return are dropped.
 * Returns undefined when `result` holds no rows, so the caller keeps `applied`.
 */
export function foldResultRows(confirmed: unknown, applied: unknown, result: unknown, identity: RowIdentity): unknown {
  const returned = rowsByKey(result, identity);
  const shape = shapeOf(applied, identity);
  if (returned.size === 0 || shape === 'opaque') return undefined;
  const before = rowsByKey(confirmed, identity);
  const newer = (next: Row): Row => {
    const old = before.get(identity.getRowKey(next));
    return old !== undefined && compareVersions(old, next, identity) > 0 ? old : next;
  };
  if (shape === 'row') {
    const next = returned.get(identity.getRowKey(applied as Row));
    return next === undefined ? undefined : newer(next);
  }
  const out: Row[] = [];
  for (const row of applied as Row[]) {
    const key = identity.getRowKey(row);
    const next = returned.get(key);
    if (next !== undefined) {
      returned.delete(key);
      out.push(newer(next));
    } else if (before.has(key)) {
      out.push(row);
    }
    // else: an optimistic insert under a temporary key; the server's row replaces it below.
  }
  for (const [key, row] of returned) {
    if (!before.has(key)) out.push(row);
  }
  return out;
}
