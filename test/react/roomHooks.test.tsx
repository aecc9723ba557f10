/**
 * usePresence and useBroadcast on one room: leaving presence is seen by others even while a
 * broadcast keeps the room open, and a burst of broadcasts costs a bounded number of renders.
 */
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { act, cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { RealtimeProvider, useBroadcast, usePresence } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const clients: SupabaseClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  await Promise.all(clients.splice(0).map((c) => c.removeAllChannels()));
});
afterAll(async () => {
  await server?.close();
});

const options = { gracePeriodMs: 100 };

function client(): SupabaseClient {
  const c = createTestClient(server);
  clients.push(c);
  return c;
}

/** A plain supabase-js client in the room: the names present and the broadcasts it sent. */
async function peer(room: string) {
  const channel: RealtimeChannel = client().channel(room, { config: { presence: { key: 'peer', enabled: true }, broadcast: { ack: true } } });
  const seen = { names: [] as string[] };
  channel.on('presence', { event: 'sync' }, () => {
    seen.names = Object.values(channel.presenceState()).flatMap((metas) => metas.map((m) => String((m as { name?: unknown }).name)));
  });
  await new Promise<void>((resolve) => channel.subscribe((status) => status === 'SUBSCRIBED' && resolve()));
  return { seen, send: (event: string, payload: unknown) => channel.send({ type: 'broadcast', event, payload }) };
}

function Presence({ room, state }: { room: string; state?: { name: string } }) {
  const { status } = usePresence(room, state);
  return <span data-testid="presence">{status}</span>;
}

function Broadcast({ room }: { room: string }) {
  const { status } = useBroadcast(room, 'ping');
  return <span data-testid="broadcast">{status}</span>;
}

test('unmounting the only usePresence of a room leaves presence while a useBroadcast keeps the room', async () => {
  const room = 'hooks-leave';
  const other = await peer(room);
  const supabase = client();
  const view = render(
    <RealtimeProvider client={supabase} options={options}>
      <Broadcast room={room} />
      <Presence room={room} state={{ name: 'me' }} />
    </RealtimeProvider>,
  );
  await waitUntil(() => other.seen.names.includes('me'), 'the peer sees this client');
  view.rerender(
    <RealtimeProvider client={supabase} options={options}>
      <Broadcast room={room} />
    </RealtimeProvider>,
  );
  await waitUntil(() => !other.seen.names.includes('me'), 'the peer sees this client leave', 2_000);
  expect(view.getByTestId('broadcast').textContent).toBe('joined');
});

test('setting myState to undefined untracks; a state again tracks again', async () => {
  const room = 'hooks-untrack';
  const other = await peer(room);
  const supabase = client();
  const app = (state?: { name: string }) => (
    <RealtimeProvider client={supabase} options={options}>
      <Presence room={room} state={state} />
    </RealtimeProvider>
  );
  const view = render(app({ name: 'me' }));
  await waitUntil(() => other.seen.names.includes('me'), 'the peer sees this client');
  view.rerender(app(undefined));
  await waitUntil(() => !other.seen.names.includes('me'), 'the peer sees this client leave', 2_000);
  expect(view.getByTestId('presence').textContent).toBe('joined');
  view.rerender(app({ name: 'back' }));
  await waitUntil(() => other.seen.names.includes('back'), 'the peer sees the new state');
});

test("useBroadcast's component renders a bounded number of times for 50 messages, and onMessage gets all 50", async () => {
  const room = 'hooks-renders';
  const other = await peer(room);
  const received: unknown[] = [];
  let renders = 0;
  function Listener() {
    renders++;
    const { status } = useBroadcast(room, 'ping', (p) => received.push(p));
    return <span data-testid="listener">{status}</span>;
  }
  const view = render(
    <RealtimeProvider client={client()} options={options}>
      <Listener />
    </RealtimeProvider>,
  );
  await waitUntil(() => view.getByTestId('listener').textContent === 'joined', 'joined');
  const rendersWhenJoined = renders;
  for (let i = 0; i < 50; i++) {
    await act(async () => {
      expect(await other.send('ping', { i })).toBe('ok');
    });
  }
  await waitUntil(() => received.length === 50, 'all 50 messages');
  expect(received).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
  // Status did not change, so nothing needed rendering.
  expect(renders - rendersWhenJoined).toBeLessThanOrEqual(2);
});
