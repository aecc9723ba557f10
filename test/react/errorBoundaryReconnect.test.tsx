import { cleanup, render, screen } from '@testing-library/react';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { startDevServer } from '../../src/devserver/index';
import type { DevServer } from '../../src/devserver/types';
import { ErrorBoundary, RealtimeProvider, useBroadcast, useConnectionHealth, type FallbackProps } from '../../src/index';
import { createTestClient } from '../support/clients';

let server: DevServer;
let supabase: SupabaseClient | null = null;

beforeAll(async () => {
  server = await startDevServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  supabase?.realtime.disconnect();
  supabase = null;
  server.faults.reset();
  vi.restoreAllMocks();
});

// Fast socket reconnects, and no circuit breaker pause during the refusal.
const managerOptions = { backoff: { baseMs: 100, factor: 2, maxMs: 400 }, circuitBreaker: { failureThreshold: 1000 } };

/** Needs the live connection: fails like a fetch does while the network is gone. */
function LiveTodos(): ReactNode {
  const status = useConnectionHealth((health) => health.status);
  if (status !== 'connected') throw new TypeError('Failed to fetch');
  return <p>live todos</p>;
}

/** Records every connection status it renders with, outside the boundary. */
function StatusLog({ seen }: { seen: string[] }): ReactNode {
  const status = useConnectionHealth((health) => health.status);
  if (seen.at(-1) !== status) seen.push(status);
  return null;
}

/** A live subscription outside the boundaries, so the manager keeps reconnecting after a drop. */
function RoomListener(): ReactNode {
  const { status } = useBroadcast('room:errors', 'ping');
  return <p>{`room ${status}`}</p>;
}

function Fallback({ classification, recovering, nextRetryAt }: FallbackProps): ReactNode {
  return <p role="alert">{`${classification.category} recovering=${recovering} timed=${nextRetryAt !== null}`}</p>;
}

it('shows the fallback while the server refuses connections, then resets by itself once connected', async () => {
  server.faults.refuse(1500);
  supabase = createTestClient(server);
  const onReset = vi.fn();
  const onError = vi.fn();
  const statuses: string[] = [];
  render(
    <RealtimeProvider client={supabase} options={managerOptions}>
      <StatusLog seen={statuses} />
      <ErrorBoundary FallbackComponent={Fallback} onError={onError} onReset={onReset} recovery={{ baseDelayMs: 60_000 }}>
        <LiveTodos />
      </ErrorBoundary>
    </RealtimeProvider>,
  );
  // Waiting for the connection, not for a timer (the timed retry would take a minute).
  expect(screen.getByRole('alert').textContent).toBe('connection recovering=true timed=false');
  expect(onError).toHaveBeenCalledTimes(1);
  expect(onError.mock.calls[0]![2]).toMatchObject({ category: 'connection' });

  await screen.findByText('live todos', undefined, { timeout: 15_000 });
  expect(onReset).toHaveBeenCalledTimes(1);
  expect(onReset).toHaveBeenCalledWith({ reason: 'reconnected', error: expect.any(TypeError), attempt: 1 });
  // The refusal was real: the manager went through a failed connect before 'connected'.
  expect(statuses).toContain('reconnecting');
  expect(statuses.at(-1)).toBe('connected');
  expect(server.stats().sockets).toBeGreaterThan(0);
});

it('recovers a connection error after a dropped socket, leaving an outer boundary alone', async () => {
  supabase = createTestClient(server);
  const onReset = vi.fn();
  const outerError = vi.fn();
  render(
    <RealtimeProvider client={supabase} options={managerOptions}>
      <ErrorBoundary fallback={<p>outer fallback</p>} onError={outerError}>
        <p>outer content</p>
        <RoomListener />
        <ErrorBoundary FallbackComponent={Fallback} onReset={onReset} recovery={{ baseDelayMs: 60_000 }}>
          <LiveTodos />
        </ErrorBoundary>
      </ErrorBoundary>
    </RealtimeProvider>,
  );
  await screen.findByText('live todos', undefined, { timeout: 15_000 });
  await screen.findByText('room joined', undefined, { timeout: 15_000 });
  onReset.mockClear(); // the first connect may already have gone through one recovery

  server.faults.refuse(1000);
  server.faults.close({ code: 1011, reason: 'test drop' });
  await screen.findByRole('alert', undefined, { timeout: 15_000 });
  expect(screen.getByRole('alert').textContent).toBe('connection recovering=true timed=false');

  await screen.findByText('live todos', undefined, { timeout: 15_000 });
  expect(onReset).toHaveBeenCalledTimes(1);
  expect(onReset).toHaveBeenCalledWith(expect.objectContaining({ reason: 'reconnected' }));
  expect(screen.getByText('outer content')).toBeTruthy();
  expect(outerError).not.toHaveBeenCalled();
});

it('with nothing subscribed (the manager goes dormant on a drop), the waiting boundary keeps it connecting and recovers', async () => {
  supabase = createTestClient(server);
  const onReset = vi.fn();
  const statuses: string[] = [];
  render(
    <RealtimeProvider client={supabase} options={managerOptions}>
      <StatusLog seen={statuses} />
      <ErrorBoundary FallbackComponent={Fallback} onReset={onReset} recovery={{ baseDelayMs: 60_000 }}>
        <LiveTodos />
      </ErrorBoundary>
    </RealtimeProvider>,
  );
  await screen.findByText('live todos', undefined, { timeout: 15_000 });
  onReset.mockClear();
  statuses.length = 0;

  // No channel anywhere: without the boundary's hold the close would leave the manager
  // dormant ('disconnected', nothing scheduled) and the fallback would wait forever.
  server.faults.refuse(1000);
  server.faults.close({ code: 1011, reason: 'test drop' });
  await screen.findByRole('alert', undefined, { timeout: 15_000 });
  expect(screen.getByRole('alert').textContent).toBe('connection recovering=true timed=false');

  await screen.findByText('live todos', undefined, { timeout: 15_000 });
  expect(onReset).toHaveBeenCalledTimes(1);
  expect(onReset).toHaveBeenCalledWith(expect.objectContaining({ reason: 'reconnected' }));
  expect(statuses).toContain('disconnected');
  expect(statuses.at(-1)).toBe('connected');
});
