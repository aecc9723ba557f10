import { QueryClientContext, type QueryClient } from '@tanstack/react-query';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { RealtimeManager, RealtimeManagerOptions } from '../core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import { sharedRealtimeManager, type SharedManager } from '../core/sharedRealtimeManager';
import { crossTabManager } from './crossTabLoader';
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
    | {
        /**
         * The supabase-js client. Every provider on the same client shares one manager (created
         * by the first, with its `options`), destroyed a grace period after the last unmounts.
         * Passing another client switches the tree to that client's manager and releases the
         * old one (subscriptions move to the new client).
         */
        client: SupabaseClient;
        options?: RealtimeManagerOptions;
        manager?: never;
      }
    | { /** A manager you created (and destroy) yourself. */ manager: RealtimeManager; client?: never; options?: never }
  );

/**
 * Provides one realtime manager to the tree. The socket is opened in an effect, so server
 * rendering and the first render see status `initial`. Providers given the same `client`
 * share one manager (one per client: two would fight over realtime-js's channel instances);
 * it survives StrictMode's unmount/remount and remounts within the grace period, and is
 * destroyed after the last provider really unmounted. If the app already created a manager
 * for that client with `createRealtimeManager`, providers use it and never destroy it.
 */
export function RealtimeProvider(props: RealtimeProviderProps) {
  const { children, queryClient, client, manager: givenManager } = props;
  // Keyed by client: a new client gets its own manager, and the retain effect below releases
  // the old one (destroyed after its grace period, if providers created it). Looking it up is
  // side-effect free and returns the same manager for the same client, so re-running this
  // (StrictMode, a discarded render) creates nothing twice. Options are read on creation only.
  const shared = useMemo((): SharedManager | null => {
    if (givenManager) return null;
    if (!client) {
      throw new RealtimeConfigError('invalid-option', '<RealtimeProvider> needs either client={supabase} or manager={manager}.');
    }
    // Cross-tab sharing lives in a chunk of its own, loaded only with the option.
    return props.options?.crossTab ? crossTabManager(client, props.options) : sharedRealtimeManager(client, props.options);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options apply to the manager's creation only
  }, [givenManager, client]);
  const manager = givenManager ?? shared!.manager;
  const contextQueryClient = useContext(QueryClientContext);
  const effectiveQueryClient = queryClient ?? contextQueryClient;

  useEffect(() => {
    if (manager.destroyed) return;
    // Reference-counted: a manager created for providers is destroyed a grace period after
    // the last release; one the app created is only connected (the app destroys it).
    return manager.retain();
  }, [manager]);

  useEffect(() => {
    if (!effectiveQueryClient || manager.destroyed) return;
    // Added, not set: another provider sharing this manager keeps its own until it unmounts.
    return manager.addQueryInvalidator((queryKey) => effectiveQueryClient.invalidateQueries({ queryKey }));
  }, [manager, effectiveQueryClient]);

  return <RealtimeManagerContext.Provider value={manager}>{children}</RealtimeManagerContext.Provider>;
}
