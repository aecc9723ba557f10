import { QueryClientContext, type QueryClient } from '@tanstack/react-query';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useContext, useEffect, useState, type ReactNode } from 'react';
import { createRealtimeManager, type RealtimeManager, type RealtimeManagerOptions } from '../core/createRealtimeManager';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import { RealtimeManagerContext } from './realtimeContext';

interface ProviderCommonProps {
  children?: ReactNode;
  /**
   * The QueryClient whose queries are invalidated after a gap (subscriptions with `queryKey`).
   * Defaults to the one of an enclosing `<QueryClientProvider>`, read from TanStack's
   * `QueryClientContext` (not `useQueryClient()`, which throws without a provider).
   */
  queryClient?: QueryClient;
}

export type RealtimeProviderProps = ProviderCommonProps &
  (
    | { /** The supabase-js client; the provider creates and owns its manager. */ client: SupabaseClient; options?: RealtimeManagerOptions; manager?: never }
    | { /** A manager you created (and destroy) yourself. */ manager: RealtimeManager; client?: never; options?: never }
  );

/**
 * Provides one realtime manager to the tree. The socket is opened in an effect, so server
 * rendering and the first render see status `initial`. A provider-owned manager survives
 * StrictMode's unmount/remount (it is destroyed only after the grace period) and is destroyed
 * when the provider really unmounts.
 */
export function RealtimeProvider(props: RealtimeProviderProps) {
  const { children, queryClient } = props;
  const [owned] = useState(() => {
    if (props.manager) return null;
    if (!props.client) {
      throw new RealtimeConfigError('invalid-option', '<RealtimeProvider> needs either client={supabase} or manager={manager}.');
    }
    return createRealtimeManager(props.client, props.options);
  });
  const manager = props.manager ?? owned!;
  const contextQueryClient = useContext(QueryClientContext);
  const effectiveQueryClient = queryClient ?? contextQueryClient;

  useEffect(() => {
    if (manager.destroyed) return;
    if (manager === owned) return manager.retain();
    manager.connect();
    return undefined;
  }, [manager, owned]);

  useEffect(() => {
    if (!effectiveQueryClient || manager.destroyed) return;
    manager.setQueryInvalidator((queryKey) => effectiveQueryClient.invalidateQueries({ queryKey }));
    return () => manager.setQueryInvalidator(null);
  }, [manager, effectiveQueryClient]);

  return <RealtimeManagerContext.Provider value={manager}>{children}</RealtimeManagerContext.Provider>;
}
