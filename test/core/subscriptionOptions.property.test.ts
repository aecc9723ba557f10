import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingKey, deriveChannelName, normalisePostgresBinding } from '../../src/core/channelTopic';
import { parsePostgresFilter } from '../../src/core/postgresFilter';
import { createRealtimeManager, RealtimeConfigError } from '../../src/index';
import { createTestClient } from '../support/clients';

/** A client that is never connected: creating a manager and validating options opens no socket. */
const offlineServer = { url: 'http://127.0.0.1:9', anonKey: 'anon-key-for-validation-only' };

const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', '   ', 'todos', 'public', '*', 'insert', 'UPDATE', 'Delete', 'id=eq.1', 'id=in.(1,2)', 'id', 'nope=fts.x'),
  fc.anything({ maxDepth: 1, withBigInt: true }),
);
const spec = fc.record({ table: anyValue, schema: fc.option(anyValue, { nil: undefined }), event: fc.option(anyValue, { nil: undefined }), filter: fc.option(anyValue, { nil: undefined }) });

describe('subscription options validation', () => {
  it('either yields a complete binding or throws a RealtimeConfigError that says what to fix', () => {
    fc.assert(
      fc.property(spec, (s) => {
        let binding;
        try {
          binding = normalisePostgresBinding(s as never);
        } catch (error) {
          expect(error).toBeInstanceOf(RealtimeConfigError);
          expect(['invalid-option', 'invalid-filter']).toContain((error as RealtimeConfigError).code);
          expect((error as Error).message.length).toBeGreaterThan(20);
          return;
        }
        expect(typeof binding.table).toBe('string');
        expect(binding.table).toBe(binding.table.trim());
        expect(binding.table).not.toBe('');
        expect(binding.schema).not.toBe('');
        expect(['*', 'INSERT', 'UPDATE', 'DELETE']).toContain(binding.event);
        if (binding.filter !== undefined) expect(parsePostgresFilter(binding.filter).ok).toBe(true);
        expect(deriveChannelName(binding)).toMatch(/^srr-[A-Za-z0-9_-]{0,40}-[0-9a-z]+$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('equivalent specs share one channel name; different filters do not', () => {
    const table = fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/);
    const event = fc.constantFrom('*', 'INSERT', 'UPDATE', 'DELETE');
    fc.assert(
      fc.property(table, event, fc.integer(), fc.integer(), fc.constantFrom('', ' ', '  '), (t, e, a, b, pad) => {
        const base = normalisePostgresBinding({ table: t, event: e, filter: `id=eq.${a}` });
        const same = normalisePostgresBinding({ table: `${pad}${t}${pad}`, schema: 'public', event: e.toLowerCase(), filter: `${pad}id=eq.${a}${pad}` });
        expect(bindingKey(same)).toBe(bindingKey(base));
        expect(deriveChannelName(same)).toBe(deriveChannelName(base));
        const other = normalisePostgresBinding({ table: t, event: e, filter: `id=eq.${b}` });
        expect(bindingKey(other) === bindingKey(base)).toBe(a === b);
      }),
      { numRuns: 300 },
    );
  });

  // null and undefined mean "the default".
  it('manager options: any value is accepted or refused with a RealtimeConfigError, never anything else', () => {
    const client = createTestClient(offlineServer);
    const option = fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double(), fc.constantFrom(Number.NaN, Infinity, -0), fc.anything({ maxDepth: 0 }));
    fc.assert(
      fc.property(fc.record({ gracePeriodMs: option, maxChannels: option, rejoinSpreadMs: option }, { requiredKeys: [] }), (options) => {
        try {
          const manager = createRealtimeManager(client, options as never);
          for (const [name, v] of Object.entries(options)) {
            if (v !== undefined && v !== null) expect(typeof v === 'number' && v >= 0 && Number.isFinite(v), `${name} = ${String(v)} was accepted`).toBe(true);
          }
          void manager.destroy();
        } catch (error) {
          expect(error).toBeInstanceOf(RealtimeConfigError);
          expect((error as Error).message).toMatch(/must be a finite number >= 0/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a manager refuses anything that is not a supabase client, with a typed error', () => {
    fc.assert(
      fc.property(fc.anything(), (client) => {
        expect(() => createRealtimeManager(client as never)).toThrow(RealtimeConfigError);
      }),
      { numRuns: 200 },
    );
  });
});
