import type { DevServerLogger, JwtClaims, RowChange } from '../types';
import { quoteIdent, quoteTable } from './quoteIdent';
import { roleOf } from './roleOf';

type AsUser = <T>(claims: JwtClaims, fn: (tx: { query: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }) => Promise<T>) => Promise<T>;

const CACHE_LIMIT = 2000;

function asParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Answers "may this subscriber see this row?" the way Supabase Realtime does: by
 * selecting the row by primary key as the subscriber's role, with its claims, so the
 * table's RLS policies decide. Like the real server it checks the row as it is now.
 *
 * DELETE is always visible: the row is gone and cannot be checked; the change then
 * carries only the primary key (see `toRowChange`), as on the real server.
 * Answers are cached per change and claims, since every subscriber of a table asks
 * about the same change at the same time.
 */
export class RowVisibility {
  #asUser: AsUser;
  #logger: DevServerLogger | undefined;
  #cache = new Map<string, Promise<boolean>>();

  constructor(asUser: AsUser, logger?: DevServerLogger) {
    this.#asUser = asUser;
    this.#logger = logger;
  }

  canSee(claims: JwtClaims, change: RowChange): Promise<boolean> {
    const role = roleOf(claims);
    if (!change.rlsEnabled || role === 'service_role' || change.type === 'DELETE') return Promise.resolve(true);
    // Without a primary key the row cannot be found; the real server reports such
    // changes with an error instead of filtering them, so let them through.
    if (change.primaryKey.length === 0 || !change.record) return Promise.resolve(true);
    const key = `${change.id}\u0000${JSON.stringify(claims)}`;
    let answer = this.#cache.get(key);
    if (!answer) {
      answer = this.#check(claims, change);
      this.#cache.set(key, answer);
      if (this.#cache.size > CACHE_LIMIT) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    return answer;
  }

  async #check(claims: JwtClaims, change: RowChange): Promise<boolean> {
    const record = change.record!;
    const where = change.primaryKey.map((column, i) => `${quoteIdent(column)} = $${i + 1}`).join(' and ');
    const params = change.primaryKey.map((column) => asParam(record[column]));
    try {
      return await this.#asUser(claims, async (tx) => {
        const { rows } = await tx.query(`select exists (select 1 from ${quoteTable(change.schema, change.table)} where ${where}) as visible`, params);
        return rows[0]?.visible === true;
      });
    } catch (error) {
      // e.g. the role lacks SELECT on the table: it may not see the row.
      this.#logger?.debug?.('canSee: check failed, not delivering', { table: `${change.schema}.${change.table}`, error: String(error) });
      return false;
    }
  }
}
