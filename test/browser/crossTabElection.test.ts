import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/waitUntil';
import { setUpCrossTabTests, tabRoles, insertTodo as insertHarnessTodo } from './crossTabHarness';

/**
 * Leader election in real Chromium beyond the happy path: a browser without Web Locks (the
 * BroadcastChannel lease stands in) and a frozen leader (its lock is stolen). Durations are
 * printed, never asserted.
 */
let open: Page[] = [];

const harness = setUpCrossTabTests();

afterEach(async () => {
  for (const page of open) if (!page.isClosed()) await page.close();
  open = [];
  await waitUntil(() => harness.server.stats().sockets === 0, 'every tab gone', 60_000);
});

const roles = (pages: Page[]) => tabRoles(harness, pages);

const insertTodo = (title: string, priority: number) => insertHarnessTodo(harness, title, priority);

/** Writes rows on `priority` until one reaches subscription `priority` of every page (a follower attaches a moment after it knows its role). */
async function expectDelivered(pages: Page[], priority: number, what: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const id = await insertTodo(what, priority);
    try {
      await waitUntil(async () => (await Promise.all(pages.map(async (page) => (await harness.record(page)).events[priority]!.includes(id)))).every(Boolean), `${what}: row ${id} in every tab`, 8000);
      return;
    } catch {
      // not attached everywhere yet: another row
    }
  }
  throw new Error(`${what}: no row reached every tab`);
}

describe('crossTab election in real Chromium', () => {
  it('without Web Locks, tabs still elect one leader over BroadcastChannel and share 1 socket', async () => {
    const noLocks = (page: Page) =>
      page.addInitScript(() => {
        delete (Navigator.prototype as { locks?: unknown }).locks;
      });
    open = [await harness.openTab({}, noLocks), await harness.openTab({}, noLocks), await harness.openTab({}, noLocks)];
    expect(await open[0]!.evaluate(() => 'locks' in navigator)).toBe(false);
    const started = Date.now();
    await waitUntil(async () => (await roles(open)).sort().join() === 'follower,follower,leader', 'one leader and two followers', 60_000);
    console.log(`no Web Locks: one leader after ${Date.now() - started} ms`);
    await waitUntil(() => harness.server.stats().sockets === 1, 'one socket', 30_000);
    await expectDelivered(open, 4, 'no locks');
    // Still one leader and one socket a few heartbeats later (the lease does not flap).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await roles(open)).sort().join()).toBe('follower,follower,leader');
    expect(harness.server.stats().sockets).toBe(1);
  }, 180_000);

  it('a frozen leader: another tab steals the lock and leads, a row written afterwards reaches the live tabs, and the thawed tab follows', async () => {
    open = [await harness.openTab(), await harness.openTab(), await harness.openTab()];
    await waitUntil(async () => (await roles(open)).sort().join() === 'follower,follower,leader', 'one leader and two followers', 60_000);
    const leader = open[(await roles(open)).indexOf('leader')]!;
    const live = open.filter((page) => page !== leader);
    await expectDelivered(open, 0, 'before freezing');

    // A frozen tab runs no script (no timers, no messages) while its page, lock and socket stay.
    // Headless Chromium accepts Page.setWebLifecycleState 'frozen' for a visible page but keeps
    // running its timers (measured: 30 of 30 100-ms ticks in 3 s), so the debugger's pause
    // stops its script the same way; the freeze request is sent as well, as a real freeze does.
    const cdp = await harness.context.newCDPSession(leader);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.pause');
    const frozenAt = Date.now();
    await waitUntil(async () => (await roles(live)).includes('leader'), 'a live tab leads', 60_000);
    console.log(`frozen leader: a live tab leads ${Date.now() - frozenAt} ms after the freeze`);
    await expectDelivered(live, 1, 'after freezing');

    const newLeader = live[(await roles(live)).indexOf('leader')]!;
    await cdp.send('Debugger.resume');
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await waitUntil(async () => (await harness.record(leader)).role === 'follower', 'the thawed tab follows', 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message} (roles: thawed ${(await harness.record(leader)).role}, others ${(await roles(live)).join()}; sockets ${harness.server.stats().sockets})`);
    });
    await waitUntil(() => harness.server.stats().sockets === 1, 'one socket again', 60_000);
    // The tab that took over keeps leading: the thawed tab does not steal the lock back.
    expect(await roles(open)).toEqual(open.map((page) => (page === newLeader ? 'leader' : 'follower')));
    await expectDelivered(open, 2, 'after thawing');
  }, 240_000);
});
