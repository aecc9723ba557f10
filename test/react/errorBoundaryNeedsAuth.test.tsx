import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { ErrorBoundary, RealtimeProvider, useBroadcast, useConnectionHealth, type FallbackProps } from '../../src/index';
import { sessionClients, startAuthServer, uniqueEmail } from '../support/authSession';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const clients = sessionClients(() => server);

beforeAll(async () => {
  server = await startAuthServer(8);
}, 180_000);
afterEach(async () => {
  cleanup();
  await clients.stopAll();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server?.close();
});

function Room(): ReactNode {
  const { status } = useBroadcast('room:needs-auth', 'ping');
  const health = useConnectionHealth((h) => h.status);
  return <p>{`room ${status} health ${health}`}</p>;
}

/** Fails like a fetch does once `broken` is set. */
function Feed({ broken }: { broken: boolean }): ReactNode {
  if (broken) throw new TypeError('Failed to fetch');
  return <p>feed</p>;
}

function Fallback({ classification, recovering }: FallbackProps): ReactNode {
  return <p role="alert">{`${classification.category} ${classification.action} recovering=${recovering}`}</p>;
}

it('a connection error caught while the session has ended shows the auth classification instead of waiting forever', { timeout: 120_000 }, async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const supabase = clients.create();
  await supabase.auth.signUp({ email: uniqueEmail('boundary'), password: 'secret-1' });
  const app = (broken: boolean) => (
    <RealtimeProvider client={supabase}>
      <Room />
      <ErrorBoundary FallbackComponent={Fallback}>
        <Feed broken={broken} />
      </ErrorBoundary>
    </RealtimeProvider>
  );
  const view = render(app(false));
  await waitUntil(() => screen.queryByText('room joined health connected') !== null, 'connected and joined', 30_000);

  await act(() => server.faults.revokeSessions());
  await waitUntil(() => screen.queryByText(/health needs-auth$/) !== null, 'health needs-auth', 30_000);
  view.rerender(app(true));
  await waitUntil(() => screen.queryByRole('alert') !== null, 'the fallback', 10_000);
  expect(screen.getByRole('alert').textContent).toBe('auth reauthenticate recovering=false');
});
