import {
  useMutation,
  useQueryClient,
  type MutateOptions,
  type NetworkMode,
  type QueryClient,
  type QueryKey,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { classifyError } from '../core/classifyError';
import { hashQueryKey } from '../core/optimistic/hashQueryKey';
import { OptimisticOptionsError } from '../core/optimistic/optimisticOptionsError';
import type { ConflictStrategy } from '../core/optimistic/resolveConflict';
import { defaultRowKey, type Row } from '../core/optimistic/rowShape';
import { unwrapResult } from '../core/optimistic/unwrapResult';
import { getOptimisticLedger } from '../core/optimisticLedger';
import { retryDelayMs, shouldRetry, type RetryPolicyOptions } from '../core/retryPolicy';
import type { ErrorClassification } from '../core/types';
import { useLatest } from './useLatest';
import { useOnlineManagerSync } from './useOnlineManagerSync';
import { OPTIMISTIC_MUTATION_META, settleDiscardedWrites } from './settleDiscardedWrites';

export interface UseOptimisticMutationOptions<TData, TVariables, TResult, TRow extends object = Row> {
  /** Performs the write. May return a supabase-js response (`{ data, error }`): errors are thrown, `data` returned. */
  mutationFn: (variables: TVariables) => Promise<TResult> | PromiseLike<TResult | { data: TResult; error: unknown }>;
  /** The query whose cached data shows the change. */
  queryKey?: QueryKey;
  /** Several queries (e.g. a list and a detail); `apply` receives each key. */
  queryKeys?: readonly QueryKey[];
  /** Pure: the data with this change applied. Called again whenever confirmed data changes. */
  apply: (current: TData, variables: TVariables, queryKey: QueryKey) => TData;
  /** What the cache holds when someone else writes a row your pending change touches. Default `'merge'`. */
  conflict?: ConflictStrategy<TRow>;
  /** Primary key of a row (default `row.id`). */
  getRowKey?: (row: TRow) => unknown;
  /** Field that orders row versions (default: `version`, else `updated_at`, when present). */
  versionField?: string;
  /**
   * When given, a succeeded write stays layered until this is true (e.g. the realtime echo is
   * in the cache) or `confirmTimeoutMs` (default 10 s) passes. Default: the rows the write
   * returned are folded into the cache as soon as it succeeds.
   */
  isConfirmed?: (confirmed: TData, variables: TVariables, result: TResult) => boolean;
  confirmTimeoutMs?: number;
  /**
   * Default: retry retryable errors (network, timeout, deadlock, rate limit, 5xx) up to 3
   * times with jittered exponential backoff that honours `Retry-After`; never constraint,
   * permission or auth errors. A number changes the limit; `false` disables; a function decides.
   */
  retry?: boolean | number | ((failureCount: number, classification: ErrorClassification) => boolean);
  /** Backoff of the default retry (`baseMs` 500, `factor` 2, `maxMs` 15000). */
  retryBackoff?: Omit<RetryPolicyOptions, 'maxRetries'>;
  /**
   * Run this hook's writes one after another (default true), so they reach the database in
   * the order they were made — also when paused offline and resumed.
   */
  serial?: boolean;
  /** TanStack network mode (default `'online'`: writes made offline pause and resume when online). */
  networkMode?: NetworkMode;
  onSuccess?: (result: TResult, variables: TVariables) => void;
  /** Called once retries are exhausted, after the change was rolled back. */
  onError?: (error: unknown, classification: ErrorClassification, variables: TVariables) => void;
  onSettled?: (result: TResult | undefined, error: unknown, variables: TVariables) => void;
  /** Default: the one of the enclosing `<QueryClientProvider>`. */
  queryClient?: QueryClient;
}

export type UseOptimisticMutationResult<TResult, TVariables> = Omit<
  UseMutationResult<TResult, unknown, TVariables>,
  'mutate' | 'mutateAsync' | 'variables'
> & {
  variables: TVariables | undefined;
  mutate: (variables: TVariables, options?: MutateOptions<TResult, unknown, TVariables>) => void;
  mutateAsync: (variables: TVariables, options?: MutateOptions<TResult, unknown, TVariables>) => Promise<TResult>;
  /** This hook's writes not yet folded into confirmed data (pending, paused or awaiting confirmation). */
  pendingCount: number;
  /** Classification of `error`, or null. */
  classification: ErrorClassification | null;
};

interface Envelope<TVariables> {
  variables: TVariables;
  layerId: number;
}

/**
 * A TanStack mutation whose change shows at once as an optimistic layer over the cached
 * data of `queryKey(s)`, one layer per call: a failure removes only its own layer; a success
 * is folded into confirmed data whether the realtime echo arrives before or after the HTTP
 * response, without ever showing the old value in between or applying the change twice.
 * See docs/optimistic.md.
 *
 * ```ts
 * const rename = useOptimisticMutation({
 *   queryKey: ['todos'],
 *   mutationFn: ({ id, title }) => supabase.from('todos').update({ title }).eq('id', id).select().single(),
 *   apply: (todos: Todo[], { id, title }) => todos.map((t) => (t.id === id ? { ...t, title } : t)),
 * });
 * rename.mutate({ id: 1, title: 'Buy milk' });
 * ```
 */
export function useOptimisticMutation<TData, TVariables = void, TResult = unknown, TRow extends object = Row>(
  options: UseOptimisticMutationOptions<TData, TVariables, TResult, TRow>,
): UseOptimisticMutationResult<TResult, TVariables> {
  const queryKeys = validate(options);
  const queryClient = useQueryClient(options.queryClient);
  const ledger = getOptimisticLedger(queryClient);
  const latest = useLatest(options);
  const [owner] = useState(() => ({}));
  useOnlineManagerSync();

  const keysHash = hashQueryKey(queryKeys as unknown[]);
  const serial = options.serial ?? true;
  const mutation = useMutation<TResult, unknown, Envelope<TVariables>>(
    {
      mutationFn: async (envelope) => unwrapResult(await latest.current.mutationFn(envelope.variables)) as TResult,
      retry: (failureCount, error) => {
        const retry = latest.current.retry ?? true;
        const classification = classifyError(error);
        if (retry === false) return false;
        if (typeof retry === 'function') return retry(failureCount, classification);
        return shouldRetry(classification, failureCount + 1, { maxRetries: typeof retry === 'number' ? retry : 3 });
      },
      retryDelay: (failureCount, error) => retryDelayMs(failureCount + 1, classifyError(error), latest.current.retryBackoff),
      networkMode: options.networkMode ?? 'online',
      // Devtools group paused and failed writes by the keys they change.
      meta: { [OPTIMISTIC_MUTATION_META]: true, optimisticQueryKeys: queryKeys },
      ...(serial ? { scope: { id: `optimistic:${keysHash}` } } : {}),
      // Mutation-level callbacks: they run even if the component unmounted meanwhile.
      onSuccess: (result, envelope) => {
        ledger.succeed(envelope.layerId, result);
        latest.current.onSuccess?.(result, envelope.variables);
      },
      onError: (error, envelope) => {
        ledger.fail(envelope.layerId);
        latest.current.onError?.(error, classifyError(error), envelope.variables);
      },
      onSettled: (result, error, envelope) => {
        if (envelope) latest.current.onSettled?.(result, error, envelope.variables);
      },
    },
    queryClient,
  );

  const addLayer = useCallback(
    (variables: TVariables): Envelope<TVariables> => {
      const o = latest.current;
      // Before the first write can be paused: a cleared cache must not strand its layer.
      settleDiscardedWrites(queryClient);
      const getRowKey = o.getRowKey as ((row: Row) => unknown) | undefined;
      const layerId = ledger.add<TData, TVariables>({
        queryKeys,
        variables,
        apply: (current, v, key) => latest.current.apply(current, v, key),
        conflict: (o.conflict ?? 'merge') as unknown as ConflictStrategy,
        identity: { getRowKey: getRowKey ?? defaultRowKey, versionField: o.versionField },
        isConfirmed: o.isConfirmed as ((confirmed: TData, variables: TVariables, result: unknown) => boolean) | undefined,
        confirmTimeoutMs: o.confirmTimeoutMs,
        owner,
      });
      return { variables, layerId };
    },
    // queryKeys is recomputed each render; its hash is the identity that matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ledger, keysHash, owner, queryClient],
  );

  const { mutate: tanstackMutate, mutateAsync: tanstackMutateAsync } = mutation;
  // The layer is added synchronously, before TanStack's asynchronous onMutate, so the very
  // next render shows the change.
  const mutate = useCallback(
    (variables: TVariables, callbacks?: MutateOptions<TResult, unknown, TVariables>) =>
      tanstackMutate(addLayer(variables), callbacks && unwrapCallbacks(callbacks)),
    [tanstackMutate, addLayer],
  );
  const mutateAsync = useCallback(
    (variables: TVariables, callbacks?: MutateOptions<TResult, unknown, TVariables>) =>
      tanstackMutateAsync(addLayer(variables), callbacks && unwrapCallbacks(callbacks)),
    [tanstackMutateAsync, addLayer],
  );

  const subscribe = useCallback((listener: () => void) => ledger.subscribe(listener), [ledger]);
  const getPending = useCallback(() => ledger.pendingCount(owner), [ledger, owner]);
  const pendingCount = useSyncExternalStore(subscribe, getPending, getPending);
  const classification = useMemo(() => (mutation.error == null ? null : classifyError(mutation.error)), [mutation.error]);

  return {
    ...mutation,
    variables: mutation.variables?.variables,
    mutate,
    mutateAsync,
    pendingCount,
    classification,
  };
}

function unwrapCallbacks<TResult, TVariables>(
  callbacks: MutateOptions<TResult, unknown, TVariables>,
): MutateOptions<TResult, unknown, Envelope<TVariables>> {
  const { onSuccess, onError, onSettled } = callbacks;
  return {
    ...(onSuccess && { onSuccess: (r, e, c, ctx) => onSuccess(r, e.variables, c, ctx) }),
    ...(onError && { onError: (err, e, c, ctx) => onError(err, e.variables, c, ctx) }),
    ...(onSettled && { onSettled: (r, err, e, c, ctx) => onSettled(r, err, e.variables, c, ctx) }),
  };
}

function validate<TData, TVariables, TResult, TRow extends object>(
  options: UseOptimisticMutationOptions<TData, TVariables, TResult, TRow>,
): readonly QueryKey[] {
  if (options === null || typeof options !== 'object') {
    throw new OptimisticOptionsError('useOptimisticMutation(options): pass an options object with mutationFn, queryKey and apply.');
  }
  if (typeof options.mutationFn !== 'function') {
    throw new OptimisticOptionsError('useOptimisticMutation: `mutationFn` must be a function performing the write, e.g. (v) => supabase.from(\'todos\').update(v).eq(\'id\', v.id).select().single().');
  }
  if (typeof options.apply !== 'function') {
    throw new OptimisticOptionsError('useOptimisticMutation: `apply(current, variables)` must be a function returning the cached data with the change applied.');
  }
  if ((options.queryKey === undefined) === (options.queryKeys === undefined)) {
    throw new OptimisticOptionsError('useOptimisticMutation: pass exactly one of `queryKey` (an array such as [\'todos\']) or `queryKeys` (an array of such arrays).');
  }
  const keys = options.queryKeys ?? [options.queryKey!];
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => Array.isArray(k))) {
    throw new OptimisticOptionsError('useOptimisticMutation: query keys must be arrays, e.g. queryKey: [\'todos\'] or queryKeys: [[\'todos\'], [\'todo\', 1]].');
  }
  const { conflict } = options;
  if (conflict !== undefined && typeof conflict !== 'function' && !['server-wins', 'client-wins', 'merge'].includes(conflict)) {
    throw new OptimisticOptionsError(`useOptimisticMutation: \`conflict\` must be 'server-wins', 'client-wins', 'merge' or a function (local, server) => resolved (got ${JSON.stringify(String(conflict))}).`);
  }
  return keys;
}
