/**
 * The manager under random sequences of mount, unmount, fault and wait events, against the dev
 * server over a real socket. Invariants after every step: each channel's subscriber count
 * equals the live subscriptions on it (so never negative), and every live subscription has a
 * channel; after the grace period no channel is left without subscribers; at the end
 * everything is released, on the client and on the server.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createSwitchableEnvironment } from '../support/chaosEnvironment';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const GRACE_MS = 80;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Mounted = { topic: string; unsubscribe(): void };
const SPECS: ((m: RealtimeManager) => Mounted)[] = [
  (m) => m.subscribe({ table: 'todos' }),
  (m) => m.subscribe({ table: 'todos', event: 'INSERT' }),
  (m) => m.subscribe({ table: 'notes' }),
  (m) => m.subscribe({ table: 'todos', filter: 'priority=gt.1' }),
  (m) => m.broadcast('room:a', 'ping'),
  (m) => m.presence('room:b', { user: 'me' }),
];

type Command =
  | { t: 'mount'; spec: number }
  | { t: 'unmount'; pick: number }
  | { t: 'fault'; kind: 'close 1000' | 'close 1011' | 'abrupt' | 'fail joins' | 'offline' | 'online' }
  | { t: 'wait'; ms: number }
  | { t: 'grace' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('mount' as const), spec: fc.integer({ min: 0, max: SPECS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('unmount' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('fault' as const), kind: fc.constantFrom('close 1000', 'close 1011', 'abrupt', 'fail joins', 'offline', 'online') }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 150 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'grace' as const }) },
);

function checkCounts(manager: RealtimeManager, mounted: readonly Mounted[], step: string): void {
  const stats = manager.getStats();
  const expected = new Map<string, number>();
  for (const m of mounted) expected.set(m.topic, (expected.get(m.topic) ?? 0) + 1);
  for (const channel of stats.channels) {
    expect(channel.subscribers, `${step}: ${channel.topic} subscribers`).toBeGreaterThanOrEqual(0);
    expect(channel.subscribers, `${step}: ${channel.topic} reference count`).toBe(expected.get(channel.topic) ?? 0);
  }
  const topics = new Set(stats.channels.map((c) => c.topic));
  for (const topic of expected.keys()) expect(topics.has(topic), `${step}: a subscription on ${topic} has no channel`).toBe(true);
  expect(stats.subscribers, `${step}: subscribers`).toBe(mounted.length);
}

test('reference counts hold under random mount/unmount/fault sequences', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 18 }), async (commands) => {
      const environment = createSwitchableEnvironment();
      const manager = createRealtimeManager(createTestClient(server, { realtime: { heartbeatIntervalMs: 1000, timeout: 2000 } }), {
        gracePeriodMs: GRACE_MS,
        backoff: { baseMs: 30, maxMs: 200 },
        circuitBreaker: { failureThreshold: 50, cooldownMs: 200 },
        environment,
      });
      const mounted: Mounted[] = [];
      try {
        manager.connect();
        for (const [i, c] of commands.entries()) {
          const step = `step ${i} ${JSON.stringify(c)}`;
          switch (c.t) {
            case 'mount':
              mounted.push(SPECS[c.spec]!(manager));
              break;
            case 'unmount':
              if (mounted.length > 0) mounted.splice(c.pick % mounted.length, 1)[0]!.unsubscribe();
              break;
            case 'fault':
              if (c.kind === 'close 1000') server.faults.close({ code: 1000 });
              else if (c.kind === 'close 1011') server.faults.close({ code: 1011 });
              else if (c.kind === 'abrupt') server.faults.close({ abrupt: true });
              else if (c.kind === 'fail joins') server.faults.failJoins(2);
              else environment.setOnline(c.kind === 'online');
              break;
            case 'wait':
              await sleep(c.ms);
              break;
            case 'grace':
              await sleep(GRACE_MS + 60);
              checkCounts(manager, mounted, step);
              expect(manager.getStats().channels.filter((ch) => ch.subscribers === 0), `${step}: channels without subscribers after the grace period`).toEqual([]);
              expect(manager.getStats().problems.filter((p) => p.kind === 'orphaned-channel'), `${step}: orphaned channels`).toEqual([]);
              break;
          }
          checkCounts(manager, mounted, step);
        }
        // Release everything: after the grace period nothing is left on either side.
        server.faults.reset();
        environment.setOnline(true);
        for (const m of mounted.splice(0)) m.unsubscribe();
        checkCounts(manager, mounted, 'after unmounting all');
        await waitUntil(() => manager.getStats().channels.length === 0, 'channels released after the grace period');
        await waitUntil(() => manager.getStats().clientChannels === 0, 'realtime-js channels removed');
        expect(manager.getStats().problems.filter((p) => p.kind === 'orphaned-channel')).toEqual([]);
      } finally {
        server.faults.reset();
        await manager.destroy();
      }
      await waitUntil(() => server.stats().sockets === 0, 'the server to see the socket closed');
      expect(server.stats().channels).toEqual([]);
    }),
    { numRuns: 25, endOnFailure: true },
  );
}, 120_000);
