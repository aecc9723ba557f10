import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
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

/** A `ws` transport that records whether each received frame was binary, and its first byte. */
function recordingTransport(frames: { binary: boolean; kind?: number }[]) {
  return class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer | ArrayBuffer, isBinary: boolean) =>
        frames.push({ binary: isBinary, kind: isBinary ? new Uint8Array(data as ArrayBuffer)[0] : undefined }),
      );
    }
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- broadcast payloads are whatever the test sent
type Received = { event: string; payload: any };
function onBroadcast(channel: RealtimeChannel): Received[] {
  const got: Received[] = [];
  channel.on('broadcast', { event: '*' }, (m: Received) => got.push(m));
  return got;
}

describe('broadcast', () => {
  it('vsn 2.0.0: binary frames both ways, self and ack', async () => {
    const frames: { binary: boolean; kind?: number }[] = [];
    const topic = `room-${++n}`;
    const sender = client().channel(topic, { config: { broadcast: { self: true, ack: true } } });
    const receiver = client({ realtime: { transport: recordingTransport(frames) } }).channel(topic);
    const own = onBroadcast(sender);
    const got = onBroadcast(receiver);
    await Promise.all([subscribe(sender), subscribe(receiver)]);
    expect(await sender.send({ type: 'broadcast', event: 'move', payload: { x: 1, name: 'é🙂' } })).toBe('ok');
    await waitFor(() => got.length === 1 && own.length === 1);
    expect(got[0]).toMatchObject({ event: 'move', payload: { x: 1, name: 'é🙂' } });
    expect(own[0]).toMatchObject({ event: 'move', payload: { x: 1 } });
    expect(frames.some((f) => f.binary && f.kind === 4)).toBe(true);
  });

  it('an ArrayBuffer payload stays binary for vsn 2 and is dropped for vsn 1', async () => {
    const topic = `room-${++n}`;
    const sender = client().channel(topic);
    const v2 = client().channel(topic);
    const v1 = client({ realtime: { vsn: '1.0.0' } }).channel(topic);
    const got2 = onBroadcast(v2);
    const got1 = onBroadcast(v1);
    await Promise.all([subscribe(sender), subscribe(v2), subscribe(v1)]);
    await sender.send({ type: 'broadcast', event: 'bytes', payload: new Uint8Array([1, 2, 255]).buffer });
    await sender.send({ type: 'broadcast', event: 'json', payload: { after: true } });
    await waitFor(() => got2.length === 2 && got1.length === 1);
    expect([...new Uint8Array(got2[0]!.payload as ArrayBuffer)]).toEqual([1, 2, 255]);
    expect(got1.map((m) => m.event)).toEqual(['json']);
  });

  it('an unsupported vsn is refused at the handshake', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.anonKey}&vsn=3.0.0`);
      ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(400);
  });

  it('without self the sender does not get its own message', async () => {
    const topic = `room-${++n}`;
    const a = client().channel(topic);
    const b = client().channel(topic);
    const gotA = onBroadcast(a);
    const gotB = onBroadcast(b);
    await Promise.all([subscribe(a), subscribe(b)]);
    await a.send({ type: 'broadcast', event: 'from-a', payload: {} });
    await waitFor(() => gotB.length === 1);
    await b.send({ type: 'broadcast', event: 'from-b', payload: {} });
    // Frames to one socket keep their order: had a's own message been sent back, it would precede this one.
    await waitFor(() => gotA.length === 1);
    expect(gotA.map((m) => m.event)).toEqual(['from-b']);
  });

  it('vsn 1.0.0 and 2.0.0 clients talk to each other (JSON for v1)', async () => {
    const topic = `room-${++n}`;
    const v1 = client({ realtime: { vsn: '1.0.0' } }).channel(topic, { config: { broadcast: { ack: true } } });
    const v2 = client().channel(topic);
    const got1 = onBroadcast(v1);
    const got2 = onBroadcast(v2);
    await Promise.all([subscribe(v1), subscribe(v2)]);
    expect(await v1.send({ type: 'broadcast', event: 'hello', payload: { from: 1 } })).toBe('ok');
    await v2.send({ type: 'broadcast', event: 'hello', payload: { from: 2 } });
    await waitFor(() => got1.length === 1 && got2.length === 1);
    expect(got2[0]).toMatchObject({ event: 'hello', payload: { from: 1 } });
    expect(got1[0]).toMatchObject({ event: 'hello', payload: { from: 2 } });
  });

  it('REST: send() before joining falls back to POST /api/broadcast, and httpSend() answers success', async () => {
    const topic = `room-${++n}`;
    const listener = client().channel(topic);
    const got = onBroadcast(listener);
    await subscribe(listener);
    const restClient = client();
    const unjoined = restClient.channel(topic);
    const warn = console.warn;
    console.warn = () => {}; // realtime-js warns about the REST fallback
    try {
      expect(await unjoined.send({ type: 'broadcast', event: 'via-rest', payload: { n: 1 } })).toBe('ok');
    } finally {
      console.warn = warn;
    }
    expect(await unjoined.httpSend('via-http-send', { n: 2 })).toEqual({ success: true });
    await waitFor(() => got.length === 2);
    expect(got.map((m) => [m.event, m.payload])).toEqual([
      ['via-rest', { n: 1 }],
      ['via-http-send', { n: 2 }],
    ]);
  });

  it('the REST API refuses a missing or forged apikey and a bad body with the real statuses', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${server.url}/realtime/v1/api/broadcast`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const missing = await post({}, '{"messages":[]}');
    expect([missing.status, await missing.json()]).toEqual([401, { message: 'Unauthorized' }]);
    const forged = server.anonKey.slice(0, -4) + 'AAAA';
    const refused = await post({ apikey: forged }, '{"messages":[]}');
    expect([refused.status, await refused.json()]).toEqual([401, { message: 'Unauthorized' }]);
    const bad = await post({ apikey: server.anonKey }, '{"messages":{}}');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ errors: { messages: ['is invalid'] } });
    expect((await post({ apikey: server.anonKey }, '{"messages":[]}')).status).toBe(202);
  });
});

describe('presence', () => {
  it('sync, join and leave between two clients', async () => {
    const topic = `lobby-${++n}`;
    const alice = client().channel(topic, { config: { presence: { key: 'alice' } } });
    const bob = client().channel(topic, { config: { presence: { key: 'bob' } } });
    const events: string[] = [];
    bob.on('presence', { event: 'join' }, ({ key }) => events.push(`join:${key}`));
    bob.on('presence', { event: 'leave' }, ({ key }) => events.push(`leave:${key}`));
    let syncs = 0;
    bob.on('presence', { event: 'sync' }, () => syncs++);
    alice.on('presence', { event: 'sync' }, () => {});
    await Promise.all([subscribe(alice), subscribe(bob)]);
    expect(await alice.track({ name: 'Alice' })).toBe('ok');
    await waitFor(() => events.includes('join:alice'));
    expect(syncs).toBeGreaterThan(0);
    expect(bob.presenceState()).toMatchObject({ alice: [{ name: 'Alice' }] });
    expect(await bob.track({ name: 'Bob' })).toBe('ok');
    await waitFor(() => Object.keys(alice.presenceState()).includes('bob'));
    expect(await alice.untrack()).toBe('ok');
    await waitFor(() => events.includes('leave:alice'));
    expect(Object.keys(bob.presenceState())).toEqual(['bob']);
  });

  it('a late joiner gets presence_state, and a closed socket leaves', async () => {
    const topic = `lobby-${++n}`;
    const aliceClient = client();
    const alice = aliceClient.channel(topic, { config: { presence: { key: 'alice' } } });
    alice.on('presence', { event: 'sync' }, () => {});
    await subscribe(alice);
    await alice.track({ online: true });
    const carol = client().channel(topic, { config: { presence: { key: 'carol' } } });
    const left: string[] = [];
    carol.on('presence', { event: 'leave' }, ({ key }) => left.push(key));
    await subscribe(carol);
    await waitFor(() => carol.presenceState().alice);
    aliceClient.realtime.disconnect();
    await waitFor(() => left.includes('alice'));
    expect(carol.presenceState().alice).toBeUndefined();
  });

  it('track with a payload that is not a map gets the real error', async () => {
    const ch = client().channel(`lobby-${++n}`);
    ch.on('presence', { event: 'sync' }, () => {});
    await subscribe(ch);
    expect(await ch.track([1, 2] as never)).toBe('error');
  });
});

describe('vsn 1.0.0', () => {
  it('postgres_changes, system messages and presence work with JSON object frames', async () => {
    const c = client({ realtime: { vsn: '1.0.0' } });
    const channel = c.channel(`v1-${++n}`, { config: { presence: { key: 'v1' } } });
    const system = collectSystem(channel);
    const titles: string[] = [];
    channel.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: 'title=eq.v1' }, (p) =>
      titles.push((p.new as { title: string }).title),
    );
    channel.on('presence', { event: 'sync' }, () => {});
    await subscribe(channel);
    await waitFor(() => system.length > 0);
    expect(system[0]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' });
    await server.sql("insert into public.todos (title) values ('v1')");
    expect(await channel.track({ v: 1 })).toBe('ok');
    await waitFor(() => titles.length === 1 && channel.presenceState().v1);
  });
});

describe('join errors', () => {
  async function joinError(c: SupabaseClient, topic: string, config: Record<string, unknown> = {}) {
    const channel = c.channel(topic, { config });
    const log = await subscribe(channel, ['CHANNEL_ERROR', 'SUBSCRIBED']);
    return log.errors[log.statuses.indexOf('CHANNEL_ERROR')];
  }

  it('an expired token: InvalidJWTToken: Token has expired N seconds ago', async () => {
    const c = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'u1' }, { expiresIn: -5 }) });
    await c.realtime.setAuth();
    expect(await joinError(c, `t-${++n}`)).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);
  });

  it('a token that is not a JWT, or signed with another secret', async () => {
    const c = client({ accessToken: 'not-a-jwt' });
    await c.realtime.setAuth();
    expect(await joinError(c, `t-${++n}`)).toBe('MalformedJWT: The token provided is not a valid JWT');
    const d = client({ accessToken: server.signJwt({ role: 'authenticated' }).slice(0, -3) + 'abc' });
    await d.realtime.setAuth();
    expect(await joinError(d, `t-${++n}`)).toBe('JwtSignatureError: Failed to validate JWT signature');
  });

  it('private channels: refused for anon, allowed for service_role and for a realtime_topics claim', async () => {
    const topic = `secret-room-${++n}`;
    expect(await joinError(client(), topic, { private: true })).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    await subscribe(client({ key: server.serviceRoleKey }).channel(topic, { config: { private: true } }));
    const member = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'm', realtime_topics: [topic] }) });
    await member.realtime.setAuth();
    await subscribe(member.channel(topic, { config: { private: true } }));
  });

  it('private channels: an RLS policy on realtime.messages decides, as on the real server', async () => {
    const topic = `members-${++n}`;
    const member = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'm1', member: true }) });
    await member.realtime.setAuth();
    await subscribe(member.channel(topic, { config: { private: true } }));
    const outsider = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'm2' }) });
    await outsider.realtime.setAuth();
    expect(await joinError(outsider, topic, { private: true })).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    const wrongRoom = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'm1', member: true }) });
    await wrongRoom.realtime.setAuth();
    expect(await joinError(wrongRoom, `other-${n}`, { private: true })).toMatch(/^Unauthorized: /);
    // The probe rows were rolled back.
    expect((await server.sql('select count(*)::int as n from realtime.messages')).rows[0]).toEqual({ n: 0 });
  });

  it('more than 100 channels on one socket: ChannelRateLimitReached', async () => {
    const c = client();
    const joins = Array.from({ length: 100 }, (_, i) => subscribe(c.channel(`many-${n}-${i}`)));
    await Promise.all(joins);
    expect(await joinError(c, `many-${n}-extra`)).toBe('ChannelRateLimitReached: Too many channels');
  });

  it('the handshake refuses a bad apikey with HTTP 401 and a JSON error', async () => {
    const status = await new Promise<{ code: number; body: string }>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=nope&vsn=2.0.0`);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      });
    });
    expect(status).toEqual({ code: 401, body: JSON.stringify({ error: 'The token provided is not a valid JWT' }) });
  });
});

describe('tokens while joined', () => {
  it('a token that expires while joined gets the system error, then CLOSED', async () => {
    const c = client({ accessToken: server.signJwt({ role: 'authenticated', sub: 'u2' }, { expiresIn: 2 }) });
    await c.realtime.setAuth();
    const channel = c.channel(`exp-${++n}`);
    const system = collectSystem(channel);
    const log = await subscribe(channel);
    await waitFor(() => log.statuses.includes('CLOSED'), 10_000, 'CLOSED');
    expect(system).toContainEqual({ extension: 'system', status: 'error', message: expect.stringMatching(/^Token has expired \d+ seconds ago$/), channel: channel.subTopic });
    expect(log.statuses).toEqual(['SUBSCRIBED', 'CLOSED']);
  });

  it('access_token updates the claims postgres changes are checked with', async () => {
    const owner = '00000000-0000-4000-8000-0000000000c1';
    const c = client();
    const channel = c.channel(`tok-${++n}`);
    const bodies: string[] = [];
    channel.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'secrets' }, (p) => bodies.push((p.new as { body: string }).body));
    await subscribe(channel); // joined as anon (the apikey)
    await server.sql(`insert into public.secrets (owner_id, body) values ($1, 'hidden')`, [owner]);
    const framesBefore = server.stats().framesIn;
    await c.realtime.setAuth(server.signJwt({ role: 'authenticated', sub: owner })); // pushes access_token
    await waitFor(() => server.stats().framesIn > framesBefore, 10_000, 'the access_token frame');
    await server.sql(`insert into public.secrets (owner_id, body) values ($1, 'visible')`, [owner]);
    await waitFor(() => bodies.length === 1);
    expect(bodies).toEqual(['visible']);
  });

  it('an invalid access_token while joined: system error, then CLOSED', async () => {
    const c = client();
    const channel = c.channel(`tok-${++n}`);
    const system = collectSystem(channel);
    const log = await subscribe(channel);
    await c.realtime.setAuth(server.signJwt({ role: 'authenticated' }, { expiresIn: -10 }));
    await waitFor(() => log.statuses.includes('CLOSED'));
    expect(system[0]).toMatchObject({ extension: 'system', status: 'error', message: expect.stringMatching(/^Token has expired \d+ seconds ago$/) });
  });
});

describe('stats', () => {
  it('counts sockets, joins, leaves, frames and channels', async () => {
    const before = server.stats();
    const topic = `stats-${++n}`;
    const a = client().channel(topic);
    const b = client().channel(topic);
    await Promise.all([subscribe(a), subscribe(b)]);
    const during = server.stats();
    expect(during.joins - before.joins).toBeGreaterThanOrEqual(2);
    expect(during.channels).toContainEqual({ topic: `realtime:${topic}`, subscribers: 2 });
    expect(during.framesIn).toBeGreaterThan(before.framesIn);
    expect(during.framesOut).toBeGreaterThan(before.framesOut);
    expect(during.sockets).toBeGreaterThanOrEqual(2);
    await a.unsubscribe();
    await waitFor(() => server.stats().leaves > before.leaves);
    await waitFor(() => server.stats().channels.find((c) => c.topic === `realtime:${topic}`)?.subscribers === 1);
  });
});
