import { readFileSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callRpc, classifyError, RpcError } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';

/** The atomic-write example, taken verbatim from the docs so the docs cannot drift. */
const DOC_SQL = /```sql\n([\s\S]*?)```/.exec(readFileSync(new URL('../../docs/atomic-writes.md', import.meta.url), 'utf8'))![1]!;

const FLAKY_SQL = /* sql */ `
create sequence public.flaky_calls;
-- Fails with SQLSTATE p_code on its first p_failures calls. Sequences are not rolled back,
-- so the count survives the failed transactions.
create or replace function public.flaky(p_failures int, p_code text) returns int
language plpgsql as $$
declare n int := nextval('public.flaky_calls');
begin
  if n <= p_failures then
    raise exception 'simulated failure on call %', n using errcode = p_code;
  end if;
  return n;
end $$;
`;

let server: DevServer;
let client: SupabaseClient;

beforeAll(async () => {
  server = await startTestServer({ schema: DOC_SQL + FLAKY_SQL });
  client = createTestClient(server);
});
afterAll(async () => {
  await server?.close();
});

describe('callRpc retries', () => {
  beforeEach(async () => {
    await server.sql('alter sequence public.flaky_calls restart with 1');
  });

  it('a function that deadlocks on its first two calls succeeds on the third', async () => {
    const retries: string[] = [];
    const n = await callRpc<number>(client, 'flaky', { p_failures: 2, p_code: '40P01' }, {
      baseMs: 5,
      onRetry: ({ classification }) => retries.push(`${classification.category}:${classification.code}`),
    });
    expect(n).toBe(3);
    expect(retries).toEqual(['transaction:40P01', 'transaction:40P01']);
  });

  it('retries serialization failures too', async () => {
    await expect(callRpc<number>(client, 'flaky', { p_failures: 1, p_code: '40001' }, { baseMs: 5 })).resolves.toBe(2);
  });

  it('a function that always fails stops at the limit with a transaction classification', async () => {
    const error = await callRpc(client, 'flaky', { p_failures: 1000, p_code: '40P01' }, { baseMs: 5, maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    const rpcError = error as RpcError;
    expect(rpcError.attempts).toBe(3);
    expect(rpcError.classification).toMatchObject({ category: 'transaction', code: '40P01', retryable: true });
    expect(classifyError(rpcError)).toMatchObject({ category: 'transaction' });
    const { rows } = await server.sql<{ last_value: string }>('select last_value from public.flaky_calls');
    expect(Number(rows[0]!.last_value)).toBe(3);
  });

  it('does not retry other failures', async () => {
    const error = (await callRpc(client, 'flaky', { p_failures: 5, p_code: '23505' }, { baseMs: 5 }).catch((e: unknown) => e)) as RpcError;
    expect(error.attempts).toBe(1);
    expect(error.classification).toMatchObject({ category: 'constraint', action: 'fix-data' });
  });

  it('rejects bad arguments with a clear typed error before any request', async () => {
    await expect(callRpc(client, 'drop table x', {})).rejects.toThrow(/must be a Postgres function name/);
    await expect(callRpc(client, 'flaky', {}, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    await expect(callRpc({} as never, 'flaky', {})).rejects.toThrow(/supabase-js client/);
  });
});

describe('the documented atomic multi-table write', () => {
  beforeAll(async () => {
    await server.sql("insert into public.products (id, name, stock) values (1, 'pen', 10), (2, 'ink', 1)");
  });

  it('commits the order, its items and the stock together', async () => {
    const orderId = await callRpc<number>(client, 'place_order', {
      p_customer: 'ada',
      p_items: [{ product_id: 2, quantity: 1 }, { product_id: 1, quantity: 3 }],
    });
    const items = await server.sql('select product_id::int, quantity from public.order_items where order_id = $1 order by product_id', [orderId]);
    expect(items.rows).toEqual([{ product_id: 1, quantity: 3 }, { product_id: 2, quantity: 1 }]);
    const stock = await server.sql('select id::int, stock from public.products order by id');
    expect(stock.rows).toEqual([{ id: 1, stock: 7 }, { id: 2, stock: 0 }]);
  });

  it('rolls back everything when the last step fails', async () => {
    const before = await server.sql('select (select count(*) from public.orders)::int as orders, (select count(*) from public.order_items)::int as items');
    const error = (await callRpc(client, 'place_order', {
      p_customer: 'bob',
      p_items: [{ product_id: 1, quantity: 2 }, { product_id: 2, quantity: 5 }], // only 0 ink left
    }).catch((e: unknown) => e)) as RpcError;
    expect(error.classification).toMatchObject({ category: 'constraint', code: '23514', constraint: 'products_stock_check', action: 'fix-data', retryable: false });
    const after = await server.sql('select (select count(*) from public.orders)::int as orders, (select count(*) from public.order_items)::int as items');
    expect(after.rows).toEqual(before.rows);
    const stock = await server.sql('select stock from public.products where id = 1');
    expect(stock.rows[0]).toEqual({ stock: 7 }); // the pen decrement before the failure was rolled back
  });
});

describe('classifyError on real errors from the dev server', () => {
  it('an unknown function is a query error; a bad token is an auth error that never leaks the token', async () => {
    const missing = (await callRpc(client, 'no_such_function', {}).catch((e: unknown) => e)) as RpcError;
    expect(missing.classification).toMatchObject({ category: 'query', retryable: false });

    const badToken = server.signJwt({ role: 'authenticated', sub: '00000000-0000-0000-0000-000000000001' }, { expiresIn: -60 });
    const expired = createTestClient(server, { accessToken: badToken });
    const response = await expired.from('products').select('*');
    const c = classifyError(response);
    expect(c).toMatchObject({ category: 'auth', action: 'reauthenticate', retryable: false });
    expect(JSON.stringify(c)).not.toContain(badToken);
    expect(JSON.stringify(c)).not.toContain(server.anonKey);
  });

  it('a not-null violation names the column and never the row values', async () => {
    const { error, status } = await client.from('products').insert({ id: 99, name: null, stock: 1 });
    const c = classifyError({ error, status });
    expect(c).toMatchObject({ category: 'constraint', code: '23502', field: 'name', action: 'fix-data' });
    expect(c.technicalMessage).not.toMatch(/\b99\b/);
  });
});
