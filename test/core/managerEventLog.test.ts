import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { RealtimeManager } from '../../src/core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../../src/core/realtimeConfigError';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil as until } from '../support/waitUntil';

let server: DevServer;
const managers: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  server.faults.reset();
  await Promise.all(managers.splice(0).map((m) => m.destroy()));
});
afterAll(async () => {
  await server?.close();
});

function newManager() {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50, maxMs: 200 }, rejoinSpreadMs: 0 });
  managers.push(manager);
  return manager;
}

const types = (m: RealtimeManager, topic?: string) => m.events.entries().filter((e) => topic === undefined || e.topic === topic).map((e) => e.type);

test('records status changes, joins, subscriber counts, a fault and the reconnect, in order', async () => {
  const manager = newManager();
  const sub = manager.subscribe({ table: 'todos', label: 'list' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  const topic = sub.topic;

  const statuses = () => manager.events.entries().filter((e) => e.type === 'status').map((e) => e.detail.to);
  expect(statuses()).toEqual(['connecting', 'connected']);
  expect(types(manager, topic)).toEqual(['subscribers', 'channel-state', 'channel-join']);
  expect(manager.events.entries().find((e) => e.type === 'subscribers')?.detail).toEqual({ from: 0, to: 1 });

  server.faults.close({ code: 1011, reason: 'boom' });
  await until(() => types(manager, topic).filter((t) => t === 'channel-join').length === 2, 'a second join after the close');

  const log = manager.events.entries();
  const fault = log.findIndex((e) => e.type === 'fault' && e.detail.code === '1011');
  const reconnecting = log.findIndex((e) => e.type === 'status' && e.detail.to === 'reconnecting');
  const reconnect = log.findIndex((e) => e.type === 'reconnect');
  const rejoined = log.findLastIndex((e) => e.type === 'channel-join');
  expect(fault).toBeGreaterThan(-1);
  expect(reconnecting).toBeGreaterThan(fault);
  expect(reconnect).toBeGreaterThan(reconnecting);
  expect(rejoined).toBeGreaterThan(reconnect);
  // Entries are in time order.
  for (let i = 1; i < log.length; i++) expect(log[i]!.at).toBeGreaterThanOrEqual(log[i - 1]!.at);

  sub.unsubscribe();
  await until(() => types(manager, topic).at(-1) === 'channel-leave', 'the leave after the grace period');
});

test('heartbeats are recorded with their latency', async () => {
  const manager = newManager();
  const sub = manager.subscribe({ table: 'todos' });
  await until(() => manager.events.entries().some((e) => e.type === 'heartbeat'), 'a heartbeat');
  const beat = manager.events.entries().find((e) => e.type === 'heartbeat')!;
  expect(typeof beat.detail.latencyMs).toBe('number');
  sub.unsubscribe();
});

test('payloads are sampled only while a listener is subscribed', async () => {
  const manager = newManager();
  const sub = manager.subscribe({ table: 'todos' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  await server.sql(`insert into todos (title) values ('unwatched')`);
  await until(() => manager.getStats().channels[0]?.events === 1, 'the first event');
  expect(manager.events.listening).toBe(false);
  expect(types(manager).filter((t) => t === 'payload')).toHaveLength(0);

  const heard: string[] = [];
  const stop = manager.events.subscribe((e) => heard.push(e.type));
  expect(manager.events.listening).toBe(true);
  await server.sql(`insert into todos (title) values ('watched')`);
  await until(() => heard.includes('payload'), 'a payload sample');
  const sample = manager.events.entries().find((e) => e.type === 'payload')!;
  expect(sample.topic).toBe(sub.topic);
  expect((sample.detail.payload as { new: { title: string } }).new.title).toBe('watched');
  stop();
  expect(manager.events.listening).toBe(false);
  sub.unsubscribe();
});

test('the log keeps the last 500 entries, oldest first', async () => {
  const manager = newManager();
  const stop = manager.events.subscribe(() => {});
  const sub = manager.subscribe({ table: 'todos', filter: 'priority=eq.77' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  await server.sql(`insert into todos (title, priority) select 'bulk-' || g, 77 from generate_series(1, 600) g`);
  await until(() => manager.getStats().channels[0]?.events === 600, 'all 600 events', 30_000);
  const log = manager.events.entries();
  expect(manager.events.capacity).toBe(500);
  expect(log).toHaveLength(500);
  const titles = log.filter((e) => e.type === 'payload').map((e) => (e.detail.payload as { new: { title: string } }).new.title);
  // The oldest entries were overwritten: what is left is the newest run of samples, in order
  // (a heartbeat may sit between two of them, so their count is 500 minus those).
  expect(titles.length).toBeGreaterThan(450);
  expect(titles).toEqual(Array.from({ length: titles.length }, (_, i) => `bulk-${601 - titles.length + i}`));
  stop();
  sub.unsubscribe();
});

test('payload samples carry no access_token, apikey, password or JWT', async () => {
  const manager = newManager();
  const sender = newManager();
  const stop = manager.events.subscribe(() => {});
  const room = manager.broadcast('redaction-room', 'note');
  const out = sender.broadcast('redaction-room', 'note');
  await until(() => room.getSnapshot().status === 'joined' && out.getSnapshot().status === 'joined', 'both joined');
  const jwt = server.signJwt({ sub: 'someone', role: 'authenticated' });
  await out.send({
    text: 'keep me',
    access_token: 'secret-access',
    nested: { apikey: 'secret-key', password: 'hunter2', header: `Bearer ${jwt}`, list: [jwt, 'fine'] },
  });
  await until(() => manager.events.entries().some((e) => e.type === 'payload'), 'the sample');
  const text = JSON.stringify(manager.events.entries());
  expect(text).toContain('keep me');
  expect(text).toContain('fine');
  expect(text).not.toContain('secret-access');
  expect(text).not.toContain('secret-key');
  expect(text).not.toContain('hunter2');
  expect(text).not.toContain(jwt);
  expect(text).not.toContain(jwt.split('.')[1]!);
  expect(text).toContain('"header":"[redacted]"');
  stop();
  room.unsubscribe();
  out.unsubscribe();
});

test('leaveChannel parks the channel until reconnect(); unknown topics are a typed error', async () => {
  const manager = newManager();
  const sub = manager.subscribe({ table: 'todos' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  expect(() => manager.leaveChannel('no-such-topic')).toThrow(RealtimeConfigError);
  expect(() => manager.leaveChannel('no-such-topic')).toThrow(/getStats\(\)\.channels/);
  manager.leaveChannel(sub.topic);
  await until(() => sub.getSnapshot().status === 'closed', 'closed');
  expect(manager.getStats().channels[0]?.state).toBe('closed');
  manager.reconnect();
  await until(() => sub.getSnapshot().status === 'joined', 'joined again');
  expect(types(manager, sub.topic).filter((t) => t === 'channel-join')).toHaveLength(2);
  sub.unsubscribe();
});

test('simulateOffline takes only this manager offline, and back', async () => {
  const manager = newManager();
  const other = newManager();
  const sub = manager.subscribe({ table: 'todos' });
  const otherSub = other.subscribe({ table: 'todos' });
  await until(() => sub.getSnapshot().status === 'joined' && otherSub.getSnapshot().status === 'joined', 'joined');
  manager.simulateOffline(true);
  expect(manager.simulatedOffline).toBe(true);
  await until(() => manager.health.getSnapshot().status === 'offline', 'offline');
  expect(other.health.getSnapshot().status).toBe('connected');
  await until(() => sub.getSnapshot().status !== 'joined', 'the channel down while offline');
  manager.simulateOffline(false);
  expect(manager.simulatedOffline).toBe(false);
  await until(() => manager.health.getSnapshot().status === 'connected' && sub.getSnapshot().status === 'joined', 'connected and joined again');
  expect(manager.events.entries().filter((e) => e.type === 'status').map((e) => e.detail.to)).toContain('offline');
  sub.unsubscribe();
  otherSub.unsubscribe();
});
