import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/devserver/database/applySchema';
import { openDatabase, type OpenDatabase } from '../../src/devserver/database/openDatabase';
import { signJwt } from '../../src/devserver/jwt';
import { createRestHandler } from '../../src/devserver/rest/createRestHandler';
import type { RowChange } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';

/**
 * The `postgres://` path, against a real Postgres named by DEVSERVER_TEST_POSTGRES_URL
 * (a superuser connection; each run creates and drops its own database). Skipped when unset.
 */
const ADMIN_URL = process.env.DEVSERVER_TEST_POSTGRES_URL;
const SECRET = 'postgres-test-secret-with-32-characters!';
const ALICE = '11111111-1111-4111-8111-111111111111';

describe.skipIf(!ADMIN_URL)('openDatabase with a postgres:// URL', () => {
  const name = `devserver_test_${process.pid}_${Date.now()}`;
  let url: string;
  let db: OpenDatabase;
  let server: Server;
  let restUrl: string;
  const changes: RowChange[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(ADMIN_URL!);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    db = await openDatabase({ connectionString: url });
    await applySchema(
      db,
      `create table items (id int primary key, label text, owner uuid);
       alter table items enable row level security;
       create policy "own" on items for select to authenticated using (owner = auth.uid());
       create policy "anyone writes" on items for insert to anon, authenticated with check (true);`,
    );
    db.onChange((c) => changes.push(c));
    const anonKey = signJwt({ role: 'anon' }, SECRET);
    const handler = createRestHandler({ db, jwtSecret: SECRET, anonKey, serviceRoleKey: signJwt({ role: 'service_role' }, SECRET) });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    restUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('delivers changes in commit order even when transactions interleave', async () => {
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const start = changes.length;
      await a.query('begin');
      await a.query("insert into items (id, label) values (1, 'first write, commits last?')");
      await b.query('begin');
      // b's insert must wait for a's commit: otherwise b could commit a larger id first
      // and a's row would be skipped by a reader that has moved past it.
      const bDone = b.query("insert into items (id, label) values (2, 'second')").then(() => b.query('commit'));
      await new Promise((r) => setTimeout(r, 100));
      // A reader running now must not move past a's uncommitted id.
      await db.flushChanges();
      await a.query('commit');
      await bDone;
      await db.flushChanges();
      expect(changes.slice(start).map((c) => c.record?.id)).toEqual([1, 2]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('serves REST under RLS and applies canSee', async () => {
    const alice = createTestClient({ url: restUrl, anonKey: signJwt({ role: 'anon' }, SECRET) }, { accessToken: signJwt({ role: 'authenticated', sub: ALICE }, SECRET) });
    expect((await alice.from('items').insert({ id: 3, label: 'mine', owner: ALICE })).error).toBeNull();
    expect((await alice.from('items').select('id')).data).toEqual([{ id: 3 }]);
    await db.flushChanges();
    const change = changes.find((c) => c.record?.id === 3)!;
    expect(change).toMatchObject({ type: 'INSERT', rlsEnabled: true, columns: [{ name: 'id', type: 'int4' }, { name: 'label', type: 'text' }, { name: 'owner', type: 'uuid' }] });
    expect(await db.canSee({ role: 'authenticated', sub: ALICE }, change)).toBe(true);
    expect(await db.canSee({ role: 'anon' }, change)).toBe(false);
  });

  it('keeps delivering after the LISTEN connection is killed', async () => {
    const killed = await db.query<{ n: number }>(
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%realtime_changes%'",
    );
    expect(killed.rows[0]!.n).toBe(1);
    const start = changes.length;
    await db.query("insert into items (id, label) values (4, 'while reconnecting')");
    // No flushChanges(): the reconnected listener must read what it missed.
    for (let i = 0; i < 100 && changes.length === start; i++) await new Promise((r) => setTimeout(r, 50));
    expect(changes.slice(start).map((c) => c.record?.id)).toEqual([4]);
  });

  it('installs the change trigger on tables published by later DDL', async () => {
    await db.query('create table later (id int primary key); alter publication supabase_realtime add table later');
    const start = changes.length;
    await db.query('insert into later values (7)');
    await db.flushChanges();
    expect(changes.slice(start).map((c) => [c.table, c.record])).toEqual([['later', { id: 7 }]]);
  });
});
