import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../src/core/matchPostgresFilter';
import { parsePostgresFilter, SUPPORTED_FILTER_OPERATORS, type FilterCondition } from '../../src/core/postgresFilter';

/** PostgREST-style quoting, as an app should write a value that may hold `,`, `(`, `)` or `"`. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const column = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
/** Values full of the characters that matter: quotes, commas, parentheses, dots, backslashes, spaces, unicode. */
const value = fc.string({
  unit: fc.oneof(fc.constantFrom('"', "'", ',', '(', ')', '.', '\\', ' ', '=', '漢', '🎉', 'é'), fc.string({ minLength: 1, maxLength: 1 })),
  maxLength: 20,
});
const scalarOperator = fc.constantFrom(...SUPPORTED_FILTER_OPERATORS.filter((op) => op !== 'in'));

const condition: fc.Arbitrary<FilterCondition> = fc.oneof(
  fc.record({ column, operator: scalarOperator, negated: fc.boolean(), value }),
  fc.record({ column, operator: fc.constant('in' as const), negated: fc.boolean(), value: fc.array(value, { minLength: 1, maxLength: 4 }) }),
);

function serialise(conditions: readonly FilterCondition[]): string {
  return conditions
    .map((c) => {
      const v = Array.isArray(c.value) ? `(${c.value.map(quoted).join(',')})` : quoted(c.value);
      return `${c.column}=${c.negated ? 'not.' : ''}${c.operator}.${v}`;
    })
    .join(',');
}

describe('parsePostgresFilter properties', () => {
  it('round-trips any conditions written with quoted values', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), (conditions) => {
        const parsed = parsePostgresFilter(serialise(conditions));
        expect(parsed).toEqual({ ok: true, conditions });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, and every failure carries the server-style message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', '=', '.', ',', '(', ')', '"', '\\', 'in', 'eq', 'not', ' ') })), (text) => {
        const parsed = parsePostgresFilter(text);
        if (!parsed.ok) expect(parsed.message).toMatch(/^Error parsing `filter` params: .+/);
        else for (const c of parsed.conditions) expect(SUPPORTED_FILTER_OPERATORS).toContain(c.operator);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects non-strings and garbage with a message instead of throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const parsed = parsePostgresFilter(input as string);
        if (typeof input !== 'string') expect(parsed.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(column, fc.stringMatching(/^[a-z]{1,8}$/), value, (col, op, v) => {
        fc.pre(!(SUPPORTED_FILTER_OPERATORS as readonly string[]).includes(op) && op !== 'not');
        const parsed = parsePostgresFilter(`${col}=${op}.${quoted(v)}`);
        expect(parsed.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('an eq filter on a text column matches a row exactly when the strings are equal', () => {
    fc.assert(
      fc.property(value, value, fc.boolean(), (wanted, actual, same) => {
        const row = { title: same ? wanted : actual };
        const parsed = parsePostgresFilter(`title=eq.${quoted(wanted)}`);
        if (!parsed.ok) throw new Error(parsed.message);
        expect(matchesFilter(parsed.conditions, row, [{ name: 'title', type: 'text' }])).toBe(row.title === wanted);
      }),
      { numRuns: 500 },
    );
  });

  it('an in filter matches exactly the listed strings', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), value, (list, candidate) => {
        const parsed = parsePostgresFilter(`title=in.(${list.map(quoted).join(',')})`);
        if (!parsed.ok) throw new Error(parsed.message);
        expect(matchesFilter(parsed.conditions, { title: candidate }, [{ name: 'title', type: 'text' }])).toBe(list.includes(candidate));
      }),
      { numRuns: 500 },
    );
  });

  it('evaluation never throws on arbitrary rows and column types', () => {
    fc.assert(
      fc.property(
        fc.array(condition, { maxLength: 3 }),
        fc.option(fc.dictionary(column, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double(), fc.jsonValue()))),
        fc.array(fc.record({ name: column, type: fc.constantFrom('text', 'int4', 'int8', 'numeric', 'bool', 'timestamptz', 'date', 'jsonb', 'uuid', '_text') })),
        (conditions, row, columns) => {
          const result = matchesFilter(conditions, row, columns);
          expect(typeof result).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
