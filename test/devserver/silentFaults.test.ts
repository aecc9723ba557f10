import type { SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient, type TestClientOptions } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';
import { expectReadyDelay } from './readyDelayScenario';
import { collectSystem, subscribe } from './realtimeHelpers';

/**
 * The faults that reproduce production's silent failures: a half-open connection
 * (blackhole), channels stopped by the server (close-channels) and a postgres_changes
 * subscription that goes live after the join reply (ready-delay). Stock supabase-js throughout.
 */
let server: DevServer;
const clients: SupabaseClient[] = [];
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  server.faults.reset();
  await Promise.all(clients.splice(0).map((c) => c.removeAllChannels()));
});
afterAll(async () => {
  await server?.close();
});

function client(options: TestClientOptions = {}): SupabaseClient {
  const c = createTestClient(server, options);
  clients.push(c);
  return c;
}

/** A `ws` transport that records every close its sockets see (code and when). */
function recordingTransport() {
  const closes: { code: number; at: number }[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('close', (code) => closes.push({ code, at: Date.now() }));
    }
  }
  return { closes, transport: RecordingWebSocket };
}

const post = (route: string, body: unknown) =>
  fetch(`${server.url}/__devserver/faults/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const insertTodo = (title: string) => server.sql('insert into todos (title) values ($1)', [title]).then(() => undefined);

/** A channel on `todos` INSERTs that records the titles it receives. */
function todoChannel(c: SupabaseClient, topic: string) {
  const titles: string[] = [];
  const channel = c.channel(topic).on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos' }, (change) => {
    if (String(change.new.title).startsWith(topic)) titles.push(String(change.new.title));
  });
  return { channel, titles };
}

describe('blackhole: a half-open connection', () => {
  it('carries nothing and closes nothing until ms, then drops with 1006; new connections work meanwhile', async () => {
    const { closes, transport } = recordingTransport();
    const beats: string[] = [];
    // A long heartbeat interval, so the client's own heartbeat timeout does not end the socket first.
    const c = client({ realtime: { transport, heartbeatIntervalMs: 60_000, heartbeatCallback: (s: string) => beats.push(s) } });
    const topic = `bh-${++n}`;
    const silent = todoChannel(c, topic);
    const log = await subscribe(silent.channel);

    const ms = 2500;
    const start = Date.now();
    expect(server.faults.blackhole(ms)).toBe(1);
    beats.length = 0;
    await c.realtime.sendHeartbeat();
    await insertTodo(`${topic}-during`);

    // A connection opened during the blackhole is not affected by it.
    const fresh = todoChannel(client(), `${topic}-fresh`);
    await subscribe(fresh.channel);
    await insertTodo(`${topic}-fresh-1`);
    await waitUntil(() => fresh.titles.length === 1, 'the fresh connection to get its row');

    expect(closes).toEqual([]);
    expect(c.realtime.isConnected()).toBe(true); // the client still believes the socket is fine

    await waitUntil(() => closes.length > 0, 'the blackholed socket to be dropped', ms + 15_000);
    expect(closes[0]!.code).toBe(1006);
    expect(closes[0]!.at - start).toBeGreaterThanOrEqual(ms - 5); // lower bound: not before ms
    expect(beats).toEqual(['sent']); // the heartbeat was never answered

    // realtime-js reconnects and rejoins; the row written during the blackhole is lost for good.
    await waitUntil(() => log.statuses.filter((s) => s === 'SUBSCRIBED').length === 2, 'the rejoin', 20_000);
    await insertTodo(`${topic}-after`);
    await waitUntil(() => silent.titles.length > 0, 'a row on the new connection');
    expect(silent.titles).toEqual([`${topic}-after`]);
  });

  it('discards what the client sends: a broadcast with ack gets no reply', async () => {
    const c = client({ realtime: { heartbeatIntervalMs: 60_000, timeout: 1500 } });
    const channel = c.channel(`bh-${++n}`, { config: { broadcast: { ack: true } } });
    await subscribe(channel);
    server.faults.blackhole(60_000);
    expect(await channel.send({ type: 'broadcast', event: 'ping', payload: {} })).toBe('timed out');
  });

  it('reset ends a blackhole by dropping its connections', async () => {
    const { closes, transport } = recordingTransport();
    const c = client({ realtime: { transport, heartbeatIntervalMs: 60_000 } });
    await subscribe(c.channel(`bh-${++n}`));
    server.faults.blackhole(120_000);
    server.faults.reset();
    await waitUntil(() => closes.length > 0, 'the reset to drop the connection', 15_000);
    expect(closes[0]!.code).toBe(1006);
  });

  it('POST /__devserver/faults/blackhole answers how many sockets went silent', async () => {
    const c = client({ realtime: { heartbeatIntervalMs: 60_000 } });
    await subscribe(c.channel(`bh-${++n}`));
    const res = await post('blackhole', { ms: 60_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, sockets: 1 });
  });
});

describe('close-channels: the server stops channels', () => {
  const REASON = 'Realtime was unable to connect to the project database';

  it('sends the system error and phx_close to the named topic only; the socket stays connected', async () => {
    const c = client();
    const target = c.channel(`cc-${++n}`);
    const other = c.channel(`cc-${++n}`);
    const targetSystem = collectSystem(target);
    const otherSystem = collectSystem(other);
    const targetLog = await subscribe(target);
    await subscribe(other);
    const socketsBefore = server.stats().sockets;

    expect(server.faults.closeChannels(REASON, target.subTopic)).toBe(1);
    await waitUntil(() => targetLog.statuses.includes('CLOSED'), 'the target channel to close');

    expect(targetSystem).toEqual([{ extension: 'system', status: 'error', message: REASON, channel: target.subTopic }]);
    expect(targetLog.statuses).toEqual(['SUBSCRIBED', 'CLOSED']);
    expect(target.state).toBe('closed');
    expect(otherSystem).toEqual([]);
    expect(other.state).toBe('joined');
    expect(c.realtime.isConnected()).toBe(true);
    expect(server.stats().sockets).toBe(socketsBefore);
    expect(server.stats().channels.map((ch) => ch.topic)).not.toContain(target.topic);
  });

  it('over HTTP: "realtime:x" names the same topic; without topic every channel is stopped', async () => {
    const c = client();
    const a = c.channel(`cc-${++n}`);
    const b = c.channel(`cc-${++n}`);
    const aLog = await subscribe(a);
    const bLog = await subscribe(b);

    const one = await post('close-channels', { reason: 'first', topic: `realtime:${a.subTopic}` });
    expect(await one.json()).toEqual({ ok: true, channels: 1 });
    await waitUntil(() => aLog.statuses.includes('CLOSED'), 'channel a to close');
    expect(bLog.statuses).toEqual(['SUBSCRIBED']);

    const all = await post('close-channels', { reason: 'everyone' });
    expect(await all.json()).toEqual({ ok: true, channels: 1 });
    await waitUntil(() => bLog.statuses.includes('CLOSED'), 'channel b to close');
    expect(c.realtime.isConnected()).toBe(true);
  });
});

describe('ready-delay: the subscription goes live after the join reply', () => {
  it('the system ok comes after the delay; a row committed before it is not delivered, one after is', async () => {
    server.faults.readyDelay(4000);
    await expectReadyDelay({ server, client: client(), table: 'todos', topic: `rd-${++n}`, delayMs: 4000, insert: insertTodo });
  });

  it('POST /__devserver/faults/ready-delay sets it; reset returns to the readyDelayMs option (0 here)', async () => {
    expect((await post('ready-delay', { ms: 60_000 })).status).toBe(200);
    server.faults.reset();
    const c = client();
    const channel = c.channel(`rd-${++n}`).on('postgres_changes', { event: '*', schema: 'public', table: 'todos' }, () => {});
    const system = collectSystem(channel);
    await subscribe(channel);
    await waitUntil(() => system.length > 0, 'the system ok without delay');
    expect(system[0]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' });
  });
});

describe('validation of the new faults', () => {
  it('HTTP bodies get 400 with what is wrong', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['blackhole', {}, /blackhole needs \{"ms"/],
      ['blackhole', { ms: -1 }, /"ms"/],
      ['ready-delay', { ms: 'soon' }, /ready-delay needs \{"ms"/],
      ['close-channels', {}, /"reason"/],
      ['close-channels', { reason: 'x', topic: 7 }, /"topic" must be a channel name/],
      ['close-channels', { reason: 'x', topic: 'realtime:' }, /"topic" must be a channel name/],
    ];
    for (const [route, body, message] of cases) {
      const res = await post(route, body);
      expect(res.status, route).toBe(400);
      expect((await res.json()).error, route).toMatch(message);
    }
  });

  it('programmatic forms throw TypeErrors; the unknown-route listing names the new routes', async () => {
    expect(() => server.faults.blackhole(Number.NaN)).toThrow(TypeError);
    expect(() => server.faults.readyDelay(-1)).toThrow(/ms must be a number of milliseconds/);
    expect(() => server.faults.closeChannels('')).toThrow(/reason must be a non-empty string/);
    expect(() => server.faults.closeChannels('x', '')).toThrow(/topic must be a channel name/);
    const listing = (await (await post('nope', {})).json()).error as string;
    for (const route of ['blackhole', 'close-channels', 'ready-delay']) expect(listing).toContain(`/__devserver/faults/${route},`);
  });
});
