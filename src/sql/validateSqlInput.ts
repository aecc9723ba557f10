import { SqlInputError, type SqlInputField } from './sqlInputError';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** Postgres truncates identifiers past NAMEDATALEN - 1 bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** A plain Postgres identifier (letters, digits, `_`, `$`; not starting with a digit), at most 63 bytes. */
export function assertIdentifier(field: SqlInputField, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new SqlInputError(field, `\`${field}\` must be a non-empty string naming a Postgres ${field}, e.g. 'todos'.`);
  }
  if (!IDENTIFIER.test(value) || new TextEncoder().encode(value).length > MAX_IDENTIFIER_BYTES) {
    throw new SqlInputError(
      field,
      `\`${field}\` must be a plain identifier (letters, digits, _ or $, not starting with a digit, at most 63 bytes); got ${JSON.stringify(value)}. Pass the bare name without quotes or a schema prefix.`,
    );
  }
  return value;
}

/**
 * A SQL expression that will be pasted into a function body: it must not end the statement
 * (`;`), open a comment, leave a quote open or contain a dollar quote, all outside string
 * literals. It is not parsed further; Postgres reports other mistakes when the SQL runs.
 */
export function assertExpression(field: SqlInputField, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SqlInputError(field, `\`${field}\` must be a non-empty SQL expression, e.g. ${example}.`);
  }
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === quote) quote = undefined; // a doubled quote closes and reopens: still balanced
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === ';') throw new SqlInputError(field, `\`${field}\` must be one expression without ';' (got ${JSON.stringify(value)}).`);
    else if (c === '$' && /^\$[A-Za-z_]*\$/.test(value.slice(i)) && !/[A-Za-z0-9_]/.test(value[i - 1] ?? '')) {
      throw new SqlInputError(field, `\`${field}\` must not contain dollar quotes ($$ or $tag$); use '…' string literals.`);
    } else if ((c === '-' && value[i + 1] === '-') || (c === '/' && value[i + 1] === '*')) {
      throw new SqlInputError(field, `\`${field}\` must not contain SQL comments (-- or /* */).`);
    }
  }
  if (quote) throw new SqlInputError(field, `\`${field}\` has an unclosed ${quote} quote: ${JSON.stringify(value)}.`);
  return value.trim();
}
