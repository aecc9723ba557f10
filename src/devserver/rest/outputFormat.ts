import { RestError } from './restError';

/** The representation a request asked for with `Accept`. */
export interface OutputFormat {
  kind: 'json' | 'csv';
  /** `application/vnd.pgrst.object+json` (`.single()` / `.maybeSingle()`). */
  singular: boolean;
  /** `;nulls=stripped` on the pgrst object or array media type. */
  stripNulls: boolean;
  contentType: string;
}

const OBJECT = 'application/vnd.pgrst.object+json';
const ARRAY = 'application/vnd.pgrst.array+json';

/**
 * Picks the first media type of `Accept` the dev server can produce: JSON, `text/csv`, and
 * PostgREST's `vnd.pgrst.object+json` / `vnd.pgrst.array+json` (with `nulls=stripped`).
 * Nothing acceptable: PGRST107 (406).
 */
export function negotiate(accept: string | undefined): OutputFormat {
  const json: OutputFormat = { kind: 'json', singular: false, stripNulls: false, contentType: 'application/json; charset=utf-8' };
  if (!accept || accept.trim() === '') return json;
  const types = accept.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of types) {
    const [type, ...params] = entry.split(';').map((s) => s.trim().toLowerCase());
    const stripNulls = params.includes('nulls=stripped');
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return json;
    if (type === 'text/csv') return { kind: 'csv', singular: false, stripNulls: false, contentType: 'text/csv; charset=utf-8' };
    if (type === OBJECT) return { kind: 'json', singular: true, stripNulls, contentType: `${OBJECT}${stripNulls ? ';nulls=stripped' : ''}; charset=utf-8` };
    if (type === ARRAY) return { kind: 'json', singular: false, stripNulls, contentType: `${ARRAY}${stripNulls ? ';nulls=stripped' : ''}; charset=utf-8` };
  }
  throw new RestError(406, { code: 'PGRST107', message: `None of these media types are available: ${types.join(', ')}` });
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, stripNulls(v)]));
  }
  return value;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rewrites a JSON body (array, or one object for singular requests) into the negotiated format. */
export function renderBody(json: string, format: OutputFormat): string {
  if (format.kind === 'csv') {
    const parsed = JSON.parse(json) as unknown;
    const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
    if (rows.length === 0) return '';
    const columns = Object.keys(rows[0] ?? {});
    return [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n');
  }
  return format.stripNulls ? JSON.stringify(stripNulls(JSON.parse(json))) : json;
}
