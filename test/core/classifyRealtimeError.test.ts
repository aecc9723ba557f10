import { expect, test } from 'vitest';
import { classifyError } from '../../src/core/classifyError';
import { classifyRealtimeError } from '../../src/core/errors/classifyRealtimeError';
import { authCodeRules, errorNameRules } from '../../src/core/errorTables/authRules';
import { closeCodeRules, realtimeReasonRules } from '../../src/core/errorTables/realtimeRules';
import { systemCodeRules } from '../../src/core/errorTables/networkRules';

/**
 * The connection manager classifies with `classifyRealtimeError`, which leaves the Postgres and
 * PostgREST tables out of its bundle. For every failure the manager can meet it must say
 * exactly what `classifyError` says, or health and subscription errors would change with it.
 */
const managerInputs: unknown[] = [
  // Join refusals, as realtime-js builds them from the reply's reason.
  ...Object.keys(realtimeReasonRules).map((code) => new Error(`${code}: refused for topic realtime:room`)),
  // Channel errors and subscribe statuses.
  new Error('heartbeat timeout'),
  new Error('WebSocket connection failed'),
  new Error('join timed out on realtime:srr-todos-1'),
  new Error('Token has expired 12 seconds ago'),
  new Error('You do not have permissions to read from this Channel topic: room'),
  new Error('Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [schema: public, table: nope, filters: []]'),
  new Error('mismatch between server and client bindings for postgres changes'),
  new Error('channel realtime:room closed by the server'),
  new Error('Unknown Error on Channel'),
  new Error('TIMED_OUT'),
  new Error('CHANNEL_ERROR'),
  new Error('CLOSED'),
  // Socket close codes, as numbers and as close events.
  ...Object.keys(closeCodeRules).map(Number),
  ...Object.keys(closeCodeRules).map((code) => ({ code: Number(code), reason: 'bye', wasClean: false })),
  4000,
  // Auth refresh failures, as auth-js reports them.
  ...Object.keys(authCodeRules).map((code) => Object.assign(new Error(`auth failed: ${code}`), { name: 'AuthApiError', code, status: 400 })),
  ...Object.keys(errorNameRules).map((name) => Object.assign(new Error('request failed'), { name })),
  Object.assign(new Error('Failed to fetch'), { name: 'AuthRetryableFetchError', status: 0 }),
  Object.assign(new Error('Too many requests'), { name: 'AuthApiError', status: 429, code: 'over_request_rate_limit' }),
  Object.assign(new Error('Internal error'), { name: 'AuthApiError', status: 500 }),
  ...Object.keys(systemCodeRules).map((code) => Object.assign(new TypeError('fetch failed'), { cause: { code } })),
  // Values that are not errors at all.
  null,
  undefined,
  'just a string',
  { message: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig leaked?' },
];

test.each(managerInputs.map((input, index) => [index, input] as const))('input %i classifies as classifyError does', (_index, input) => {
  expect(classifyRealtimeError(input)).toEqual(classifyError(input));
});

test('database codes are the difference: a SQLSTATE is known to classifyError only', () => {
  const unique = { code: '23505', message: 'duplicate key value violates unique constraint "todos_title_key"' };
  expect(classifyError(unique)).toMatchObject({ category: 'constraint', code: '23505', constraint: 'todos_title_key' });
  expect(classifyRealtimeError(unique)).toMatchObject({ category: 'unknown', code: '23505' });
  expect(classifyRealtimeError(unique)).not.toHaveProperty('constraint');
});
