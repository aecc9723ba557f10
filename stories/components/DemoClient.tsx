import type { SupabaseClient } from '@supabase/supabase-js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { RealtimeProvider, type RealtimeManagerOptions } from '../../src/index';
import { createDemoClient } from '../demoBackend';
import { simulatedNetworkEnvironment } from './simulatedNetwork';

const SupabaseContext = createContext<SupabaseClient | null>(null);

/** The supabase-js client of the enclosing `<DemoClient>`. */
export function useSupabase(): SupabaseClient {
  const client = useContext(SupabaseContext);
  if (!client) throw new Error('useSupabase() must be used inside <DemoClient>.');
  return client;
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

/**
 * One "app instance": its own supabase-js client (its own socket), QueryClient and
 * `<RealtimeProvider>`. Two side by side behave like two browser tabs. The provider owns
 * its manager and closes the socket when the story unmounts.
 */
export function DemoClient({ label, children, options = demoManagerOptions }: { label: string; children: ReactNode; options?: RealtimeManagerOptions }) {
  const [client] = useState(() =>
    createDemoClient(label, {
      // Frequent heartbeats: the latency figure moves and a stalled server is noticed fast.
      heartbeatIntervalMs: 2_500,
    }),
  );
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } }));

  return (
    <SupabaseContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider client={client} options={options}>
          {children}
        </RealtimeProvider>
      </QueryClientProvider>
    </SupabaseContext.Provider>
  );
}
