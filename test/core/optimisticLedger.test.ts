import { notifyManager, QueryClient, QueryObserver } from '@tanstack/query-core';
import { describe, expect, it } from 'vitest';
import { getOptimisticLedger, type OptimisticLayerSpec } from '../../src/core/optimisticLedger';
import { defaultRowKey } from '../../src/core/optimistic/rowShape';

interface Todo { id: number; title: string; done: boolean; version: number }
type Patch = { id: number; patch: Partial<Todo> };
const key = ['todos'];

function setup(rows: Todo[]) {
  const client = new QueryClient();
  client.setQueryData(key, rows);
  const ledger = getOptimisticLedger(client);
  const spec = (patch: Patch, conflict: OptimisticLayerSpec['conflict'] = 'merge'): OptimisticLayerSpec<Todo[], Patch> => ({
    queryKeys: [key],
    variables: patch,
    apply: (current, v) => current.map((t) => (t.id === v.id ? { ...t, ...v.patch } : t)),
    conflict,
    identity: { getRowKey: defaultRowKey },
  });
  const rows$ = () => client.getQueryData<Todo[]>(key)!;
  /** A realtime echo written the way apps write it: an updater over the current (optimistic) cache. */
  const echo = (row: Todo) => client.setQueryData<Todo[]>(key, (old) => old!.map((t) => (t.id === row.id ? row : t)));
  return { client, ledger, spec, rows: rows$, echo };
}

const a = (over: Partial<Todo> = {}): Todo => ({ id: 1, title: 'a', done: false, version: 1, ...over });
const b = (over: Partial<Todo> = {}): Todo => ({ id: 2, title: 'b', done: false, version: 1, ...over });

describe('OptimisticLedger', () => {
  it('shows a layer synchronously and rolls back exactly on failure', () => {
    const { ledger, spec, rows } = setup([a(), b()]);
    const id = ledger.add(spec({ id: 1, patch: { title: 'A!' } }));
    expect(rows()[0]!.title).toBe('A!');
    ledger.fail(id);
    expect(rows()).toEqual([a(), b()]);
    expect(ledger.pendingCount()).toBe(0);
  });

  it('removes only the failed layer of three', () => {
    const { ledger, spec, rows } = setup([a(), b()]);
    const one = ledger.add(spec({ id: 1, patch: { title: 'one' } }));
    const two = ledger.add(spec({ id: 2, patch: { title: 'two' } }));
    const three = ledger.add(spec({ id: 1, patch: { done: true } }));
    ledger.fail(two);
    expect(rows()).toEqual([a({ title: 'one', done: true }), b()]);
    ledger.succeed(one, a({ title: 'one', version: 2 }));
    ledger.succeed(three, a({ title: 'one', done: true, version: 3 }));
    expect(rows()).toEqual([a({ title: 'one', done: true, version: 3 }), b()]);
  });

  it('an echo written over the optimistic view does not make a failed change stick', () => {
    const { ledger, spec, rows, echo } = setup([a(), b()]);
    const id = ledger.add(spec({ id: 1, patch: { title: 'mine' } }));
    echo(b({ title: 'theirs', version: 2 })); // someone else's change to another row
    expect(rows()).toEqual([a({ title: 'mine' }), b({ title: 'theirs', version: 2 })]);
    ledger.fail(id);
    expect(rows()).toEqual([a(), b({ title: 'theirs', version: 2 })]);
  });

  it('echo before response and echo after response fold exactly once, never showing the old value', () => {
    for (const order of ['echo-first', 'response-first'] as const) {
      const { client, ledger, spec, echo } = setup([a()]);
      // What a component sees: an observer, notified at the end of each batch.
      notifyManager.setScheduler((cb) => cb());
      const seen: string[] = [];
      const observer = new QueryObserver<Todo[]>(client, { queryKey: key, enabled: false, staleTime: Infinity });
      // Like react-query's useBaseQuery: a batched store-change call that reads the current result.
      const unsub = observer.subscribe(
        notifyManager.batchCalls(() => {
          const t = observer.getCurrentResult().data![0]!.title;
          if (seen.at(-1) !== t) seen.push(t);
        }),
      );
      const id = ledger.add(spec({ id: 1, patch: { title: 'new' } }));
      const server = a({ title: 'new', version: 2 });
      if (order === 'echo-first') {
        echo(server);
        ledger.succeed(id, server);
      } else {
        ledger.succeed(id, server);
        echo(server);
      }
      // a late, stale echo of an older version never wins
      echo(a({ title: 'stale', version: 1 }));
      unsub();
      expect(seen).toEqual(['new']);
      expect(client.getQueryData(key)).toEqual([server]);
    }
  });

  it('the echo of an earlier pending change of ours is not a conflict for a later one', () => {
    const { ledger, spec, rows, echo } = setup([a()]);
    ledger.add(spec({ id: 1, patch: { title: 'B' } }, 'server-wins'));
    ledger.add(spec({ id: 1, patch: { title: 'C' } }, 'server-wins'));
    echo(a({ title: 'B', version: 2 }));
    expect(rows()[0]!.title).toBe('C');
  });

  it.each([
    ['merge', { title: 'mine', done: true }],
    ['client-wins', { title: 'mine', done: true }],
    ['server-wins', { title: 'a', done: true }],
  ] as const)('conflict %s on different fields', (strategy, expected) => {
    const { ledger, spec, rows, echo } = setup([a()]);
    ledger.add(spec({ id: 1, patch: { title: 'mine' } }, strategy));
    echo(a({ done: true, version: 2 }));
    expect(rows()[0]).toMatchObject(expected);
  });

  it.each([
    ['merge', 'theirs'],
    ['client-wins', 'mine'],
    ['server-wins', 'theirs'],
  ] as const)('conflict %s on the same field', (strategy, expected) => {
    const { ledger, spec, rows, echo } = setup([a()]);
    ledger.add(spec({ id: 1, patch: { title: 'mine' } }, strategy));
    echo(a({ title: 'theirs', version: 2 }));
    expect(rows()[0]!.title).toBe(expected);
  });

  it('a resolved conflict holds while the layer is pending, even when another write of ours folds into the row', () => {
    const { ledger, spec, rows, echo } = setup([a()]);
    ledger.add(spec({ id: 1, patch: { title: 'mine' } }, 'merge'));
    const other = ledger.add(spec({ id: 1, patch: { done: true } }, 'merge'));
    echo(a({ title: 'theirs', version: 2 }));
    expect(rows()[0]).toMatchObject({ title: 'theirs', done: true });
    ledger.succeed(other, a({ title: 'theirs', done: true, version: 3 }));
    expect(rows()[0]).toMatchObject({ title: 'theirs', done: true });
    echo(a({ title: 'theirs', done: true, version: 3 }));
    expect(rows()[0]).toMatchObject({ title: 'theirs', done: true });
  });

  it('a conflict function decides', () => {
    const { ledger, spec, rows, echo } = setup([a()]);
    ledger.add(spec({ id: 1, patch: { title: 'mine' } }, (local, server) => ({ ...server, title: `${String(local.title)}+${String(server.title)}` })));
    echo(a({ title: 'theirs', version: 2 }));
    expect(rows()[0]!.title).toBe('mine+theirs');
  });

  it('a refetch is new confirmed data under pending layers', () => {
    const { client, ledger, spec, rows } = setup([a()]);
    const id = ledger.add(spec({ id: 1, patch: { title: 'mine' } }));
    client.setQueryData(key, [a(), b()]); // e.g. a refetch result
    expect(rows()).toEqual([a({ title: 'mine' }), b()]);
    ledger.fail(id);
    expect(rows()).toEqual([a(), b()]);
  });

  it('isConfirmed keeps a succeeded layer until the echo arrives', () => {
    const { ledger, spec, rows, echo } = setup([a()]);
    const id = ledger.add({ ...spec({ id: 1, patch: { title: 'new' } }), isConfirmed: (confirmed) => confirmed[0]!.title === 'new' });
    ledger.succeed(id, undefined);
    expect(ledger.pendingCount()).toBe(1);
    expect(rows()[0]!.title).toBe('new');
    echo(a({ title: 'new', version: 2 }));
    expect(ledger.pendingCount()).toBe(0);
    expect(rows()).toEqual([a({ title: 'new', version: 2 })]);
  });

  it('one layer over a list and a detail query', () => {
    const client = new QueryClient();
    client.setQueryData<Todo[]>(['todos'], [a(), b()]);
    client.setQueryData<Todo>(['todo', 1], a());
    const ledger = getOptimisticLedger(client);
    const id = ledger.add<Todo[] | Todo, Patch>({
      queryKeys: [['todos'], ['todo', 1]],
      variables: { id: 1, patch: { title: 'both' } },
      apply: (cur, v, queryKey) =>
        queryKey[0] === 'todos' ? (cur as Todo[]).map((t) => (t.id === v.id ? { ...t, ...v.patch } : t)) : { ...(cur as Todo), ...v.patch },
      conflict: 'merge',
      identity: { getRowKey: defaultRowKey },
    });
    expect(client.getQueryData<Todo[]>(['todos'])![0]!.title).toBe('both');
    expect(client.getQueryData<Todo>(['todo', 1])!.title).toBe('both');
    ledger.succeed(id, a({ title: 'both', version: 2 }));
    expect(client.getQueryData(['todos'])).toEqual([a({ title: 'both', version: 2 }), b()]);
    expect(client.getQueryData(['todo', 1])).toEqual(a({ title: 'both', version: 2 }));
  });

  it('optimistic insert with a temporary key is replaced by the server row', () => {
    const client = new QueryClient();
    client.setQueryData<Todo[]>(key, [a()]);
    const ledger = getOptimisticLedger(client);
    const id = ledger.add<Todo[], string>({
      queryKeys: [key],
      variables: 'new',
      apply: (cur, title) => [...cur, { id: -1, title, done: false, version: 0 }],
      conflict: 'merge',
      identity: { getRowKey: defaultRowKey },
    });
    expect(client.getQueryData<Todo[]>(key)!.map((t) => t.title)).toEqual(['a', 'new']);
    ledger.succeed(id, { id: 7, title: 'new', done: false, version: 1 });
    expect(client.getQueryData<Todo[]>(key)).toEqual([a(), { id: 7, title: 'new', done: false, version: 1 }]);
  });
});
