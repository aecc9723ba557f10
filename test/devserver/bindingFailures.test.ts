import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';
import { collectSystem, subscribe } from './realtimeHelpers';

/** The `failBindings` fault, seen by stock supabase-js: a system error, then the server's retry succeeds. */
let server: DevServer;
let n = 0;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.faults.reset());
afterAll(async () => {
  await server?.close();
});

const post = (route: string, body: unknown) =>
  fetch(`${server.url}/__devserver/faults/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('failBindings', () => {
  it('an OK join, a system error, then the ok after the retry; a row committed while failing is not delivered, one after is', async () => {
    server.faults.failBindings(1);
    const client = createTestClient(server);
    const topic = `fb-${++n}`;
    const received: string[] = [];
    const channel = client
      .channel(topic)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos' }, (change) => received.push(String(change.new.title)));
    const system = collectSystem(channel);
    await subscribe(channel);
    await waitUntil(() => system.length > 0, 'the system error');
    expect(system).toEqual([{ extension: 'postgres_changes', status: 'error', message: 'Realtime was unable to connect to the project database', channel: topic }]);
    await server.sql(`insert into todos (title) values ('${topic}-while-failing')`);

    await waitUntil(() => system.length > 1, 'the ok after the retry', 15_000);
    expect(system[1]).toEqual({ extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL', channel: topic });
    await server.sql(`insert into todos (title) values ('${topic}-after-ok')`);
    await waitUntil(() => received.length > 0, 'the row after the ok');
    expect(received).toEqual([`${topic}-after-ok`]);
    await client.removeChannel(channel);
  });

  it('POST /__devserver/faults/fail-bindings takes a count and a message; bad input gets 400 saying what is wrong', async () => {
    expect((await post('fail-bindings', { count: 1, message: 'Too many database timeouts' })).status).toBe(200);
    const client = createTestClient(server);
    const channel = client.channel(`fb-${++n}`).on('postgres_changes', { event: '*', schema: 'public', table: 'notes' }, () => {});
    const system = collectSystem(channel);
    await subscribe(channel);
    await waitUntil(() => system.length > 0, 'the system error');
    expect(system[0]).toMatchObject({ status: 'error', message: 'Too many database timeouts' });
    await client.removeChannel(channel);

    for (const [body, pattern] of [
      [{}, /fail-bindings needs \{"count"/],
      [{ count: -1 }, /fail-bindings needs \{"count"/],
      [{ count: 1, message: '' }, /"message" must be a non-empty string/],
    ] as const) {
      const res = await post('fail-bindings', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(pattern);
    }
    expect(() => server.faults.failBindings(1.5)).toThrow(/count must be an integer ≥ 0, got 1.5/);
    expect(() => server.faults.failBindings(1, '')).toThrow(/message must be a non-empty string/);
  });
});
