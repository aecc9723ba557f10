import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRealtimeSubscription, type PostgresChangesPayload } from '../../src/index';
import { useSupabase } from './DemoClient';

export interface Todo {
  id: number;
  list_id: string;
  title: string;
  done: boolean;
  created_at: string;
}

export const todosKey = (listId: string) => ['todos', listId] as const;

/** Apply one change event to the cached list (idempotent: an echo of a known row is a no-op). */
function applyChange(rows: Todo[] | undefined, payload: PostgresChangesPayload<Todo>): Todo[] | undefined {
  if (!rows) return rows;
  if (payload.eventType === 'DELETE') return rows.filter((row) => row.id !== payload.old.id);
  const next = payload.new as Todo;
  const index = rows.findIndex((row) => row.id === next.id);
  if (index === -1) return [...rows, next].sort((a, b) => a.id - b.id);
  const copy = rows.slice();
  copy[index] = next;
  return copy;
}

/**
 * The todos of one list: loaded over REST with TanStack Query, kept live with
 * `useRealtimeSubscription`. After a gap (socket down, channel rejoined) the subscription
 * invalidates the query key, so rows written meanwhile are fetched. With `topic`, changes come
 * by Broadcast from Database on that private topic instead of `postgres_changes` (same payload,
 * so the handler is the same); gaps are then replayed, and refetched only past replay's limit.
 */
export function useTodos(listId: string, { topic }: { topic?: string } = {}) {
  const supabase = useSupabase();
  const queryClient = useQueryClient();
  const key = todosKey(listId);

  const query = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await supabase.from('todos').select('*').eq('list_id', listId).order('id');
      if (error) throw error;
      return data as Todo[];
    },
  });

  const subscription = useRealtimeSubscription({
    table: 'todos',
    ...(topic ? { topic } : { filter: `list_id=eq.${listId}` }),
    queryKey: key,
    label: `todos:${listId}`,
    onChange: (payload) => {
      queryClient.setQueryData<Todo[]>(key, (rows) => applyChange(rows, payload as PostgresChangesPayload<Todo>));
      // Race: a fetch already in flight (e.g. the gap-recovery refetch after a reconnect) may
      // have read the table before this change; when it resolves it would overwrite the
      // change with older rows. Restart it so the last word is a read made after the change.
      if (queryClient.isFetching({ queryKey: key }) > 0) void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  return { query, subscription };
}
