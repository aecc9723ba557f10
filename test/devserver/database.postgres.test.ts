import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/devserver/database/applySchema';
import { openDatabase, type OpenDatabase } from '../../src/devserver/database/openDatabase';
import { signJwt } from '../../src/devserver/jwt';
import { createRestHandler } from '../../src/devserver/rest/createRestHandler';
import type { RowChange } from '../../src/devserver/types';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { waitUntil } from '../support/waitUntil';
import { expectReadyDelay } from './readyDelayScenario';
import { subscribe } from './realtimeHelpers';

/**
 * The `postgres://` path, against a real Postgres named by DEVSERVER_TEST_POSTGRES_URL
 * (a superuser connection; each run creates and drops its own databases). CI starts one with
 * scripts/start-test-postgres.sh; without it (no Postgres on the machine) the file is skipped.
 */
const ADMIN_URL = process.env.DEVSERVER_TEST_POSTGRES_URL;
const SKIPPED = ADMIN_URL ? '' : ' (skipped: DEVSERVER_TEST_POSTGRES_URL is unset; eval "$(bash scripts/start-test-postgres.sh)" starts a cluster)';
if (!ADMIN_URL) console.warn(`database.postgres.test.ts${SKIPPED}`);

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const parsed = new URL(ADMIN_URL!);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
const SECRET = 'postgres-test-secret-with-32-characters!';
const ALICE = '11111111-1111-4111-8111-111111111111';

describe.skipIf(!ADMIN_URL)(`openDatabase with a postgres:// URL${SKIPPED}`, () => {
  const name = `devserver_test_${process.pid}_${Date.now()}`;
  let url: string;
  let db: OpenDatabase;
  let server: Server;
  let restUrl: string;
  const changes: RowChange[] = [];

  beforeAll(async () => {
    url = await createDatabase(name);
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
    await dropDatabase(name);
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

describe.skipIf(!ADMIN_URL)(`startDevServer on a postgres:// URL: the silent-failure faults${SKIPPED}`, () => {
  const name = `devserver_faults_${process.pid}_${Date.now()}`;
  let server: DevServer;

  beforeAll(async () => {
    const url = await createDatabase(name);
    server = await startDevServer({ database: url, schema: 'create table tasks (id int generated always as identity primary key, title text)', readyDelayMs: 3000 });
  });
  afterAll(async () => {
    await server?.close();
    await dropDatabase(name);
  });

  it('readyDelayMs: a row committed before the delayed system ok is not delivered, one after is', async () => {
    const client = createTestClient(server);
    const insert = (title: string) => server.sql('insert into tasks (title) values ($1)', [title]).then(() => undefined);
    await expectReadyDelay({ server, client, table: 'tasks', topic: 'pg-ready', delayMs: 3000, insert });
    client.realtime.disconnect();
  });

  it('close-channels and blackhole work on this driver too', async () => {
    server.faults.readyDelay(0);
    const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
    const channel = client.channel('pg-faults');
    const log = await subscribe(channel);
    expect(server.faults.closeChannels('Too many messages per second', 'pg-faults')).toBe(1);
    await waitUntil(() => log.statuses.includes('CLOSED'), 'the channel to close');
    expect(client.realtime.isConnected()).toBe(true);
    await waitUntil(() => server.stats().sockets === 1, 'only this client to be connected');
    expect(server.faults.blackhole(0)).toBe(1);
    await waitUntil(() => server.stats().sockets === 0, 'the blackholed socket to be dropped');
    client.realtime.disconnect();
  });
});
