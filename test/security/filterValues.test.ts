/**
 * Filter values with quotes, commas, parentheses, unicode and SQL-looking text are passed to
 * the server safely and match exactly: each subscription receives its own row and none of the
 * near misses. Through the manager against the dev server over a real socket.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager, RealtimeConfigError } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgREST-style quoting, the way the server reads a filter value: `"…"` with `\` escapes. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const TRICKY = [
  "O'Brien",
  'a,b',
  '(x)',
  'say "hi"',
  'back\\slash',
  '漢字 ✓ 🎉',
  "x' or '1'='1",
  'title=eq.other',
  'a),(b',
  '  padded  ',
];
const NEAR_MISSES = ['OBrien', 'a', 'b', 'x', 'say hi', 'backslash', '漢字', "x' or '1'='2", 'other', 'padded', 'a),(b '];

test('each tricky value matches exactly its own row, with eq and with in', async () => {
  const manager = createRealtimeManager(createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } }), { gracePeriodMs: 50 });
  try {
    const received = new Map<string, string[]>();
    const handles = TRICKY.map((value) => {
      received.set(value, []);
      return manager.subscribe({ table: 'todos', event: 'INSERT', filter: `title=eq.${quoted(value)}`, onChange: (p) => received.get(value)!.push(String(p.new.title)) });
    });
    const inValues = ['a,b', '(x)', 'say "hi"', '漢字 ✓ 🎉'];
    const inReceived: string[] = [];
    handles.push(
      manager.subscribe({ table: 'todos', event: 'INSERT', filter: `title=in.(${inValues.map(quoted).join(',')})`, onChange: (p) => inReceived.push(String(p.new.title)) }),
    );
    const allReceived: string[] = [];
    handles.push(manager.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => allReceived.push(String(p.new.title)) }));
    await waitUntil(() => handles.every((h) => h.getSnapshot().status === 'joined'), 'joins');

    const titles = [...NEAR_MISSES, ...TRICKY];
    for (const title of titles) await server.sql('insert into todos (title) values ($1)', [title]);
    await waitUntil(() => allReceived.length === titles.length, 'every insert on the unfiltered subscription');
    await sleep(200);

    for (const value of TRICKY) expect(received.get(value), `filter for ${JSON.stringify(value)}`).toEqual([value]);
    expect(inReceived.sort()).toEqual([...inValues].sort());
    // The exact strings survived the trip (no mojibake, no trimming).
    expect(allReceived).toEqual(titles);
    expect(handles.every((h) => h.getSnapshot().error === null)).toBe(true);
  } finally {
    await manager.destroy();
  }
});

test('a malformed filter is refused before any join, with a typed error that says how to fix it', async () => {
  const manager = createRealtimeManager(createTestClient(server), { gracePeriodMs: 50 });
  try {
    const joins = server.stats().joins;
    for (const filter of ['title=fts.x', 'title=in.a,b', 'title', 'title=eq.a,,done=eq.true']) {
      let error: unknown;
      try {
        manager.subscribe({ table: 'todos', filter });
      } catch (e) {
        error = e;
      }
      expect(error, filter).toBeInstanceOf(RealtimeConfigError);
      expect((error as RealtimeConfigError).code).toBe('invalid-filter');
      expect((error as Error).message).toMatch(/column=operator\.value/);
    }
    await sleep(200);
    expect(server.stats().joins).toBe(joins);
  } finally {
    await manager.destroy();
  }
});
