import type { FilterColumn, FilterCondition } from './postgresFilter';

/**
 * Evaluates parsed `postgres_changes` filters against a row the way Supabase Realtime compares
 * values (by the column's type). Used by the dev server; the browser only needs the parser.
 */
const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money']);
const TIME_TYPES = new Set(['timestamp', 'timestamptz', 'date']);

type Kind = 'number' | 'bool' | 'time' | 'text';

function kindOf(type: string | undefined): Kind {
  if (!type) return 'text';
  if (NUMERIC_TYPES.has(type)) return 'number';
  if (type === 'bool') return 'bool';
  if (TIME_TYPES.has(type)) return 'time';
  return 'text';
}

/** A record value as Postgres text (`t`/`f` for booleans), or null for SQL NULL. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toBool(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(v)) return true;
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(v)) return false;
  return undefined;
}

/** Negative, zero or positive like a SQL comparison; undefined when the value does not cast. */
function compare(kind: Kind, left: string, right: string): number | undefined {
  switch (kind) {
    case 'number': {
      const a = Number(left);
      const b = Number(right);
      if (Number.isNaN(a) || Number.isNaN(b) || right.trim() === '') return undefined;
      return a - b;
    }
    case 'bool': {
      const a = toBool(left);
      const b = toBool(right);
      if (a === undefined || b === undefined) return undefined;
      return Number(a) - Number(b);
    }
    case 'time': {
      const a = Date.parse(left.replace(' ', 'T'));
      const b = Date.parse(right.replace(' ', 'T'));
      if (Number.isNaN(a) || Number.isNaN(b)) return left < right ? -1 : left > right ? 1 : 0;
      return a - b;
    }
    default:
      return left < right ? -1 : left > right ? 1 : 0;
  }
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, flags);
}

/** SQL three-valued result: true, false or null (unknown). */
function evaluate(condition: FilterCondition, raw: string | null, kind: Kind): boolean | null {
  const value = condition.value;
  switch (condition.operator) {
    case 'is': {
      const target = String(value).toLowerCase();
      if (target === 'null') return raw === null;
      if (target === 'not_null') return raw !== null;
      if (target === 'unknown') return raw === null;
      if (target === 'true' || target === 'false') return raw === null ? false : toBool(raw) === (target === 'true');
      return false;
    }
    case 'isdistinct': {
      const text = String(value);
      if (raw === null) return text.toLowerCase() !== 'null';
      return compare(kind, raw, text) !== 0;
    }
    default:
      break;
  }
  if (raw === null) return null;
  switch (condition.operator) {
    case 'in':
      return (value as string[]).some((item) => compare(kind, raw, item) === 0);
    case 'like':
      return likeToRegExp(String(value), '').test(raw);
    case 'ilike':
      return likeToRegExp(String(value), 'i').test(raw);
    case 'match':
    case 'imatch':
      try {
        return new RegExp(String(value), condition.operator === 'imatch' ? 'i' : '').test(raw);
      } catch {
        return false;
      }
    default: {
      const order = compare(kind, raw, String(value));
      if (order === undefined) return null;
      switch (condition.operator) {
        case 'eq':
          return order === 0;
        case 'neq':
          return order !== 0;
        case 'lt':
          return order < 0;
        case 'lte':
          return order <= 0;
        case 'gt':
          return order > 0;
        case 'gte':
          return order >= 0;
        default:
          return null;
      }
    }
  }
}

/**
 * Whether `record` passes every condition (AND), comparing by each column's Postgres type:
 * numbers numerically, booleans as booleans, timestamps as instants, everything else as text.
 * As in SQL, a comparison with NULL is unknown and fails, negated or not; `is` and
 * `isdistinct` are the NULL-aware operators.
 *
 * A condition on a column the record does not have is skipped, as the real server's
 * `is_visible_through_filters` joins filters to the row's columns: that is why a DELETE's
 * old record (primary key only without REPLICA IDENTITY FULL) passes any filter on other
 * columns ("delete events are not filterable").
 */
export function matchesFilter(
  conditions: readonly FilterCondition[],
  record: Record<string, unknown> | null | undefined,
  columns: readonly FilterColumn[],
): boolean {
  if (conditions.length === 0) return true;
  if (!record) return false;
  for (const condition of conditions) {
    if (!(condition.column in record)) continue;
    const column = columns.find((c) => c.name === condition.column);
    const result = evaluate(condition, asText(record[condition.column]), kindOf(column?.type));
    if (result === null) return false;
    if ((condition.negated ? !result : result) === false) return false;
  }
  return true;
}
