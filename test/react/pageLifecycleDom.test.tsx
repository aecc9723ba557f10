/**
 * The DEFAULT environment in a DOM (jsdom): real `visibilitychange`, `online` and `pageshow`
 * events on document/window reach the manager's one machine, and phoenix's own window
 * listeners (installed because `window` exists here) never reconnect behind its back.
 */
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { RealtimeManager } from '../../src/index';
import { createRealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createFrameRecorder } from '../support/frameRecorder';
import { waitUntil } from '../support/waitUntil';
import { recordHealth, renderTodoApp } from './realtimeHarness';

let server: DevServer;
let manager: RealtimeManager | null = null;
let visibility: DocumentVisibilityState = 'visible';
beforeAll(async () => {
  server = await startTestServer();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});
afterEach(async () => {
  cleanup();
  server.faults.reset();
  await manager?.destroy();
  manager = null;
  setVisibility('visible');
});
afterAll(async () => {
  await server?.close();
});

function setVisibility(next: DocumentVisibilityState): void {
  if (visibility === next) return;
  visibility = next;
  // As browsers fire it: at the document, bubbling to window (where phoenix listens).
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

function pageshow(persisted: boolean): void {
  window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
}

test('after a blackhole, the real visibilitychange to visible brings the missed row into the UI', async () => {
  const client = createTestClient(server); // default 25 s heartbeat: only the check can find the dead socket
  const app = renderTodoApp(server, client, { gracePeriodMs: 50 });
  manager = app.manager;
  await waitUntil(() => app.view.container.textContent?.includes('todos:joined notes:joined') === true, 'both channels joined');
  const joins = app.manager.getStats().channelJoins;
  setVisibility('hidden');
  server.faults.blackhole(60_000);
  await server.sql(`insert into todos (title) values ('missed while hidden')`);
  const health = recordHealth(app.manager, 'status');
  const start = performance.now();
  setVisibility('visible');
  await waitUntil(() => app.view.container.textContent?.includes('missed while hidden') === true, 'the missed row in the UI', 20_000);
  console.info(`[page lifecycle, jsdom] row in the UI ${Math.round(performance.now() - start)} ms after visibilitychange`);
  await waitUntil(() => app.view.container.textContent?.includes('todos:joined notes:joined') === true, 'both channels joined again');
  expect(health.seen).toEqual(['connected', 'reconnecting', 'connected']);
  expect(app.manager.getStats().channelJoins - joins).toBe(2);
  health.unsubscribe();
});

test('online, a back/forward-cache pageshow and visibilitychange each cost one heartbeat on a healthy socket', async () => {
  const recorder = createFrameRecorder();
  const client = createTestClient(server, { realtime: { transport: recorder.transport, heartbeatIntervalMs: 60_000 } });
  manager = createRealtimeManager(client);
  const sub = manager.subscribe({ table: 'todos' });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined');
  const heartbeats = () => recorder.sent.filter((f) => f.event === 'heartbeat').length;
  const from = recorder.sent.length;
  // The local server answers within milliseconds; a check while one is in flight is ignored.
  const answered = () => new Promise((r) => setTimeout(r, 1000));
  window.dispatchEvent(new Event('online'));
  await waitUntil(() => heartbeats() === 1, 'the probe after `online`');
  await answered();
  pageshow(false); // an ordinary load, not a restore: no check
  pageshow(true);
  await waitUntil(() => heartbeats() === 2, 'the probe after `pageshow`');
  await answered();
  setVisibility('hidden');
  setVisibility('visible');
  await waitUntil(() => heartbeats() === 3, 'the probe after visibilitychange');
  await new Promise((r) => setTimeout(r, 2500));
  expect(recorder.since(from).filter((f) => f.event !== 'access_token')).toEqual(Array(3).fill({ topic: 'phoenix', event: 'heartbeat' }));
  expect(manager.getStats().reconnects).toBe(0);
  sub.unsubscribe();
});

test("phoenix's visibilitychange handler does not reconnect while the circuit is open", async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
  manager = createRealtimeManager(client, { backoff: { baseMs: 10, maxMs: 10 }, circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 } });
  const sub = manager.subscribe({ table: 'todos' });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined');
  server.faults.refuse(1500);
  server.faults.close({ abrupt: true });
  await waitUntil(() => manager!.health.getSnapshot().circuit === 'open', 'the circuit open after a refused reconnect');
  await waitUntil(() => server.stats().sockets === 0, 'no socket');
  await new Promise((r) => setTimeout(r, 1600)); // the server accepts sockets again
  setVisibility('hidden');
  setVisibility('visible');
  window.dispatchEvent(new Event('online'));
  pageshow(true);
  await new Promise((r) => setTimeout(r, 1500));
  expect(server.stats().sockets).toBe(0);
  expect(manager.health.getSnapshot().circuit).toBe('open');
  expect(manager.health.getSnapshot().status).toBe('disconnected');
  // The one policy still answers an explicit retry.
  manager.reconnect();
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined after reconnect()');
  sub.unsubscribe();
});
