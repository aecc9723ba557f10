import { applyLayer } from './applyLayer';
import { deepEqual } from './deepEqual';
import type { Entry } from './ledgerTypes';
import { isForeignChange, resolveConflict, yieldedFields } from './resolveConflict';
import { rowsByKey, shapeOf } from './rowShape';

/**
 * For each row a server write changed, ask every pending layer that touches it whether
 * the change is its own echo or someone else's write; resolve the latter by strategy.
 * Layer i is judged against the data it was stacked on (confirmed plus layers before it),
 * so the echo of an earlier pending change of ours is never taken for a conflict.
 */
export function detectConflicts(hash: string, entry: Entry, previous: unknown, confirmed: unknown, changedKeys: Set<unknown>): void {
  if (changedKeys.size === 0 || previous === undefined) return;
  let stacked: unknown = previous;
  for (const layer of entry.layers) {
    const { identity, conflict } = layer.spec;
    const local = applyLayer(hash, { ...entry, confirmed: previous }, layer, stacked);
    if (shapeOf(local, identity) === 'opaque') return;
    const baseRows = rowsByKey(stacked, identity);
    const localRows = rowsByKey(local, identity);
    const serverRows = rowsByKey(confirmed, identity);
    for (const key of changedKeys) {
      const base = baseRows.get(key);
      const mine = localRows.get(key);
      const server = serverRows.get(key);
      if (!base || !mine || !server || deepEqual(base, mine)) continue; // layer does not touch this row
      if (!isForeignChange(base, mine, server, identity)) continue; // our own echo
      let overrides = layer.overrides.get(hash);
      if (!overrides) layer.overrides.set(hash, (overrides = new Map()));
      if (typeof conflict === 'function') {
        overrides.set(key, { kind: 'row', server, resolved: resolveConflict(conflict, base, mine, server, identity) });
      } else {
        const fields = yieldedFields(conflict, base, mine, server, identity);
        const existing = overrides.get(key);
        if (existing?.kind === 'yield') fields.forEach((f) => existing.fields.add(f));
        else if (fields.size > 0) overrides.set(key, { kind: 'yield', fields });
      }
    }
    stacked = local;
  }
}
