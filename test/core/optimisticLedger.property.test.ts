import { QueryClient } from '@tanstack/query-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getOptimisticLedger } from '../../src/core/optimisticLedger';
import { defaultRowKey } from '../../src/core/optimistic/rowShape';

interface R { id: number; a: number; b: number; version: number }
interface Patch { id: number; field: 'a' | 'b'; value: number }

const applyPatch = (rows: R[], p: Patch): R[] => rows.map((r) => (r.id === p.id ? { ...r, [p.field]: p.value } : r));
const newer = (known: R, incoming: R) => (incoming.version >= known.version ? incoming : known);

const patch = fc.record({ id: fc.integer({ min: 1, max: 3 }), field: fc.constantFrom<'a' | 'b'>('a', 'b'), value: fc.integer({ min: 0, max: 9 }) });
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), patch }),
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('succeed' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('foreign' as const), patch }),
  fc.record({ kind: fc.constant('echo' as const) }),
);

/**
 * A model of the server, the realtime echo stream and the client. Invariant after every step:
 * the cache equals the pending patches applied, in order, over what the client has been told
 * (echoes and write results, newest version per row). After all echoes, it equals the database.
 */
describe('OptimisticLedger model check', () => {
  it.each(['client-wins', 'merge', 'server-wins'] as const)('%s: the cache ends equal to the database (and, for client-wins, is always confirmed data plus the pending layers)', (strategy) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const initial: R[] = [1, 2, 3].map((id) => ({ id, a: 0, b: 0, version: 1 }));
        const db = new Map(initial.map((r) => [r.id, r]));
        const known = new Map(initial.map((r) => [r.id, r]));
        const echoes: R[] = [];
        const pending: { id: number; patch: Patch }[] = [];
        const client = new QueryClient();
        client.setQueryData(['rows'], initial);
        const ledger = getOptimisticLedger(client);

        const write = (p: Patch): R => {
          const row = { ...db.get(p.id)!, [p.field]: p.value, version: db.get(p.id)!.version + 1 };
          db.set(p.id, row);
          echoes.push(row);
          return row;
        };
        const expected = () => pending.reduce((rows, l) => applyPatch(rows, l.patch), [...known.values()]);

        for (const o of ops) {
          if (o.kind === 'add') {
            const id = ledger.add<R[], Patch>({ queryKeys: [['rows']], variables: o.patch, apply: applyPatch, conflict: strategy, identity: { getRowKey: defaultRowKey } });
            pending.push({ id, patch: o.patch });
          } else if ((o.kind === 'fail' || o.kind === 'succeed') && pending.length > 0) {
            const [layer] = pending.splice(o.pick % pending.length, 1);
            if (o.kind === 'fail') ledger.fail(layer!.id);
            else {
              const row = write(layer!.patch);
              known.set(row.id, newer(known.get(row.id)!, row));
              ledger.succeed(layer!.id, row);
            }
          } else if (o.kind === 'foreign') {
            write(o.patch);
          } else if (o.kind === 'echo' && echoes.length > 0) {
            const row = echoes.shift()!;
            known.set(row.id, newer(known.get(row.id)!, row));
            client.setQueryData<R[]>(['rows'], (old) => old!.map((r) => (r.id === row.id ? row : r)));
          }
          if (strategy === 'client-wins') expect(client.getQueryData(['rows'])).toEqual(expected());
        }
        for (const l of pending.splice(0)) ledger.fail(l.id);
        for (const row of echoes.splice(0)) client.setQueryData<R[]>(['rows'], (old) => old!.map((r) => (r.id === row.id ? row : r)));
        expect(client.getQueryData(['rows'])).toEqual([...db.values()]);
      }),
      { numRuns: 300 },
    );
  });
});
