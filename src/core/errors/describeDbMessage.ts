/**
 * Reads identifiers out of Postgres/PostgREST messages and strips everything else that
 * could carry row data. Identifiers (constraint, column, table names) are schema, not data.
 */

const identifierQuote = /\b(constraint|column|relation|table|function|type|index|schema|role|sequence|view|policy|trigger|extension|database|operator)\s+"([^"]{1,128})"/gi;

/** Constraint name from e.g. `duplicate key value violates unique constraint "todos_title_key"`. */
export function extractConstraint(message: string): string | undefined {
  const m = /constraint "([^"]{1,128})"/i.exec(message);
  return m?.[1];
}

/**
 * Column name from e.g. `null value in column "title" of relation "todos"`,
 * `column "foo" does not exist`, or PostgREST's `Could not find the 'foo' column of 'todos'`.
 */
export function extractField(message: string): string | undefined {
  const m =
    /column "([^"]{1,128})"/i.exec(message) ??
    /the '([^']{1,128})' column/i.exec(message) ??
    /column ([A-Za-z_][\w$]{0,62}\.[A-Za-z_][\w$]{0,62}) does not exist/i.exec(message);
  const name = m?.[1];
  if (name === undefined) return undefined;
  // `todos.title` → `title`
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

/** The column(s) of a unique/foreign key from `details` like `Key (title)=(…) already exists.` — never the value. */
export function extractKeyColumn(details: string): string | undefined {
  const m = /^Key \(([\w$]{1,63}(?:, ?[\w$]{1,63})*)\)=/.exec(details);
  return m?.[1]?.replace(/, /g, ',');
}

/**
 * The message with values removed: `Key (title)=(secret)` becomes `Key (title)=(…)`,
 * quoted strings not introduced by an identifier keyword become `"…"`, and
 * `Failing row contains (…)` loses its contents.
 */
export function stripValues(message: string): string {
  const kept: string[] = [];
  // Protect identifiers first, so the generic quote stripping leaves them alone.
  let out = message.replace(identifierQuote, (_m, kw: string, name: string) => {
    kept.push(`${kw} "${name}"`);
    return `\u0000${kept.length - 1}\u0000`;
  });
  out = out
    .replace(/(Key \([^)]*\))=\((?:[^()]|\([^)]*\))*\)/gi, '$1=(…)')
    .replace(/(Failing row contains )\((?:[^()]|\([^)]*\))*\)?/gi, '$1(…)')
    .replace(/"(?:[^"\\]|\\.)*"?/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'?/g, "'…'")
    .replace(/(invalid input (?:syntax|value) for [^:]{1,80}:)\s*.*$/i, '$1 …');
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)] ?? '');
}
