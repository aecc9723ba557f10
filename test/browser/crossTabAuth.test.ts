import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../support/waitUntil';
import { setUpCrossTabTests } from './crossTabHarness';

/**
 * Tabs share a socket only with tabs of the same identity (docs/cross-tab.md, "Groups"): a
 * tab signed in as another user, or signed out, never uses another identity's socket. Each
 * tab subscribes to `secrets`, whose RLS policy lets a user read only their own rows, so the
 * rows a tab receives show whose token its socket carries.
 */
const password = 'cross-tab-secret-1';
let adaId: string;
let bobId: string;

const harness = setUpCrossTabTests(async (started) => {
  adaId = (await started.server.auth.createUser({ email: 'ada@example.com', password })).id;
  bobId = (await started.server.auth.createUser({ email: 'bob@example.com', password })).id;
});

async function insertSecret(owner: string, body: string): Promise<number> {
  const { rows } = await harness.server.sql<{ id: number }>('insert into secrets (owner_id, body) values ($1, $2) returning id', [owner, body]);
  return Number(rows[0]!.id);
}

const secretsOf = async (page: Page) => (await harness.record(page)).secrets;

/** Writes `owner`'s rows until one reaches every page in `to` (subscriptions attach a moment after the role is known); returns the ids written. */
async function deliverSecret(owner: string, to: Page[], what: string): Promise<number[]> {
  const written: number[] = [];
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const id = await insertSecret(owner, what);
    written.push(id);
    try {
      await waitUntil(async () => (await Promise.all(to.map(async (page) => (await secretsOf(page)).includes(id)))).every(Boolean), `${what}: secret ${id} in every tab`, 8000);
      return written;
    } catch {
      // not attached everywhere yet: another row
    }
  }
  throw new Error(`${what}: no secret reached every tab`);
}

describe('crossTab and identities in real Chromium', () => {
  it("a tab of another user leads its own socket and sees only its user's rows; signed out, it leaves that user's socket too", async () => {
    const ada = [
      await harness.openTab({ email: 'ada@example.com', password, secrets: '1' }),
      await harness.openTab({ email: 'ada@example.com', password, secrets: '1' }),
    ];
    const bob = await harness.openTab({ email: 'bob@example.com', password, secrets: '1' });
    // The page signs in before it mounts the provider.
    await waitUntil(async () => (await harness.record(ada[0]!)).userId === adaId && (await harness.record(ada[1]!)).userId === adaId, 'ada signed in twice', 30_000);
    await waitUntil(async () => (await harness.record(bob)).userId === bobId, 'bob signed in', 30_000);

    await waitUntil(async () => (await Promise.all(ada.map(async (page) => (await harness.record(page)).role))).sort().join() === 'follower,leader', "ada's tabs: a leader and a follower", 60_000);
    await waitUntil(async () => (await harness.record(bob)).role === 'leader', "bob's tab leads its own group", 60_000);
    expect((await harness.record(bob)).tabs).toBe(1);
    await waitUntil(() => harness.server.stats().sockets === 2, "two sockets: ada's and bob's", 30_000);

    const adaRows = await deliverSecret(adaId, ada, "ada's secret");
    const bobRows = await deliverSecret(bobId, [bob], "bob's secret");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a leak to show up
    for (const page of ada) expect((await secretsOf(page)).filter((id) => bobRows.includes(id))).toEqual([]);
    expect((await secretsOf(bob)).filter((id) => adaRows.includes(id))).toEqual([]);

    // Signed out, bob's tab is anonymous: it leads an anonymous group of its own, not ada's.
    await bob.evaluate(() => (window as unknown as { __signOut: () => Promise<unknown> }).__signOut());
    await waitUntil(async () => (await harness.record(bob)).userId === null, 'bob signed out', 30_000);
    await waitUntil(async () => (await harness.record(bob)).role === 'leader', 'the signed-out tab leads its own group', 60_000);
    await waitUntil(() => harness.server.stats().sockets === 2, "two sockets: ada's and the anonymous tab's", 30_000);
    // An anonymous tab opened now shares the signed-out tab's socket.
    const anon = await harness.openTab({ secrets: '1' });
    await waitUntil(async () => (await harness.record(anon)).role === 'follower', 'the anonymous tab follows', 60_000);
    expect((await harness.record(anon)).tabs).toBe(2);
    expect(harness.server.stats().sockets).toBe(2);

    const seenBefore = (await secretsOf(bob)).length;
    const laterBob = await insertSecret(bobId, 'after sign-out');
    await deliverSecret(adaId, ada, "ada's secret after bob's sign-out");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const bobSeen = await secretsOf(bob);
    expect(bobSeen).not.toContain(laterBob);
    expect(bobSeen).toHaveLength(seenBefore);
    expect(await secretsOf(anon)).toEqual([]);
    for (const page of [...ada, bob, anon]) await page.close();
  }, 240_000);
});
