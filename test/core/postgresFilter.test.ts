import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchesFilter } from '../../src/core/matchPostgresFilter';
import { parsePostgresFilter, SUPPORTED_FILTER_OPERATORS, type FilterCondition } from '../../src/core/postgresFilter';

function conditions(filter: string): FilterCondition[] {
  const parsed = parsePostgresFilter(filter);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.conditions;
}

describe('parsePostgresFilter', () => {
  it('parses col=op.value', () => {
    expect(parsePostgresFilter('subject=eq.hey')).toEqual({
      ok: true,
      conditions: [{ column: 'subject', operator: 'eq', negated: false, value: 'hey' }],
    });
  });

  it('treats an empty or blank filter as no filter', () => {
    expect(parsePostgresFilter('')).toEqual({ ok: true, conditions: [] });
    expect(parsePostgresFilter('   ')).toEqual({ ok: true, conditions: [] });
  });

  it('accepts every operator the real server accepts', () => {
    for (const op of SUPPORTED_FILTER_OPERATORS) {
      const filter = op === 'in' ? 'a=in.(1)' : `a=${op}.1`;
      expect(parsePostgresFilter(filter).ok, op).toBe(true);
    }
    expect(SUPPORTED_FILTER_OPERATORS).toHaveLength(13);
  });

  it('reads the not. prefix', () => {
    expect(conditions('subject=not.like.hey%')).toEqual([{ column: 'subject', operator: 'like', negated: true, value: 'hey%' }]);
  });

  it('splits on commas as AND, but not inside parentheses or quotes', () => {
    expect(conditions('id=gt.0,id=lt.100')).toEqual([
      { column: 'id', operator: 'gt', negated: false, value: '0' },
      { column: 'id', operator: 'lt', negated: false, value: '100' },
    ]);
    expect(conditions('id=in.(1,2,3),details=eq.active')).toEqual([
      { column: 'id', operator: 'in', negated: false, value: ['1', '2', '3'] },
      { column: 'details', operator: 'eq', negated: false, value: 'active' },
    ]);
    expect(conditions('name=eq."a,b",x=eq.1')).toEqual([
      { column: 'name', operator: 'eq', negated: false, value: 'a,b' },
      { column: 'x', operator: 'eq', negated: false, value: '1' },
    ]);
  });

  it('reads quoted in-list items and backslash escapes', () => {
    expect(conditions('tag=in.(a, b ,"c,d","e\\"f")')[0]!.value).toEqual(['a', 'b', 'c,d', 'e"f']);
    expect(conditions('name=eq."say \\"hi\\""')[0]!.value).toBe('say "hi"');
  });

  it('keeps a value with an unterminated quote as written', () => {
    expect(conditions('name=eq."abc')[0]!.value).toBe('"abc');
  });

  it('keeps dots after the operator in the value', () => {
    expect(conditions('ver=eq.1.2.3')[0]!.value).toBe('1.2.3');
  });

  it('reports an unsupported operator in the real wording', () => {
    expect(parsePostgresFilter('subject=foo.hey')).toEqual({ ok: false, message: 'Error parsing `filter` params: ["foo", "hey"]' });
    expect(parsePostgresFilter('subject=fts.hey')).toEqual({ ok: false, message: 'Error parsing `filter` params: ["fts", "hey"]' });
  });

  it('reports a filter without = or without an operator', () => {
    expect(parsePostgresFilter('undefined')).toEqual({ ok: false, message: 'Error parsing `filter` params: ["undefined"]' });
    expect(parsePostgresFilter('id=5')).toEqual({ ok: false, message: 'Error parsing `filter` params: ["5"]' });
  });

  it('reports an in value without parentheses', () => {
    expect(parsePostgresFilter('id=in.1,2')).toEqual({
      ok: false,
      message: 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses',
    });
  });

  it('reports empty segments', () => {
    expect(parsePostgresFilter('id=eq.1,,id=eq.2')).toEqual({
      ok: false,
      message: 'Error parsing `filter` params: filter must not contain empty segments (check for extra commas)',
    });
  });

  it('reports the first failing segment of several', () => {
    const parsed = parsePostgresFilter('id=gt.0,id=nope.100');
    expect(parsed).toEqual({ ok: false, message: 'Error parsing `filter` params: ["nope", "100"]' });
  });

  it('never throws and always names the problem', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const parsed = parsePostgresFilter(input);
        if (!parsed.ok) expect(parsed.message.startsWith('Error parsing `filter` params: ')).toBe(true);
      }),
    );
  });

  it('round-trips simple eq filters (the server trims, so no edge spaces)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/), fc.stringMatching(/^[a-zA-Z0-9_-]([a-zA-Z0-9 _-]{0,10}[a-zA-Z0-9_-])?$/), (col, val) => {
        expect(conditions(`${col}=eq.${val}`)).toEqual([{ column: col, operator: 'eq', negated: false, value: val }]);
      }),
    );
  });
});

describe('matchesFilter', () => {
  const columns = [
    { name: 'id', type: 'int8' },
    { name: 'title', type: 'text' },
    { name: 'done', type: 'bool' },
    { name: 'score', type: 'numeric' },
    { name: 'at', type: 'timestamptz' },
    { name: 'note', type: 'text' },
  ];
  const row = { id: '10', title: 'Buy Milk', done: 'f', score: '2.50', at: '2024-01-02 03:04:05+00', note: null };
  const check = (filter: string) => matchesFilter(conditions(filter), row, columns);

  it('compares numbers numerically, not as text', () => {
    expect(check('id=eq.10')).toBe(true);
    expect(check('id=eq.010')).toBe(true);
    expect(check('id=gt.9')).toBe(true);
    expect(check('id=lt.9')).toBe(false);
    expect(check('id=lte.10')).toBe(true);
    expect(check('id=gte.11')).toBe(false);
    expect(check('score=eq.2.5')).toBe(true);
    expect(check('id=neq.10')).toBe(false);
    expect(check('id=neq.11')).toBe(true);
  });

  it('compares booleans and text', () => {
    expect(check('done=eq.false')).toBe(true);
    expect(check('done=eq.true')).toBe(false);
    expect(check('title=eq.Buy Milk')).toBe(true);
    expect(check('title=eq.buy milk')).toBe(false);
  });

  it('compares timestamps as instants', () => {
    expect(check('at=gt.2024-01-01T00:00:00Z')).toBe(true);
    expect(check('at=lt.2024-01-01T00:00:00Z')).toBe(false);
  });

  it('handles in, like, ilike, match and imatch', () => {
    expect(check('id=in.(1,10)')).toBe(true);
    expect(check('id=in.(1,2)')).toBe(false);
    expect(check('title=like.Buy%')).toBe(true);
    expect(check('title=like.buy%')).toBe(false);
    expect(check('title=ilike.buy%')).toBe(true);
    expect(check('title=like.Buy_Milk')).toBe(true);
    expect(check('title=like.Buy_')).toBe(false);
    expect(check('title=match.^Buy')).toBe(true);
    expect(check('title=imatch.^buy')).toBe(true);
    expect(check('title=match.^buy')).toBe(false);
  });

  it('handles is and isdistinct with NULL', () => {
    expect(check('note=is.null')).toBe(true);
    expect(check('title=is.null')).toBe(false);
    expect(check('done=is.false')).toBe(true);
    expect(check('done=is.true')).toBe(false);
    expect(check('note=not.is.null')).toBe(false);
    expect(check('note=isdistinct.x')).toBe(true);
    expect(check('title=isdistinct.Buy Milk')).toBe(false);
  });

  it('treats a comparison with NULL as unknown, negated or not', () => {
    expect(check('note=eq.x')).toBe(false);
    expect(check('note=not.eq.x')).toBe(false);
  });

  it('negates with not.', () => {
    expect(check('id=not.eq.10')).toBe(false);
    expect(check('id=not.in.(1,2)')).toBe(true);
  });

  it('ANDs several conditions', () => {
    expect(check('id=gt.0,id=lt.100')).toBe(true);
    expect(check('id=gt.0,id=lt.5')).toBe(false);
  });

  it('skips conditions on columns the record lacks (a DELETE old record), passes with no conditions', () => {
    expect(check('missing=eq.1')).toBe(true);
    expect(matchesFilter(conditions('title=eq.x,id=eq.10'), { id: '10' }, columns)).toBe(true);
    expect(matchesFilter(conditions('title=eq.x,id=eq.11'), { id: '10' }, columns)).toBe(false);
    expect(matchesFilter([], row, columns)).toBe(true);
    expect(matchesFilter(conditions('id=eq.1'), null, columns)).toBe(false);
  });

  it('accepts typed values as well as Postgres text', () => {
    expect(matchesFilter(conditions('id=eq.10,done=eq.false'), { id: 10, done: false }, columns)).toBe(true);
  });
});
