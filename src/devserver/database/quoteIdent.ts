/** Quotes a Postgres identifier (`my"col` becomes `"my""col"`), so any name is safe in SQL text. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('An identifier cannot contain a NUL character.');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` */
export function quoteTable(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
