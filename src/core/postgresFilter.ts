/**
 * The `postgres_changes` row filter, parsed and evaluated the way Supabase Realtime does
 * (`Extensions.PostgresCdcRls.Subscriptions.parse_subscription_params` in supabase/realtime). Browser-safe: the connection manager validates filters with it before joining,
 * and the dev server evaluates them with `matchesFilter`.
 */

/** Every operator the real server accepts, in its own order. */
export const SUPPORTED_FILTER_OPERATORS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
] as const;

export type FilterOperator = (typeof SUPPORTED_FILTER_OPERATORS)[number];

/** One `col=[not.]op.value` segment. `value` is a list for `in`, else the unquoted text. */
export interface FilterCondition {
  column: string;
  operator: FilterOperator;
  negated: boolean;
  value: string | string[];
}

export type ParsedPostgresFilter = { ok: true; conditions: FilterCondition[] } | { ok: false; message: string };

/** A column's Postgres type, as in a change's `columns`. */
export interface FilterColumn {
  name: string;
  type: string;
}

const PREFIX = 'Error parsing `filter` params: ';

/** Elixir's `inspect` of a list of strings, which the real server puts in its messages. */
function inspectStrings(parts: string[]): string {
  return `[${parts.map((p) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(', ')}]`;
}

/**
 * Splits on commas outside double quotes and parentheses. A quote opens a quoted value only
 * after `.`, `(` or `,`, and a backslash escapes the next character inside quotes — the
 * same rules as the server's `split_top_level`.
 */
function splitTopLevel(filter: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  let prev = '';
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < filter.length) {
        current += ch + filter[i + 1];
        prev = filter[i + 1]!;
        i++;
        continue;
      }
      if (ch === '"') quoted = false;
      current += ch;
      prev = ch;
      continue;
    }
    if (ch === '"' && (prev === '.' || prev === '(' || prev === ',')) quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      segments.push(current);
      current = '';
      prev = '';
      continue;
    }
    current += ch;
    prev = ch;
  }
  segments.push(current);
  return segments;
}

/** PostgREST double-quoted value: `"a\"b"` → `a"b`; an unterminated quote keeps the original. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\') {
      if (i + 1 >= value.length) return value;
      out += value[++i];
    } else if (ch === '"') {
      return i === value.length - 1 ? out : value;
    } else out += ch;
  }
  return value;
}

/** The items of `(a,b,"c,d")`, read like a Postgres array literal `{a,b,"c,d"}`. */
function splitInList(inner: string): string[] {
  if (inner.trim() === '') return [];
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < inner.length) current += inner[++i];
      else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      items.push(wasQuoted ? current : current.trim());
      current = '';
      wasQuoted = false;
    } else current += ch;
  }
  items.push(wasQuoted ? current : current.trim());
  return items;
}

function parseSegment(segment: string): FilterCondition | string {
  const trimmed = segment.trim();
  if (trimmed === '') return 'filter must not contain empty segments (check for extra commas)';
  const eq = trimmed.indexOf('=');
  if (eq < 0) return inspectStrings([trimmed]);
  const column = trimmed.slice(0, eq);
  let rest = trimmed.slice(eq + 1);
  let negated = false;
  if (rest.startsWith('not.')) {
    negated = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) return inspectStrings([rest]);
  const operator = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  if (!(SUPPORTED_FILTER_OPERATORS as readonly string[]).includes(operator)) return inspectStrings([operator, value]);
  if (operator === 'in') {
    if (value.length < 2 || !value.startsWith('(') || !value.endsWith(')')) {
      return '`in` filter value must be wrapped by parentheses';
    }
    return { column, operator: 'in', negated, value: splitInList(value.slice(1, -1)) };
  }
  return { column, operator: operator as FilterOperator, negated, value: unquote(value) };
}

/**
 * Parses a `postgres_changes` filter such as `status=in.(open,"on hold"),priority=gte.2`.
 * Commas outside quotes and parentheses mean AND; `not.` negates; an empty filter means none.
 * Failures carry the real server's message, e.g. ``Error parsing `filter` params: ["fts", "x"]``.
 */
export function parsePostgresFilter(filter: string): ParsedPostgresFilter {
  if (typeof filter !== 'string') return { ok: false, message: `${PREFIX}filter must be a string` };
  const trimmed = filter.trim();
  if (trimmed === '') return { ok: true, conditions: [] };
  const conditions: FilterCondition[] = [];
  for (const segment of splitTopLevel(trimmed)) {
    const parsed = parseSegment(segment);
    if (typeof parsed === 'string') return { ok: false, message: PREFIX + parsed };
    conditions.push(parsed);
  }
  return { ok: true, conditions };
}

// ---------------------------------------------------------------------------
// Evaluation (dev server): SQL semantics over Postgres text values.
// ---------------------------------------------------------------------------
