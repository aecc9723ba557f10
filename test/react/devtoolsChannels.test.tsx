/**
 * The devtools' Channels tab against the real dev server: it lists the channels of the mounted
 * subscriptions, follows subscriber counts and labels as components mount and unmount, and a
 * selected channel shows its recent payloads with credentials removed.
 */
import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { expect, test } from 'vitest';
import { RealtimeDevtools } from '../../src/devtools/index';
import { RealtimeProvider, useBroadcast, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import { waitUntil } from '../support/waitUntil';
import { devtools, devtoolsRoot, setUpDevtoolsTests, serverSubscribers, waitForPanel } from './devtoolsHarness';

const fixture = setUpDevtoolsTests();
const manager = (): RealtimeManager => fixture.manager();

/** The Channels table's body rows, by topic. */
function rows(): Map<string, HTMLElement> {
  const found = devtoolsRoot().querySelectorAll<HTMLElement>('table[aria-label=Channels] tbody tr');
  return new Map([...found].map((row) => [row.dataset.topic!, row]));
}

const cell = (row: HTMLElement, testId: string) => row.querySelector(`[data-testid=${testId}]`)?.textContent;
const chips = (row: HTMLElement) => [...row.querySelectorAll('.chip')].map((chip) => chip.textContent).sort();

async function openChannelsTab(): Promise<void> {
  await waitForPanel();
  await userEvent.setup().click(devtools().getByRole('tab', { name: /^Channels/ }));
  await waitUntil(() => devtools().getByRole('tab', { name: /^Channels/ }).getAttribute('aria-selected') === 'true', 'the Channels tab selected');
}

function Watcher({ label }: { label: string }) {
  useRealtimeSubscription({ table: 'todos', label });
  return null;
}

function Notes() {
  useRealtimeSubscription({ table: 'notes', label: 'notes-view' });
  return null;
}

function Room() {
  useBroadcast('devtools-room', 'chat');
  return null;
}

function App() {
  const [watchers, setWatchers] = useState(1);
  const [notes, setNotes] = useState(true);
  return (
    <>
      <button onClick={() => setWatchers((n) => n + 1)}>mount watcher</button>
      <button onClick={() => setWatchers((n) => n - 1)}>unmount watcher</button>
      <button onClick={() => setNotes(false)}>unmount notes</button>
      {Array.from({ length: watchers }, (_, i) => (
        <Watcher key={i} label={`watcher-${i + 1}`} />
      ))}
      {notes && <Notes />}
      <Room />
      <RealtimeDevtools initialIsOpen />
    </>
  );
}

test('the Channels tab lists every mounted subscription\'s channel, and subscriber counts and labels follow mounts and unmounts', async () => {
  const m = manager();
  const view = render(
    <RealtimeProvider manager={m}>
      <App />
    </RealtimeProvider>,
  );
  await openChannelsTab();
  // One row per channel the manager holds: todos, notes and the broadcast room, all joined.
  await waitUntil(() => rows().size === 3 && [...rows().values()].every((row) => cell(row, 'channel-state') === 'joined'), 'three joined channel rows', 20_000);
  const topics = m.getStats().channels.map((c) => c.topic);
  expect([...rows().keys()].sort()).toEqual([...topics].sort());
  const kinds = [...rows().values()].map((row) => row.children[1]!.textContent).sort();
  expect(kinds).toEqual(['broadcast/presence', 'postgres_changes', 'postgres_changes']);
  const todosTopic = m.getStats().channels.find((c) => c.labels.includes('watcher-1'))!.topic;
  const notesTopic = m.getStats().channels.find((c) => c.labels.includes('notes-view'))!.topic;
  expect(rows().get(todosTopic)!.querySelector('button')!.textContent).toBe(todosTopic);
  expect(cell(rows().get(todosTopic)!, 'channel-subscribers')).toBe('1');
  expect(chips(rows().get(todosTopic)!)).toEqual(['watcher-1']);
  expect(devtools().getByRole('tab', { name: /^Channels/ }).textContent).toBe('Channels (3)');

  act(() => view.getByText('mount watcher').click());
  act(() => view.getByText('mount watcher').click());
  await waitUntil(() => cell(rows().get(todosTopic)!, 'channel-subscribers') === '3', 'three subscribers shown');
  expect(chips(rows().get(todosTopic)!)).toEqual(['watcher-1', 'watcher-2', 'watcher-3']);

  act(() => view.getByText('unmount watcher').click());
  await waitUntil(() => cell(rows().get(todosTopic)!, 'channel-subscribers') === '2', 'two subscribers shown');
  expect(chips(rows().get(todosTopic)!)).toEqual(['watcher-1', 'watcher-2']);

  // The last subscriber of notes unmounts: after the grace period the channel is left and its row goes.
  act(() => view.getByText('unmount notes').click());
  await waitUntil(() => !rows().has(notesTopic), 'the notes row removed');
  expect(rows().size).toBe(2);
  await waitUntil(() => serverSubscribers(fixture.server, notesTopic) === 0, 'the server left the notes channel');
  expect(serverSubscribers(fixture.server, todosTopic)).toBe(1);
  expect(devtools().getByRole('tab', { name: /^Channels/ }).textContent).toBe('Channels (2)');
});

test('a selected channel shows its broadcast payloads with access_token and JWT-looking strings removed', async () => {
  const m = manager();
  const sender = manager();
  render(
    <RealtimeProvider manager={m}>
      <Room />
      <RealtimeDevtools initialIsOpen />
    </RealtimeProvider>,
  );
  await openChannelsTab();
  await waitUntil(() => rows().size === 1 && cell([...rows().values()][0]!, 'channel-state') === 'joined', 'the room joined', 20_000);
  const [topic, row] = [...rows()][0]!;
  await userEvent.setup().click(row.querySelector('button')!);
  const detail = await (async () => {
    await waitUntil(() => devtoolsRoot().querySelector(`section[aria-label="Channel ${topic}"]`) !== null, 'the channel detail');
    return devtoolsRoot().querySelector<HTMLElement>(`section[aria-label="Channel ${topic}"]`)!;
  })();
  expect(row.querySelector('button')!.getAttribute('aria-pressed')).toBe('true');

  // Another client sends a message carrying credentials: a token field, and the anon key (a JWT) in text.
  const releaseSender = sender.retain();
  const room = sender.broadcast('devtools-room', 'chat');
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the sender joined');
  const secret = 'not-a-jwt-but-a-secret-token-value';
  expect(await room.send({ text: 'hello-devtools', access_token: secret, nested: { apikey: secret, note: `Bearer ${fixture.server.anonKey}` } })).toBe('ok');

  await waitUntil(() => detail.querySelectorAll('pre').length === 1, 'the payload shown', 20_000);
  const shown = detail.querySelector('pre')!.textContent!;
  expect(shown).toContain('hello-devtools');
  expect(shown).toContain('"note": "[redacted]"');
  expect(shown).not.toContain('access_token');
  expect(shown).not.toContain('apikey');
  // Nowhere in the devtools: neither the token value nor any part of the key.
  const everything = devtoolsRoot().textContent!;
  expect(everything).not.toContain(secret);
  for (const part of fixture.server.anonKey.split('.')) expect(everything).not.toContain(part);
  room.unsubscribe();
  releaseSender();
});
