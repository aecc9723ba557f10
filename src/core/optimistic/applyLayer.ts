import type { Entry, Layer } from './ledgerTypes';
import { rowsByKey, shapeOf, type Row, type RowIdentity } from './rowShape';

/**
 * One layer applied to `data` for the query `hash`: the layer's own `apply`, then the
 * conflicts already resolved on its rows (fields it yields show the value beneath it; a
 * conflict function's row stands while confirmed data still holds the server row it saw).
 */
export function applyLayer(hash: string, entry: Entry, layer: Layer, data: unknown): unknown {
  const next = layer.spec.apply(data, layer.spec.variables, entry.queryKey);
  const overrides = layer.overrides.get(hash);
  if (!overrides || overrides.size === 0) return next;
  const { identity } = layer.spec;
  const before = rowsByKey(data, identity);
  const confirmedRows = rowsByKey(entry.confirmed, identity);
  return replaceRows(next, identity, (key, row) => {
    const o = overrides.get(key);
    if (o === undefined) return undefined;
    if (o.kind === 'row') return confirmedRows.get(key) === o.server ? o.resolved : undefined;
    const prior = before.get(key);
    if (prior === undefined) return undefined;
    const out: Row = { ...row };
    for (const f of o.fields) {
      if (f in prior) out[f] = prior[f];
      else delete out[f];
    }
    return out;
  });
}

function replaceRows(data: unknown, identity: RowIdentity, replacement: (key: unknown, row: Row) => Row | undefined): unknown {
  const shape = shapeOf(data, identity);
  if (shape === 'row') return replacement(identity.getRowKey(data as Row), data as Row) ?? data;
  if (shape === 'rows') {
    let changed = false;
    const out = (data as Row[]).map((row) => {
      const r = replacement(identity.getRowKey(row), row);
      if (r === undefined) return row;
      changed = true;
      return r;
    });
    return changed ? out : data;
  }
  return data;
}
