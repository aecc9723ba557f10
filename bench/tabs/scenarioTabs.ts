import type { Page } from 'playwright-core';
import type { CrossTabHarness } from '../../test/browser/crossTabHarness';
import { sleep } from '../waitFor';
import { spreadOf, type Spread } from './stats';

/** What one (N, mode) run measured. */
export interface TabsResult {
  tabs: number;
  shared: boolean;
  /** Sockets open on the dev server once every tab is up. */
  sockets: number;
  /** `phx_join` frames the dev server received while the tabs came up. */
  joins: number;
  /** Per timed row: INSERT → the last tab applies it, ms. */
  deliveries: number[];
  delivery: Spread;
}

/** Every tab mounts 20 subscriptions over 5 distinct `priority` filters (test/browser/crossTabPage). */
const DISTINCT = 5;

async function poll(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench:tabs: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function insertTodo(harness: CrossTabHarness, title: string, priority: number): Promise<number> {
  const { rows } = await harness.server.sql<{ id: number }>('insert into todos (title, priority) values ($1, $2) returning id', [title, priority]);
  return Number(rows[0]!.id);
}

/** When each tab first applied `id` (the page's own clock, the same machine's as ours), or null. */
async function seenAt(harness: CrossTabHarness, pages: Page[], id: number): Promise<Array<number | null>> {
  return Promise.all(pages.map(async (page) => (await harness.record(page)).eventTimes[id] ?? null));
}

/**
 * A follower's subscriptions reach the leader a moment after its role is known, and a change
 * written before that is not delivered to it (its query refetch covers it, not its callbacks):
 * write warm-up rows until one reaches every tab.
 */
async function warmUp(harness: CrossTabHarness, pages: Page[], priority: number): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const id = await insertTodo(harness, 'warm-up', priority);
    try {
      await poll(async () => (await seenAt(harness, pages, id)).every((at) => at !== null), `warm-up row ${id} in every tab`, 4000);
      return;
    } catch {
      // not every subscription was attached yet: try another row
    }
  }
  throw new Error(`bench:tabs: no warm-up row on priority ${priority} reached every tab`);
}

/**
 * Opens `tabs` pages of one browser context, shared (`crossTab: true`) or one socket per tab,
 * waits until every subscription of every tab delivers (one warm-up row per filter, not timed),
 * then times `rows` INSERTs from the statement to the last tab applying the change.
 */
export async function runTabsScenario(harness: CrossTabHarness, tabs: number, shared: boolean, rows: number): Promise<TabsResult> {
  const joinsBefore = harness.server.stats().joins;
  const pages: Page[] = [];
  try {
    for (let i = 0; i < tabs; i += 1) pages.push(await harness.openTab(shared ? {} : { crossTab: '0' }));
    const expected = shared ? DISTINCT : DISTINCT * tabs;
    await poll(async () => harness.server.stats().channels.reduce((sum, channel) => sum + channel.subscribers, 0) === expected, `${expected} joined channels`);
    if (shared) {
      const settled = async () => (await Promise.all(pages.map(async (page) => (await harness.record(page)).role))).filter((role) => role === 'follower').length === tabs - 1;
      await poll(settled, 'one leader and the others following');
    }
    for (let priority = 0; priority < DISTINCT; priority += 1) await warmUp(harness, pages, priority);
    const { sockets, joins } = harness.server.stats();
    const deliveries: number[] = [];
    for (let run = 0; run < rows; run += 1) {
      const started = Date.now();
      const id = await insertTodo(harness, 'timed', run % DISTINCT);
      let times: Array<number | null> = [];
      await poll(async () => (times = await seenAt(harness, pages, id)).every((at) => at !== null), `row ${id} in every tab`);
      deliveries.push(Math.max(...(times as number[])) - started);
    }
    return { tabs, shared, sockets, joins: joins - joinsBefore, deliveries, delivery: spreadOf(deliveries) };
  } finally {
    for (const page of pages) await page.close();
    await poll(async () => harness.server.stats().sockets === 0, 'the tabs gone', 60_000);
  }
}
