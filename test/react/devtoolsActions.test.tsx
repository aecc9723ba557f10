/**
 * The devtools' actions against the real dev server: Reconnect replaces the socket (the server
 * sees a new socket and the channel joined again on it), "Leave channel" leaves it on the
 * server, "Simulate offline" closes this manager's socket until pressed again.
 */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { RealtimeDevtools } from '../../src/devtools/index';
import { RealtimeProvider, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import { waitUntil } from '../support/waitUntil';
import { countingTransport, devtools, devtoolsRoot, setUpDevtoolsTests, serverSubscribers, waitForPanel } from './devtoolsHarness';

const fixture = setUpDevtoolsTests();

function Todos() {
  const { status } = useRealtimeSubscription({ table: 'todos', label: 'todo-list' });
  return <p data-testid="status">{status}</p>;
}

/** Renders the app with the devtools open, once the todos channel is joined on the server. */
async function renderJoined(): Promise<{ m: RealtimeManager; topic: string; view: ReturnType<typeof render>; opened: () => number }> {
  const sockets = countingTransport();
  const m = fixture.manager({ transport: sockets.transport });
  const view = render(
    <RealtimeProvider manager={m}>
      <Todos />
      <RealtimeDevtools initialIsOpen />
    </RealtimeProvider>,
  );
  await waitForPanel();
  await waitUntil(() => view.getByTestId('status').textContent === 'joined', 'the todos channel joined', 20_000);
  const topic = m.getStats().channels[0]!.topic;
  await waitUntil(() => serverSockets(topic) === 1, 'the server has the channel joined');
  return { m, topic, view, opened: sockets.opened };
}

const serverSockets = (topic: string) => serverSubscribers(fixture.server, topic);

test('Reconnect replaces a healthy socket: a new socket opens, the old one goes, and the channel is joined again on the server', async () => {
  const user = userEvent.setup();
  const { m, topic, view, opened } = await renderJoined();
  const before = { opened: opened(), joins: fixture.server.stats().joins };
  expect(before.opened).toBe(1);
  expect(m.health.getSnapshot().status).toBe('connected');

  await user.click(devtools().getByRole('button', { name: 'Reconnect' }));
  await waitUntil(() => opened() === 2, 'a second socket opened', 20_000);
  await waitUntil(() => fixture.server.stats().joins === before.joins + 1, 'the channel joined again on the new socket', 20_000);
  await waitUntil(
    () => m.health.getSnapshot().status === 'connected' && view.getByTestId('status').textContent === 'joined' && serverSubscribers(fixture.server, topic) === 1,
    'connected and joined again',
    20_000,
  );
  // The old socket is gone: one socket on the server, and no further socket opened.
  await waitUntil(() => fixture.server.stats().sockets === 1, 'one socket on the server');
  expect(opened()).toBe(2);
  // The panel's own "Simulate offline" was not left on by it.
  expect(m.simulatedOffline).toBe(false);
  expect(devtools().getByRole('button', { name: 'Simulate offline' }).getAttribute('aria-pressed')).toBe('false');
});

test('Leave channel leaves it on the server and its subscriber sees it closed; the manager then rejoins it like after a server close', async () => {
  const user = userEvent.setup();
  const { topic, view } = await renderJoined();
  const leavesBefore = fixture.server.stats().leaves;

  await user.click(devtools().getByRole('tab', { name: /^Channels/ }));
  await waitUntil(() => !!devtoolsRoot().querySelector(`tr[data-topic="${topic}"] button`), 'the channel row');
  await user.click(devtoolsRoot().querySelector<HTMLButtonElement>(`tr[data-topic="${topic}"] button`)!);
  const leave = await (async () => {
    await waitUntil(() => devtools().queryByRole('button', { name: 'Leave channel' }) !== null, 'the Leave channel button');
    return devtools().getByRole('button', { name: 'Leave channel' });
  })();
  // The table and detail follow getStats() polled once a second: wait for it to say joined.
  await waitUntil(() => !(leave as HTMLButtonElement).disabled, 'Leave enabled for the joined channel');
  await user.click(leave);

  await waitUntil(() => fixture.server.stats().leaves === leavesBefore + 1 && serverSockets(topic) === 0, 'the server saw the leave', 20_000);
  await waitUntil(() => view.getByTestId('status').textContent !== 'joined', 'the subscriber sees its channel closed');
  expect(devtoolsRoot().querySelector('[role=alert]')).toBeNull();
  // Left like a server close: the manager's channel policy rejoins it (after a backoff).
  await waitUntil(() => serverSockets(topic) === 1 && view.getByTestId('status').textContent === 'joined', 'joined again after the backoff', 20_000);
});

test('Simulate offline closes this manager\'s socket and keeps it closed; pressed again, it reconnects and rejoins', async () => {
  const user = userEvent.setup();
  const { m, topic, view, opened } = await renderJoined();
  const toggle = devtools().getByRole('button', { name: 'Simulate offline' });

  await user.click(toggle);
  expect(toggle.getAttribute('aria-pressed')).toBe('true');
  await waitUntil(() => fixture.server.stats().sockets === 0 && m.health.getSnapshot().status === 'offline', 'the socket closed and the manager offline', 20_000);
  await waitUntil(() => devtools().getByTestId('devtools-status').getAttribute('data-status') === 'offline', 'the panel shows offline');
  // Reconnect while simulated offline does not bring it back behind the switch's back.
  await user.click(devtools().getByRole('button', { name: 'Reconnect' }));
  // (The connection machine moves synchronously: a retry would already say "connecting".)
  expect(m.simulatedOffline).toBe(true);
  expect(m.health.getSnapshot().status).toBe('offline');
  expect(opened()).toBe(1);

  await user.click(toggle);
  expect(toggle.getAttribute('aria-pressed')).toBe('false');
  await waitUntil(() => serverSubscribers(fixture.server, topic) === 1 && view.getByTestId('status').textContent === 'joined', 'joined again once back online', 20_000);
  expect(opened()).toBe(2);
});
