import { deepEqual } from './deepEqual';
import { versionFields, type Row, type RowIdentity } from './rowShape';

/**
 * What the cache holds for a row when someone else's write reaches it while yours is pending.
 * - `'merge'` (default): field by field; your changes stay on fields they did not change,
 *   theirs win on fields you both changed.
 * - `'client-wins'`: your pending change stays on top of their row.
 * - `'server-wins'`: their row is shown; your pending change disappears from the view.
 * - a function `(local, server, base) => resolved`: `local` is your optimistic row, `server`
 *   theirs, `base` the row your change started from.
 * Once your write settles, the cache holds what the database returned (newest version wins).
 */
export type ConflictStrategy<R = Row> = 'server-wins' | 'client-wins' | 'merge' | ((local: R, server: R, base: R) => R);

/** Fields whose values differ between two states of a row, ignoring the version field. */
export function changedFields(from: Row, to: Row, identity: RowIdentity): Set<string> {
  const ignore = versionFields(from, identity);
  const out = new Set<string>();
  for (const k of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!ignore.has(k) && !deepEqual(from[k], to[k])) out.add(k);
  }
  return out;
}

/**
 * True when `server` differs from `base` in a way `local` did not: someone else wrote the row.
 * A server row that only carries your own changes is your echo, not a conflict.
 */
export function isForeignChange(base: Row, local: Row, server: Row, identity: RowIdentity): boolean {
  const mine = changedFields(base, local, identity);
  const theirs = changedFields(base, server, identity);
  for (const f of theirs) {
    if (!mine.has(f) || !deepEqual(server[f], local[f])) return true;
  }
  return false;
}

/** The row the cache shows for a conflict, by strategy. */
export function resolveConflict<R extends Row>(strategy: ConflictStrategy<R>, base: R, local: R, server: R, identity: RowIdentity): R {
  if (typeof strategy === 'function') return strategy(local, server, base);
  if (strategy === 'server-wins') return server;
  const mine = changedFields(base, local, identity);
  const theirs = strategy === 'merge' ? changedFields(base, server, identity) : new Set<string>();
  const out: Row = { ...server };
  for (const f of mine) {
    if (theirs.has(f)) continue;
    if (f in local) out[f] = local[f];
    else delete out[f];
  }
  return out as R;
}

/**
 * For the named strategies: the fields your pending change gives up to the server on this row.
 * `merge`: the fields you both changed; `server-wins`: every field you changed; `client-wins`: none.
 */
export function yieldedFields(strategy: 'server-wins' | 'client-wins' | 'merge', base: Row, local: Row, server: Row, identity: RowIdentity): Set<string> {
  if (strategy === 'client-wins') return new Set();
  const mine = changedFields(base, local, identity);
  if (strategy === 'server-wins') return mine;
  const theirs = changedFields(base, server, identity);
  return new Set([...mine].filter((f) => theirs.has(f)));
}
