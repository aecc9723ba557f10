/**
 * The `private` option through the React hooks: a private channel the user may not read (the
 * dev server's policy on `realtime.messages` admits only `member` users to `members-…`) shows
 * status `errored` with a classified `permission` error and is not rejoined in a loop; toggling
 * `private` moves the subscription to the other channel.
 */
import { randomUUID } from 'node:crypto';
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  RealtimeProvider,
  createRealtimeManager,
  useBroadcast,
  usePresence,
  useRealtimeSubscription,
  type RealtimeManager,
} from '../../src/index';
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

function newManager(): RealtimeManager {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 } });
  return manager;
}

test('hooks on a refused private channel: errored with a permission error, no rejoin loop', async () => {
  const m = newManager();
  const topic = `members-${randomUUID().slice(0, 8)}`;
  const errors: Record<string, unknown> = {};
  function Hooks() {
    const room = useBroadcast(topic, 'msg', undefined, { private: true });
    const people = usePresence(`${topic}-p`, { name: 'ann' }, { private: true });
    const rows = useRealtimeSubscription({ table: 'todos', event: 'INSERT', channel: `${topic}-pg`, private: true });
    errors.rows = rows.error;
    return (
      <>
        <span data-testid="room">{room.status}</span>
        <span data-testid="people">{people.status}</span>
        <span data-testid="rows">{rows.status}</span>
      </>
    );
  }
  const view = render(
    <RealtimeProvider manager={m}>
      <Hooks />
    </RealtimeProvider>,
  );
  const text = (id: string) => view.getByTestId(id).textContent;
  await waitUntil(() => ['room', 'people', 'rows'].every((id) => text(id) === 'errored'), 'all three hooks errored');
  expect(errors.rows).toMatchObject({ category: 'permission', retryable: false });
  const channels = m.getStats().channels;
  expect(channels.map((c) => c.topic).sort()).toEqual([topic, `${topic}-p`, `${topic}-pg`]);
  const joinsAtError = server.stats().joins;
  await new Promise((r) => setTimeout(r, 2500)); // realtime-js's own rejoin timer would fire at 1 s and 2 s
  expect(server.stats().joins - joinsAtError, 'joins after the refusal').toBe(0);
  expect(['room', 'people', 'rows'].map(text)).toEqual(['errored', 'errored', 'errored']);
});

test('changing `private` moves the subscription to the other channel', async () => {
  const m = newManager();
  function Rows({ isPrivate }: { isPrivate: boolean }) {
    const rows = useRealtimeSubscription({ table: 'todos', event: 'INSERT', private: isPrivate });
    return <span data-testid="rows">{rows.status}</span>;
  }
  const tree = (isPrivate: boolean) => (
    <RealtimeProvider manager={m}>
      <Rows isPrivate={isPrivate} />
    </RealtimeProvider>
  );
  const view = render(tree(false));
  const status = () => view.getByTestId('rows').textContent;
  await waitUntil(() => status() === 'joined', 'the public channel joined');
  view.rerender(tree(true));
  await waitUntil(() => status() === 'errored', 'the private channel refused');
  await waitUntil(() => m.getStats().channels.length === 1 && m.getStats().channels[0]!.topic.endsWith('-private'), 'the public channel left');
  view.rerender(tree(false));
  await waitUntil(() => status() === 'joined', 'the public channel joined again');
});

test('useBroadcast: switching `private` on the same channel name moves to the other channel (no conflict)', async () => {
  const m = newManager();
  const topic = `members-${randomUUID().slice(0, 8)}`;
  function Room({ isPrivate }: { isPrivate: boolean }) {
    const { status } = useBroadcast(topic, 'msg', undefined, { private: isPrivate });
    return <span data-testid="room">{status}</span>;
  }
  const tree = (isPrivate: boolean) => (
    <RealtimeProvider manager={m}>
      <Room isPrivate={isPrivate} />
    </RealtimeProvider>
  );
  const view = render(tree(false));
  const status = () => view.getByTestId('room').textContent;
  await waitUntil(() => status() === 'joined', 'the public room joined');
  view.rerender(tree(true));
  await waitUntil(() => status() === 'errored', 'the private room refused');
  view.rerender(tree(false));
  await waitUntil(() => status() === 'joined', 'the public room joined again');
  expect(m.getStats().channels.map((c) => c.state)).toEqual(['joined']);
});
