/**
 * The same exact-match guarantee through the React layer: `useRealtimeSubscription` with filter
 * values holding quotes, commas, parentheses and unicode, rendered in jsdom against the dev server.
 */
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager, RealtimeProvider, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
let manager: RealtimeManager | null = null;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  await manager?.destroy();
  manager = null;
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

test('useRealtimeSubscription passes tricky filter values safely and matches them exactly', async () => {
  const values = ['he said "no", then (left)', "l'été ☀️", 'a,b,c'];
  const got = new Map<string, string[]>(values.map((v) => [v, []]));
  const statuses = new Map<string, string>();
  function Watch({ value }: { value: string }) {
    const { status } = useRealtimeSubscription({
      table: 'todos',
      event: 'INSERT',
      filter: `title=eq.${quoted(value)}`,
      onChange: (p) => got.get(value)!.push(String(p.new.title)),
    });
    statuses.set(value, status);
    return null;
  }
  manager = createRealtimeManager(createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } }), { gracePeriodMs: 50 });
  render(
    <RealtimeProvider manager={manager}>
      {values.map((v) => (
        <Watch key={v} value={v} />
      ))}
    </RealtimeProvider>,
  );
  await waitUntil(() => values.every((v) => statuses.get(v) === 'joined'), 'joins');
  const titles = ['he said "no"', 'a', 'b,c', 'l été ☀️', ...values, 'a,b,c '];
  for (const title of titles) await server.sql('insert into todos (title) values ($1)', [title]);
  await waitUntil(() => values.every((v) => got.get(v)!.length >= 1), 'matching rows');
  await sleep(300);
  for (const v of values) expect(got.get(v), v).toEqual([v]);
});
