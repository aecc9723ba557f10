/**
 * How the optimistic ledger sees cached data: a list of rows, one row, or something opaque.
 * Rows are plain objects identified by a key (default `row.id`) and, optionally, ordered
 * by a version (default `row.version`, else `row.updated_at`).
 */

export type Row = Record<string, unknown>;

export interface RowIdentity {
  /** Primary key of a row; `undefined` when the value is not a row. */
  getRowKey(row: Row): unknown;
  /** Name of the field that orders versions of a row, or undefined to auto-detect. */
  versionField?: string | undefined;
}

export const defaultRowKey = (row: Row): unknown => row.id;

export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Shape = 'rows' | 'row' | 'opaque';

export function shapeOf(data: unknown, identity: RowIdentity): Shape {
  if (Array.isArray(data)) return data.every((r) => isRow(r) && identity.getRowKey(r) !== undefined) ? 'rows' : 'opaque';
  if (isRow(data) && identity.getRowKey(data) !== undefined) return 'row';
  return 'opaque';
}

/** Rows of a list or single-row value, by key; empty for opaque data. */
export function rowsByKey(data: unknown, identity: RowIdentity): Map<unknown, Row> {
  const map = new Map<unknown, Row>();
  const shape = shapeOf(data, identity);
  if (shape === 'rows') for (const r of data as Row[]) map.set(identity.getRowKey(r), r);
  else if (shape === 'row') map.set(identity.getRowKey(data as Row), data as Row);
  return map;
}

function versionFieldOf(row: Row, identity: RowIdentity): string | undefined {
  if (identity.versionField !== undefined) return identity.versionField;
  if ('version' in row) return 'version';
  if ('updated_at' in row) return 'updated_at';
  return undefined;
}

/** Fields that change on every write and so say nothing about what a writer meant to change. */
export function versionFields(row: Row, identity: RowIdentity): Set<string> {
  const f = versionFieldOf(row, identity);
  return new Set(f === undefined ? [] : [f]);
}

/**
 * Compares the versions of two states of one row: negative if `a` is older, positive if
 * newer, 0 if equal or unknown (no version field, or values that do not compare).
 */
export function compareVersions(a: Row, b: Row, identity: RowIdentity): number {
  const field = versionFieldOf(a, identity) ?? versionFieldOf(b, identity);
  if (field === undefined) return 0;
  const va = a[field];
  const vb = b[field];
  if (typeof va === 'number' && typeof vb === 'number') return va - vb;
  if (typeof va === 'string' && typeof vb === 'string') {
    const ta = timestampMicros(va);
    const tb = timestampMicros(vb);
    if (ta !== undefined && tb !== undefined) return ta - tb;
    return va < vb ? -1 : va > vb ? 1 : 0;
  }
  return 0;
}

/** Microseconds since the epoch: Postgres timestamps carry microseconds that Date.parse drops. */
function timestampMicros(text: string): number | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const fraction = /:\d{2}\.(\d+)/.exec(text)?.[1] ?? '';
  const micros = Number(fraction.padEnd(6, '0').slice(3, 6));
  return ms * 1000 + micros;
}
