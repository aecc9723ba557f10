import type { SupabaseClient, User } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { RealtimeProvider, type RealtimeManagerOptions } from '../../src/index';
import { createDemoClient } from '../demoBackend';
import { ANONYMOUS, signInDemoUser, type DemoUser } from './demoSignIn';
import { useDemoStoryId } from './demoStory';
import { simulatedNetworkEnvironment } from './simulatedNetwork';

const SupabaseContext = createContext<SupabaseClient | null>(null);
const UserContext = createContext<User | null>(null);

/** The supabase-js client of the enclosing `<DemoClient>`. */
export function useSupabase(): SupabaseClient {
  const client = useContext(SupabaseContext);
  if (!client) throw new Error('useSupabase() must be used inside <DemoClient>.');
  return client;
}

/** The user the enclosing `<DemoClient>` signed in as. */
export function useDemoUser(): User {
  const user = useContext(UserContext);
  if (!user) throw new Error('useDemoUser() must be used inside <DemoClient>, which renders its children once signed in.');
  return user;
}

/**
 * Short timings so a person (and a test) sees recovery in seconds rather than the
 * production defaults' tens of seconds.
 */
export const demoManagerOptions: RealtimeManagerOptions = {
  backoff: { baseMs: 300, factor: 2, maxMs: 3_000 },
  circuitBreaker: { failureThreshold: 8, cooldownMs: 5_000 },
  gracePeriodMs: 300,
};

/**
 * `demoManagerOptions` for the client the "Simulated offline" switch takes offline ("this
 * tab"): its network state follows the switch; other clients keep the real one.
 */
export const simulatedOfflineManagerOptions: RealtimeManagerOptions = {
  ...demoManagerOptions,
  environment: simulatedNetworkEnvironment,
};

type SignIn = { state: 'signing-in' } | { state: 'signed-in'; user: User } | { state: 'failed'; message: string };

/**
 * One "app instance": its own supabase-js client (its own socket and session), QueryClient
 * and `<RealtimeProvider>`. Two side by side behave like two browser tabs. It signs in through
 * `supabase.auth` (anonymously unless `user` says otherwise) before rendering its children, so
 * REST and the first channel join already carry the user's token; from then on the manager
 * follows supabase.auth (refresh, sign-out). The provider owns its manager and closes the
 * socket when the story unmounts.
 *
 * The wrapper (`display: contents`, so layouts see the children) says where sign-in is:
 * `data-demo-client="<label>"` and `data-auth="signing-in" | "signed-in" | "failed"`.
 */
export function DemoClient({
  label,
  children,
  options = demoManagerOptions,
  user = ANONYMOUS,
}: {
  label: string;
  children: ReactNode;
  options?: RealtimeManagerOptions;
  user?: DemoUser;
}) {
  const storyId = useDemoStoryId();
  const [client] = useState(() =>
    createDemoClient(`realtime-demo:${storyId}:${label}`, {
      // Frequent heartbeats: the latency figure moves and a stalled server is noticed fast.
      heartbeatIntervalMs: 2_500,
    }),
  );
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } }));
  const [signIn, setSignIn] = useState<SignIn>({ state: 'signing-in' });
  // The user is chosen once, at mount: a new object from a parent re-render must not sign in again.
  const [who] = useState(user);

  useEffect(() => {
    let live = true;
    signInDemoUser(client, who).then(
      (signedIn) => live && setSignIn({ state: 'signed-in', user: signedIn }),
      (error: unknown) => live && setSignIn({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [client, who]);

  // The auth client's refresh ticker would outlive the story otherwise.
  useEffect(() => () => void client.auth.stopAutoRefresh(), [client]);

  return (
    <div style={{ display: 'contents' }} data-demo-client={label} data-auth={signIn.state}>
      {signIn.state === 'signing-in' ? <p className="muted">Signing in…</p> : null}
      {signIn.state === 'failed' ? (
        <p className="error" role="alert">
          {signIn.message}
        </p>
      ) : null}
      {signIn.state === 'signed-in' ? (
        <SupabaseContext.Provider value={client}>
          <UserContext.Provider value={signIn.user}>
            <QueryClientProvider client={queryClient}>
              <RealtimeProvider client={client} options={options}>
                {children}
              </RealtimeProvider>
            </QueryClientProvider>
          </UserContext.Provider>
        </SupabaseContext.Provider>
      ) : null}
    </div>
  );
}
