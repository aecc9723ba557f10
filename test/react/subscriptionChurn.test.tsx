import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RealtimeProvider, useBroadcast, useConnectionHealth, usePresence, useRealtimeManager, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  cleanup();
  await server?.close();
});

test('1,000 mount/unmount cycles over 10 filters leave zero channels, one socket at most and zero listeners', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  let manager: RealtimeManager | null = null;
  function Grab() {
    manager = useRealtimeManager();
    return null;
  }
  function Sub({ n }: { n: number }) {
    const { status } = useRealtimeSubscription({ table: 'todos', filter: `priority=eq.${n % 10}`, onChange: () => {} });
    useConnectionHealth((h) => h.status);
    return <span>{status}</span>;
  }
  function Churn() {
    const [n, setN] = useState(0);
    return (
      <>
        <button onClick={() => setN((x) => x + 1)}>next</button>
        {n % 2 === 0 ? <Sub n={n / 2} /> : null}
      </>
    );
  }
  const view = render(
    <StrictMode>
      <RealtimeProvider client={client} options={{ gracePeriodMs: 20, backoff: { baseMs: 50 } }}>
        <Grab />
        <Churn />
      </RealtimeProvider>
    </StrictMode>,
  );
  const button = view.getByText('next');
  for (let i = 0; i < 1999; i++) {
    act(() => button.click());
    // Let some cycles run into the grace period and some joins complete.
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 30));
  }
  await waitUntil(() => manager!.getStats().channels.length === 0, 'every channel released');
  const stats = manager!.getStats();
  expect(stats.clientChannels).toBe(0);
  expect(stats.subscribers).toBe(0);
  // The provider's badge-less tree keeps no listeners; <Grab> holds none.
  expect(stats.listeners).toBe(0);
  expect(stats.sockets).toBeLessThanOrEqual(1);
  await waitUntil(() => server.stats().channels.length === 0, 'server channels released');
  expect(server.stats().sockets).toBeLessThanOrEqual(1);
  expect(stats.problems).toEqual([]);
  view.unmount();
  // The provider owns the manager: it is destroyed after the grace period.
  await waitUntil(() => manager!.destroyed, 'provider-owned manager destroyed');
  await waitUntil(() => server.stats().sockets === 0, 'socket closed');
});

test('broadcast and presence share a named channel', async () => {
  const clientA = createTestClient(server);
  const clientB = createTestClient(server);
  const got: unknown[] = [];
  let sendFromA: ((p: { text: string }) => Promise<string>) | null = null;
  function Sender() {
    const { send, status } = useBroadcast<{ text: string }>('room-1', 'chat');
    sendFromA = send;
    const { members } = usePresence('room-1', { name: 'alice' });
    return <span data-testid="a">{`${status}:${Object.keys(members).length}`}</span>;
  }
  function Receiver() {
    const { status } = useBroadcast<{ text: string }>('room-1', 'chat', (p) => got.push(p));
    const { members } = usePresence<{ name: string }>('room-1', { name: 'bob' });
    const names = Object.values(members).flat().map((m) => m.name).sort().join(',');
    return <span data-testid="b">{`${status}:${names}`}</span>;
  }
  const view = render(
    <>
      <RealtimeProvider client={clientA} options={{ gracePeriodMs: 20, backoff: { baseMs: 50 } }}>
        <Sender />
      </RealtimeProvider>
      <RealtimeProvider client={clientB} options={{ gracePeriodMs: 20, backoff: { baseMs: 50 } }}>
        <Receiver />
      </RealtimeProvider>
    </>,
  );
  await view.findByText('joined:alice,bob', undefined, { timeout: 10_000 });
  await waitUntil(() => view.getByTestId('a').textContent === 'joined:2', 'sender joined and sees both');
  expect(await sendFromA!({ text: 'hi' })).toBe('ok');
  await waitUntil(() => got.length === 1, 'broadcast received');
  expect(got).toEqual([{ text: 'hi' }]);
  // Presence is per connection: after a drop both sides rejoin and track again.
  server.faults.close({ code: 1011 });
  await waitUntil(() => view.getByTestId('b').textContent !== 'joined:alice,bob', 'the drop');
  await view.findByText('joined:alice,bob', undefined, { timeout: 10_000 });
  view.unmount();
  // Both provider-owned managers end after their grace period, before the environment does.
  await waitUntil(() => server.stats().sockets === 0, 'both sockets closed');
});
