import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { classifyError } from '../../src/index';
import { useSupabase } from './DemoClient';
import { todosKey, type Todo } from './useTodos';

type Row = Todo & { pending?: boolean };

/** Writes for the todo list with optimistic rows (temporary local version). */
export function useTodoMutations(listId: string, confirmed: Todo[] | undefined) {
  const supabase = useSupabase();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  function add(title: string): void {
    const optimistic: Row = { id: -Date.now(), list_id: listId, title, done: false, created_at: new Date().toISOString(), pending: true };
    setError(null);
    setPending((rows) => [...rows, optimistic]);
    void supabase
      .from('todos')
      .insert({ list_id: listId, title })
      .select()
      .single()
      .then(({ data, error: writeError }) => {
        setPending((rows) => rows.filter((row) => row !== optimistic));
        if (writeError) {
          setError(classifyError(writeError).userMessage);
          return;
        }
        queryClient.setQueryData<Todo[]>(todosKey(listId), (rows) =>
          rows && !rows.some((row) => row.id === data.id) ? [...rows, data as Todo] : rows,
        );
      });
  }

  function toggle(todo: Todo): void {
    void supabase.from('todos').update({ done: !todo.done }).eq('id', todo.id);
  }

  const rows: Row[] = [...(confirmed ?? []), ...pending];
  return { rows, add, toggle, error };
}
