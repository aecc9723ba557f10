import type { Mutation, QueryClient } from '@tanstack/react-query';

/** Marks the mutations of `useOptimisticMutation` (in their `meta`). */
export const OPTIMISTIC_MUTATION_META = 'supabaseRealtimeOptimistic';

const watched = new WeakSet<QueryClient>();

/**
 * A paused write (made offline with networkMode 'online', or waiting for its turn in a serial
 * scope) that `queryClient.clear()` (or `getMutationCache().remove`) takes out of the cache is
 * never resumed: TanStack resumes only the paused mutations still in its cache, so it would
 * never settle and its optimistic layer would stay on screen. Settle it as failed instead, with
 * its own `onError`/`onSettled` (which roll the layer back and tell the caller). A write already
 * in flight is left alone: it still settles by itself.
 */
export function settleDiscardedWrites(queryClient: QueryClient): void {
  if (watched.has(queryClient)) return;
  watched.add(queryClient);
  queryClient.getMutationCache().subscribe((event) => {
    if (event.type !== 'removed') return;
    const mutation = event.mutation as Mutation<unknown, unknown, unknown, unknown>;
    if (!mutation.meta?.[OPTIMISTIC_MUTATION_META] || mutation.state.status !== 'pending' || !mutation.state.isPaused) return;
    const error = new Error(
      'The write was discarded before it was sent: it was paused (offline or waiting for an earlier write) when the mutation cache removed it (queryClient.clear()). Its optimistic change was rolled back.',
    );
    const { variables, context } = mutation.state;
    const options = mutation.options as {
      onError?: (error: unknown, variables: unknown, context: unknown, fnContext: unknown) => unknown;
      onSettled?: (data: unknown, error: unknown, variables: unknown, context: unknown, fnContext: unknown) => unknown;
    };
    void options.onError?.(error, variables, context, undefined);
    void options.onSettled?.(undefined, error, variables, context, undefined);
  });
}
