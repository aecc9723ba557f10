import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../support/waitUntil';
import { setUpCrossTabTests } from './crossTabHarness';

/**
 * `crossTab.presence` in real Chromium: in `'tab'` mode every tab is its own presence member
 * (a follower joins presence on a socket of its own); in `'user'` mode a follower's track rides
 * the leader's one presence join, so the tabs show as one member.
 */
const harness = setUpCrossTabTests();

const memberNames = async (page: Page) => Object.values((await harness.record(page)).members).flat().sort();
const memberCount = async (page: Page) => Object.keys((await harness.record(page)).members).length;

async function openTrackers(presence: 'tab' | 'user', room: string): Promise<Page[]> {
  const pages = [await harness.openTab({ presence, room, track: 'ada' }), await harness.openTab({ presence, room, track: 'bob' })];
  await waitUntil(async () => (await Promise.all(pages.map(async (page) => (await harness.record(page)).role))).sort().join() === 'follower,leader', 'a leader and a follower', 60_000);
  const observer = await harness.openTab({ presence, room });
  await waitUntil(async () => (await harness.record(observer)).role === 'follower', 'the observer follows', 60_000);
  return [...pages, observer];
}

async function closeAll(pages: Page[]): Promise<void> {
  for (const page of pages) await page.close();
  await waitUntil(() => harness.server.stats().sockets === 0, 'every tab gone', 30_000);
}

describe('crossTab presence modes in real Chromium', () => {
  it("'tab': two tracking tabs are two members to a third tab; each follower that uses presence has a socket of its own", async () => {
    const [ada, bob, observer] = await openTrackers('tab', 'room-tab');
    await waitUntil(async () => (await memberNames(observer!)).join() === 'ada,bob', 'the observer sees ada and bob', 60_000);
    expect(await memberCount(observer!)).toBe(2);
    // The leader's socket, plus one for each follower's presence (bob and the observer).
    await waitUntil(() => harness.server.stats().sockets === 3, 'three sockets', 30_000);
    // A follower's stats count its own presence socket and channel, not the leader's channels.
    const followerStats = await harness.stats(observer!);
    expect(followerStats.sockets).toBe(1);
    expect(followerStats.channels.map((channel) => channel.topic)).toEqual(['room-tab']);
    // Still one join per distinct database subscription: those stay on the leader's socket.
    const todoChannels = harness.server.stats().channels.filter((channel) => !channel.topic.includes('room-tab'));
    expect(todoChannels.map((channel) => channel.subscribers)).toEqual([1, 1, 1, 1, 1]);

    // The leader (a tracking tab) closes: the other tracking tab leads on the socket it already
    // had for its presence (a client has one manager), stays a member, and serves the rows.
    const leaving = (await harness.record(ada!)).role === 'leader' ? ada! : bob!;
    const staying = leaving === ada ? bob! : ada!;
    const [leavingName, stayingName] = leaving === ada ? ['ada', 'bob'] : ['bob', 'ada'];
    await leaving.close();
    await waitUntil(async () => (await harness.record(staying)).role === 'leader', `${stayingName}'s tab leads`, 60_000);
    await waitUntil(async () => (await memberNames(observer!)).join() === stayingName, `${leavingName} leaves, ${stayingName} stays`, 30_000);
    // The new leader's socket (its presence socket, now also the database changes') and the observer's own.
    await waitUntil(() => harness.server.stats().sockets === 2, 'two sockets', 30_000);
    const { rows } = await harness.server.sql<{ id: number }>("insert into todos (title, priority) values ('after the presence leader left', 0) returning id");
    const id = Number(rows[0]!.id);
    for (const page of [staying, observer!]) await waitUntil(async () => (await harness.record(page)).rows.includes(id) || (await harness.record(page)).events[0]!.includes(id), `row ${id}`, 30_000);
    expect(await memberCount(observer!)).toBe(1);
    await closeAll([staying, observer!]);
  }, 180_000);

  it("'user': the tabs of one user are one member over the leader's one join and one socket", async () => {
    const pages = await openTrackers('user', 'room-user');
    const observer = pages[2]!;
    await waitUntil(async () => (await memberCount(observer)) === 1 && (await memberNames(observer)).length === 1, 'the observer sees one member', 60_000);
    // Give a wrongly separate second member time to show up before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await memberCount(observer)).toBe(1);
    expect(['ada', 'bob']).toContain((await memberNames(observer))[0]);
    expect(harness.server.stats().sockets).toBe(1);
    // The follower has no socket of its own: everything rides the leader's.
    expect(await harness.stats(observer)).toMatchObject({ sockets: 0, channels: [] });
    const room = harness.server.stats().channels.find((channel) => channel.topic.includes('room-user'));
    expect(room?.subscribers).toBe(1);
    await closeAll(pages);
  }, 180_000);
});
