import { useQueryClient } from '@tanstack/react-query';
import { useOptimisticMutation } from '../../src/index';
import { useSupabase } from './DemoClient';
import { todosKey, type Todo } from './useTodos';

/** A row as shown: confirmed, or an optimistic one still being saved. */
export type TodoRow = Todo & { pending?: boolean };

interface AddTodo {
  title: string;
  tempId: number;
  /** Rows with this title when the write was made: the server's own row is any other one. */
  existingIds: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let nextTempId = -1;

/**
 * The todo list's writes, optimistic: a new or toggled row shows at once marked pending,
 * becomes the server's row when the write succeeds (or its realtime echo arrives first),
 * and disappears again — with a message — when the server rejects it.
 *
 * `slowWritesMs` delays each write, standing in for a slow network so the pending state
 * is visible to a person.
 */
export function useTodoMutations(listId: string, { slowWritesMs = 0 }: { slowWritesMs?: number } = {}) {
  const supabase = useSupabase();
  const queryClient = useQueryClient();
  const queryKey = todosKey(listId);

  const add = useOptimisticMutation<TodoRow[], AddTodo, Todo>({
    queryKey,
    mutationFn: async ({ title }) => {
      if (slowWritesMs) await sleep(slowWritesMs);
      const { data, error } = await supabase.from('todos').insert({ list_id: listId, title }).select().single();
      if (error) throw error;
      return data as Todo;
    },
    // Idempotent against the server's row: once the echo of this insert is in the cache,
    // the temporary row is not added again.
    apply: (todos, { title, tempId, existingIds }) =>
      todos.some((todo) => todo.title === title && !existingIds.includes(todo.id))
        ? todos
        : [...todos, { id: tempId, list_id: listId, title, done: false, created_at: new Date().toISOString(), pending: true }],
  });

  const toggle = useOptimisticMutation<TodoRow[], Todo, Todo>({
    queryKey,
    mutationFn: async ({ id, done }) => {
      if (slowWritesMs) await sleep(slowWritesMs);
      const { data, error } = await supabase.from('todos').update({ done: !done }).eq('id', id).select().single();
      if (error) throw error;
      return data as Todo;
    },
    apply: (todos, { id, done }) => todos.map((todo) => (todo.id === id ? { ...todo, done: !done, pending: true } : todo)),
  });

  return {
    add: (title: string) => {
      const current = queryClient.getQueryData<TodoRow[]>(queryKey) ?? [];
      add.reset();
      add.mutate({ title, tempId: nextTempId--, existingIds: current.filter((todo) => todo.title === title).map((todo) => todo.id) });
    },
    toggle: (todo: Todo) => {
      toggle.reset();
      toggle.mutate(todo);
    },
    /** What went wrong with the last write, in words fit for a person. */
    error: add.classification?.userMessage ?? toggle.classification?.userMessage ?? null,
    pendingCount: add.pendingCount + toggle.pendingCount,
  };
}
