import type { SupabaseClient } from '@supabase/supabase-js';
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient, type TestClientOptions } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { collectSystem, subscribe, waitFor } from './realtimeHelpers';

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

const post = (route: string, body: unknown) =>
  fetch(`${server.url}/__devserver/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Status sequence after the first SUBSCRIBED, once a second SUBSCRIBED arrived. */
async function recovers(log: { statuses: string[]; errors: (string | undefined)[] }) {
  await waitFor(() => log.statuses.filter((s) => s === 'SUBSCRIBED').length >= 2, 15_000, 'a second SUBSCRIBED');
  return log.statuses.map((s, i) => (s === 'CHANNEL_ERROR' ? `${s}: ${log.errors[i]}` : s));
}

/** Tries a raw WebSocket handshake; resolves with the HTTP status of a refusal, or 101 when it opened. */
function handshakeStatus(): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.anonKey}&vsn=2.0.0`);
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', () => {});
  });
}

describe('fault controls, observed by a real client', () => {
  it('close 1011: the client reconnects and rejoins', async () => {
    const log = await subscribe(client().channel(`f-${++n}`));
    server.faults.close({ code: 1011, reason: 'boom' });
    expect(await recovers(log)).toEqual(['SUBSCRIBED', 'CHANNEL_ERROR: socket closed: 1011 (boom)', 'SUBSCRIBED']);
  });

  it('abrupt close: no close frame, the client sees 1006 and rejoins', async () => {
    const log = await subscribe(client().channel(`f-${++n}`));
    server.faults.close({ abrupt: true });
    const statuses = await recovers(log);
    expect(statuses[1]).toMatch(/^CHANNEL_ERROR: socket closed: 1006/);
  });

  it('stalled heartbeats: the client times out, reconnects and rejoins', async () => {
    const beats: string[] = [];
    const c = client({ realtime: { heartbeatIntervalMs: 300, heartbeatCallback: (status: string) => beats.push(status) } });
    const log = await subscribe(c.channel(`f-${++n}`));
    server.faults.stallHeartbeats(500);
    const statuses = await recovers(log);
    expect(beats).toContain('timeout');
    expect(statuses).toContain('CHANNEL_ERROR: heartbeat timeout');
    await waitFor(() => beats.lastIndexOf('ok') > beats.indexOf('timeout'), 5_000, 'heartbeats answered again');
  });

  it('delayed heartbeats: answered late (the measured latency grows), while broadcasts still flow', async () => {
    const latencies: number[] = [];
    const c = client({ realtime: { heartbeatIntervalMs: 1_500, heartbeatCallback: (status: string, latency?: number) => void (status === 'ok' && latency !== undefined && latencies.push(latency)) } });
    const heard: unknown[] = [];
    const channel = c.channel(`f-${++n}`, { config: { broadcast: { self: true } } }).on('broadcast', { event: 'tick' }, (m) => void heard.push(m));
    await subscribe(channel);
    server.faults.delayHeartbeats(800);
    await waitFor(() => latencies.some((ms) => ms >= 800), 10_000, 'a heartbeat answered at least 800 ms late');
    await channel.send({ type: 'broadcast', event: 'tick', payload: {} });
    await waitFor(() => heard.length === 1, 5_000, 'the broadcast echo, with the fault still on');
    server.faults.reset();
  });

  it('refuse: new upgrades get HTTP 503 until the window ends, then the client gets back in', async () => {
    const log = await subscribe(client().channel(`f-${++n}`));
    server.faults.refuse(1_500);
    expect(await handshakeStatus()).toBe(503);
    server.faults.close({ code: 1000, reason: 'refusing' });
    await recovers(log);
    expect(await handshakeStatus()).toBe(101);
  });

  it('fail-joins: the next join gets the given reason, the retry succeeds', async () => {
    server.faults.failJoins(1, 'RealtimeRestarting: Realtime is restarting, please standby');
    const channel = client().channel(`f-${++n}`);
    const pending = subscribe(channel);
    await pending;
    expect(pending.log.statuses).toEqual(['CHANNEL_ERROR', 'SUBSCRIBED']);
    expect(pending.log.errors[0]).toBe('RealtimeRestarting: Realtime is restarting, please standby');
  });

  it('expire-tokens: user channels get the system error and CLOSED; anon channels stay; the token is refused after', async () => {
    const token = server.signJwt({ role: 'authenticated', sub: 'exp-user' });
    // supabase-js always gives realtime an accessToken callback, which wins over a manual
    // setAuth(token) at the next join or heartbeat; so the token comes from the callback.
    const user = client({ accessToken: token });
    await user.realtime.setAuth();
    const userChannel = user.channel(`f-${++n}`);
    const system = collectSystem(userChannel);
    const userLog = await subscribe(userChannel);
    const anonChannel = client().channel(`f-${++n}`);
    const anonLog = await subscribe(anonChannel);
    server.faults.expireTokens();
    await waitFor(() => userLog.statuses.includes('CLOSED'));
    expect(system).toContainEqual({ extension: 'system', status: 'error', message: 'Token has expired 0 seconds ago', channel: userChannel.subTopic });
    expect(anonLog.statuses).toEqual(['SUBSCRIBED']);
    expect(anonChannel.state).toBe('joined');
    const again = subscribe(user.channel(`f-${++n}`), ['CHANNEL_ERROR']);
    await again;
    expect(again.log.errors[0]).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);
  });

  it('latency: replies come late but every frame keeps its order', async () => {
    const latencies: number[] = [];
    const c = client({
      realtime: { heartbeatIntervalMs: 800, heartbeatCallback: (status: string, ms?: number) => status === 'ok' && latencies.push(ms ?? 0) },
    });
    const topic = `f-${++n}`;
    const receiver = c.channel(topic);
    const got: number[] = [];
    receiver.on('broadcast', { event: 'seq' }, (m) => got.push(m.payload.i));
    const sender = client().channel(topic);
    await Promise.all([subscribe(receiver), subscribe(sender)]);
    server.faults.latency(300);
    const from = latencies.length;
    for (let i = 0; i < 5; i++) await sender.send({ type: 'broadcast', event: 'seq', payload: { i } });
    await waitFor(() => got.length === 5 && latencies.length > from + 1);
    expect(got).toEqual([0, 1, 2, 3, 4]);
    // (The heartbeat interval exceeds the latency, or every heartbeat would time out.)
    // A lower bound, not a speed claim: the server held the heartbeat reply for the latency.
    expect(Math.max(...latencies.slice(from + 1))).toBeGreaterThanOrEqual(250);
  });
});

describe('fault routes over HTTP', () => {
  it('POST /__devserver/faults/close closes sockets; the client rejoins', async () => {
    const log = await subscribe(client().channel(`h-${++n}`));
    const res = await post('faults/close', { code: 4000, reason: 'via http' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await recovers(log))[1]).toBe('CHANNEL_ERROR: socket closed: 4000 (via http)');
  });

  it('every fault route answers 200 with JSON and CORS headers', async () => {
    const routes: [string, unknown][] = [
      ['faults/stall-heartbeats', { ms: 10 }],
      ['faults/delay-heartbeats', { ms: 0 }],
      ['faults/refuse', { ms: 10 }],
      ['faults/fail-joins', { count: 0, reason: 'x' }],
      ['faults/expire-tokens', {}],
      ['faults/latency', { ms: 0 }],
      ['faults/reset', {}],
    ];
    for (const [route, body] of routes) {
      const res = await post(route, body);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it('bad bodies get 400 with a JSON error that says what is wrong', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['faults/stall-heartbeats', {}, /"ms"/],
      ['faults/latency', { ms: -1 }, /"ms"/],
      ['faults/delay-heartbeats', { ms: 'late' }, /"ms"/],
      ['faults/close', { code: 1006 }, /close code/],
      ['faults/close', { reason: 5 }, /reason/],
      ['faults/fail-joins', { count: 'two' }, /count/],
      ['faults/refuse', 'not json', /not valid JSON/],
      ['faults/reset', [1], /JSON object/],
    ];
    for (const [route, body, message] of cases) {
      const res = await post(route, body);
      expect(res.status, route).toBe(400);
      expect((await res.json()).error, route).toMatch(message);
    }
  });

  it('GET /__devserver/stats; unknown routes 404; preflights are answered', async () => {
    await subscribe(client().channel(`h-${++n}`));
    const stats = await (await fetch(`${server.url}/__devserver/stats`)).json();
    expect(Object.keys(stats).sort()).toEqual(['channels', 'framesIn', 'framesOut', 'joins', 'leaves', 'sockets']);
    expect(stats.channels).toContainEqual({ topic: `realtime:h-${n}`, subscribers: 1 });
    expect((await post('faults/nope', {})).status).toBe(404);
    for (const path of ['/__devserver/faults/close', '/rest/v1/todos', '/realtime/v1/api/broadcast']) {
      const pre = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:6006', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, content-type' },
      });
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      expect(pre.headers.get('access-control-allow-headers')).toMatch(/apikey.*authorization.*content-type.*x-client-info.*prefer.*accept-profile.*content-profile.*range/);
    }
  });

  it('programmatic faults reject bad arguments with a TypeError', () => {
    expect(() => server.faults.latency(-5)).toThrow(TypeError);
    expect(() => server.faults.close({ code: 1005 })).toThrow(/1000–1003/);
    expect(() => server.faults.failJoins(1.5)).toThrow(/integer/);
  });
});

describe('who may use the /__devserver routes', () => {
  it('nobody when devMode is false; only loopback callers otherwise', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    const [prod, open] = await Promise.all([
      startTestServer({ devMode: false, schema: '' }),
      startTestServer({ host: '0.0.0.0', schema: '' }),
    ]);
    try {
      const res = await fetch(`${prod.url}/__devserver/faults/close`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect((await fetch(`${prod.url}/__devserver/stats`)).status).toBe(404);
      const port = new URL(open.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/__devserver/stats`)).status).toBe(200);
      if (external) expect((await fetch(`http://${external}:${port}/__devserver/stats`)).status).toBe(404);
    } finally {
      await Promise.all([prod.close(), open.close()]);
    }
  });

  it('REST responses carry the CORS header too', async () => {
    const res = await fetch(`${server.url}/rest/v1/todos?select=id&limit=1`, { headers: { apikey: server.anonKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
