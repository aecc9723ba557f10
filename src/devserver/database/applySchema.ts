import type { Database } from '../types';
import { quoteTable } from './quoteIdent';

const PUBLIC_TABLES = /* sql */ `
select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'public' and c.relkind in ('r', 'p')`;

/**
 * Runs schema SQL as the owner. Tables it creates in `public` join the
 * `supabase_realtime` publication (and get the change trigger), unless the SQL
 * mentions `publication`, in which case it is trusted to manage that itself.
 */
export async function applySchema(db: Pick<Database, 'query' | 'exec' | 'refreshCatalog'>, sql: string): Promise<void> {
  const before = new Set((await db.query<{ name: string }>(PUBLIC_TABLES)).rows.map((r) => r.name));
  await db.exec(sql);
  if (!/publication/i.test(sql)) {
    const created = (await db.query<{ name: string }>(PUBLIC_TABLES)).rows.map((r) => r.name).filter((name) => !before.has(name));
    if (created.length > 0) {
      await db.exec(`alter publication supabase_realtime add table ${created.map((name) => quoteTable('public', name)).join(', ')}`);
    }
  }
  await db.refreshCatalog();
}
