/**
 * Elixir's `inspect/1` for JSON values, enough to reproduce the real server's error messages,
 * e.g. `%{"event" => "*", "schema" => 1}` or `["foo", "hey"]`. Map keys are sorted as Elixir does.
 */
export function elixirInspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(elixirInspect).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `%{${entries.map(([k, v]) => `${elixirInspect(k)} => ${elixirInspect(v)}`).join(', ')}}`;
  }
  return String(value);
}
