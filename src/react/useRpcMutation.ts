import { useMutation, useQueryClient, type NetworkMode, type QueryClient, type QueryKey, type UseMutationResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { callRpc, type CallRpcOptions, type RpcClient } from '../core/callRpc';
import { classifyError } from '../core/classifyError';
import { RpcOptionsError, type RpcError } from '../core/rpc/rpcError';
import type { ErrorClassification } from '../core/types';
import { useLatest } from './useLatest';
import { useOnlineManagerSync } from './useOnlineManagerSync';

export interface UseRpcMutationOptions<TResult, TArgs extends object> {
  /** The supabase-js client. */
  client: RpcClient;
  /** Name of the Postgres function, e.g. `'place_order'`. */
  fn: string;
  /** Retry on deadlock/serialization failure (`maxAttempts`, backoff, `retryOn`, `onRetry`); see `callRpc`. */
  rpc?: Omit<CallRpcOptions, 'signal'>;
  /** Query keys invalidated after a successful call. */
  invalidate?: readonly QueryKey[];
  onSuccess?: (result: TResult, args: TArgs) => void;
  onError?: (error: RpcError, classification: ErrorClassification, args: TArgs) => void;
  onSettled?: (result: TResult | undefined, error: RpcError | null, args: TArgs) => void;
  /** TanStack network mode (default `'online'`: calls made offline wait for the connection). */
  networkMode?: NetworkMode;
  /** Default: the one of the enclosing `<QueryClientProvider>`. */
  queryClient?: QueryClient;
}

export type UseRpcMutationResult<TResult, TArgs> = UseMutationResult<TResult, RpcError, TArgs> & {
  /** Classification of `error`, or null. */
  classification: ErrorClassification | null;
};

/**
 * A TanStack mutation that calls one Postgres function (`callRpc`): one request, one
 * transaction, so a multi-table write is atomic; retried on deadlock (40P01) and
 * serialization failure (40001) only. See docs/atomic-writes.md. For an optimistic UI on
 * top, use `useOptimisticMutation` with `mutationFn: (args) => callRpc(client, fn, args)`.
 */
export function useRpcMutation<TResult = unknown, TArgs extends object = Record<string, unknown>>(
  options: UseRpcMutationOptions<TResult, TArgs>,
): UseRpcMutationResult<TResult, TArgs> {
  validate(options);
  const queryClient = useQueryClient(options.queryClient);
  const latest = useLatest(options);
  useOnlineManagerSync();
  const mutation = useMutation<TResult, RpcError, TArgs>(
    {
      mutationFn: (args) => callRpc<TResult>(latest.current.client, latest.current.fn, args, latest.current.rpc),
      // callRpc already retried what is safe to retry; anything else may have committed.
      retry: false,
      networkMode: options.networkMode ?? 'online',
      onSuccess: async (result, args) => {
        latest.current.onSuccess?.(result, args);
        const keys = latest.current.invalidate ?? [];
        await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      },
      onError: (error, args) => latest.current.onError?.(error, classifyError(error), args),
      onSettled: (result, error, args) => latest.current.onSettled?.(result, error, args),
    },
    queryClient,
  );
  const classification = useMemo(() => (mutation.error == null ? null : classifyError(mutation.error)), [mutation.error]);
  return { ...mutation, classification } as UseRpcMutationResult<TResult, TArgs>;
}

function validate<TResult, TArgs extends object>(options: UseRpcMutationOptions<TResult, TArgs>): void {
  if (options === null || typeof options !== 'object') {
    throw new RpcOptionsError("useRpcMutation(options): pass { client: supabase, fn: 'function_name' }.");
  }
  const { client, fn } = options;
  if (client === null || typeof client !== 'object' || typeof (client as { rpc?: unknown }).rpc !== 'function') {
    throw new RpcOptionsError('useRpcMutation: `client` must be a supabase-js client (createClient(url, key)).');
  }
  if (typeof fn !== 'string' || !/^[A-Za-z_][\w$]*$/.test(fn)) {
    throw new RpcOptionsError(`useRpcMutation: \`fn\` must be a Postgres function name such as 'place_order' (got ${typeof fn === 'string' ? JSON.stringify(fn.slice(0, 64)) : typeof fn}).`);
  }
}
