import { expectTypeOf } from 'vitest';
import { callRpc, classifyError, useOptimisticMutation, useRpcMutation } from '../../src/index';
import type { ConflictStrategy, ErrorClassification, RpcClient } from '../../src/index';

interface Todo { id: number; title: string; done: boolean }
declare const client: RpcClient;

// Checked by `tsc --noEmit -p .`; never executed.
export function useTypeTests(): void {
  expectTypeOf(classifyError).parameter(0).toBeUnknown();
  expectTypeOf(classifyError(null)).toEqualTypeOf<ErrorClassification>();
  expectTypeOf(callRpc<number>(client, 'f', {})).toEqualTypeOf<Promise<number>>();

  const m = useOptimisticMutation({
    queryKey: ['todos'],
    mutationFn: async (v: { id: number; title: string }): Promise<Todo> => ({ id: v.id, title: v.title, done: false }),
    apply: (todos: Todo[], v) => todos.map((t) => (t.id === v.id ? { ...t, title: v.title } : t)),
    conflict: (local: Todo, server: Todo) => ({ ...server, title: local.title }),
  });
  expectTypeOf(m.mutate).parameter(0).toEqualTypeOf<{ id: number; title: string }>();
  expectTypeOf(m.variables).toEqualTypeOf<{ id: number; title: string } | undefined>();
  expectTypeOf(m.data).toEqualTypeOf<Todo | undefined>();
  expectTypeOf(m.pendingCount).toBeNumber();
  expectTypeOf(m.classification).toEqualTypeOf<ErrorClassification | null>();
  expectTypeOf<'merge'>().toMatchTypeOf<ConflictStrategy<Todo>>();

  const r = useRpcMutation<number, { p_customer: string }>({ client, fn: 'place_order' });
  expectTypeOf(r.mutate).parameter(0).toEqualTypeOf<{ p_customer: string }>();
  expectTypeOf(r.data).toEqualTypeOf<number | undefined>();
}
