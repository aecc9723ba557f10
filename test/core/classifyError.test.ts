import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYXV0aGVudGljYXRlZCIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

describe('classifyError: Postgres SQLSTATEs via PostgREST errors', () => {
  it('unique violation: constraint, fix-data, not retryable, names constraint and column, no row values', () => {
    const c = classifyError({
      code: '23505',
      message: 'duplicate key value violates unique constraint "todos_title_key"',
      details: 'Key (title)=(my secret title) already exists.',
      hint: null,
    });
    expect(c).toMatchObject({ category: 'constraint', action: 'fix-data', retryable: false, code: '23505', constraint: 'todos_title_key', field: 'title' });
    expect(c.technicalMessage).toContain('todos_title_key');
    expect(c.technicalMessage).not.toContain('my secret title');
    expect(c.userMessage).not.toContain('my secret title');
  });

  it('not-null violation names the column', () => {
    const c = classifyError({
      code: '23502',
      message: 'null value in column "title" of relation "todos" violates not-null constraint',
      details: 'Failing row contains (1, null, secret-owner).',
      hint: null,
    });
    expect(c).toMatchObject({ category: 'constraint', action: 'fix-data', field: 'title' });
    expect(c.technicalMessage).not.toContain('secret-owner');
  });

  it('invalid text representation does not echo the bad value', () => {
    const c = classifyError({ code: '22P02', message: 'invalid input syntax for type integer: "hunter2"', details: null, hint: null });
    expect(c).toMatchObject({ category: 'constraint', action: 'fix-data' });
    expect(c.technicalMessage).not.toContain('hunter2');
  });

  it.each([
    ['23503', 'constraint', false, 'fix-data'],
    ['23514', 'constraint', false, 'fix-data'],
    ['40P01', 'transaction', true, 'retry'],
    ['40001', 'transaction', true, 'retry'],
    ['08000', 'connection', true, 'retry'],
    ['08003', 'connection', true, 'retry'],
    ['08006', 'connection', true, 'retry'],
    ['57014', 'timeout', true, 'retry'],
    ['42501', 'permission', false, 'contact-admin'],
    ['42P01', 'query', false, 'contact-admin'],
    ['42703', 'query', false, 'contact-admin'],
    ['53300', 'rate-limit', true, 'retry'],
    ['23999', 'constraint', false, 'fix-data'], // class fallback
    ['PGRST116', 'not-found', false, 'none'],
    ['PGRST301', 'auth', false, 'reauthenticate'],
    ['PGRST303', 'auth', false, 'reauthenticate'],
    ['PGRST204', 'query', false, 'contact-admin'],
    ['PGRST000', 'connection', true, 'retry'],
    ['PGRST399', 'auth', false, 'reauthenticate'], // group fallback
  ])('code %s → %s', (code, category, retryable, action) => {
    expect(classifyError({ code, message: 'x', details: null, hint: null })).toMatchObject({ category, retryable, action, code });
  });

  it('reads the column from a PostgREST schema-cache error', () => {
    const c = classifyError({ code: 'PGRST204', message: "Could not find the 'titel' column of 'todos' in the schema cache" });
    expect(c.field).toBe('titel');
  });

  it('classifies a supabase-js response object by its error', () => {
    const c = classifyError({ data: null, error: { code: '23505', message: 'duplicate key value violates unique constraint "k"' }, status: 409 });
    expect(c).toMatchObject({ category: 'constraint', constraint: 'k' });
  });
});

describe('classifyError: HTTP', () => {
  it.each([
    [401, 'auth', 'reauthenticate', false],
    [403, 'permission', 'contact-admin', false],
    [404, 'not-found', 'none', false],
    [408, 'timeout', 'retry', true],
    [409, 'constraint', 'fix-data', false],
    [429, 'rate-limit', 'retry', true],
    [500, 'unknown', 'retry', true],
    [502, 'connection', 'retry', true],
    [503, 'connection', 'retry', true],
    [599, 'unknown', 'retry', true],
  ])('status %i', (status, category, action, retryable) => {
    expect(classifyError({ status, message: '' })).toMatchObject({ category, action, retryable, code: String(status) });
    expect(classifyError({ statusCode: status })).toMatchObject({ category });
  });

  it('429 honours Retry-After in seconds from a Headers instance', () => {
    const c = classifyError({ status: 429, headers: new Headers({ 'Retry-After': '7' }) });
    expect(c).toMatchObject({ category: 'rate-limit', retryAfterMs: 7000 });
  });

  it('429 honours Retry-After as an HTTP date from a Response', () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const c = classifyError(new Response('', { status: 429, headers: { 'Retry-After': at } }));
    expect(c.category).toBe('rate-limit');
    expect(c.retryAfterMs).toBeGreaterThan(50_000);
    expect(c.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('reads status and headers from a functions-js style context Response', () => {
    const c = classifyError({ name: 'FunctionsHttpError', message: 'Edge Function returned a non-2xx status code', context: new Response('', { status: 503, headers: { 'retry-after': '2' } }) });
    expect(c).toMatchObject({ category: 'connection', retryAfterMs: 2000 });
  });
});

describe('classifyError: network', () => {
  it.each(['Failed to fetch', 'fetch failed', 'NetworkError when attempting to fetch resource.', 'Load failed'])('TypeError %s', (m) => {
    expect(classifyError(new TypeError(m))).toMatchObject({ category: 'connection', action: 'check-network', retryable: true });
  });

  it('postgrest-js fetch failure shape (status 0)', () => {
    expect(classifyError({ data: null, error: { message: 'TypeError: fetch failed', details: '', hint: '', code: '' }, status: 0 })).toMatchObject({ category: 'connection' });
  });

  it('AbortError is a cancelled request, not retried', () => {
    expect(classifyError(new DOMException('The operation was aborted.', 'AbortError'))).toMatchObject({ category: 'timeout', retryable: false, action: 'none' });
  });

  it('TimeoutError is retryable', () => {
    expect(classifyError(new DOMException('signal timed out', 'TimeoutError'))).toMatchObject({ category: 'timeout', retryable: true, action: 'retry' });
  });

  it('Node socket codes in the cause', () => {
    const e = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    expect(classifyError(e)).toMatchObject({ category: 'connection' });
  });
});

describe('classifyError: realtime', () => {
  it.each([
    ['InvalidJWTToken: Token has expired 5 seconds ago', 'auth', 'reauthenticate', 'InvalidJWTToken'],
    ['Unauthorized: You do not have permissions to read from this Channel topic: room1', 'permission', 'contact-admin', 'Unauthorized'],
    ['ChannelRateLimitReached: Too many channels', 'rate-limit', 'retry', 'ChannelRateLimitReached'],
    ['MalformedJWT: The token provided is not a valid JWT', 'auth', 'reauthenticate', 'MalformedJWT'],
    ['RealtimeRestarting: Realtime is restarting, please standby', 'connection', 'retry', 'RealtimeRestarting'],
  ])('join error %s', (message, category, action, code) => {
    expect(classifyError(new Error(message))).toMatchObject({ category, action, code });
  });

  it.each([
    ['socket closed: 1011 (server crash)', 'connection', '1011', true],
    ['socket closed: 1006 ()', 'connection', '1006', true],
    ['socket closed: 1012 (service restart)', 'connection', '1012', true],
    ['socket closed: 1000 (bye)', 'connection', '1000', true],
    ['socket closed: 1001 (going away)', 'connection', '1001', true],
  ])('channel error %s', (message, category, code, retryable) => {
    expect(classifyError(new Error(message))).toMatchObject({ category, code, retryable });
  });

  it('close events and bare close codes', () => {
    expect(classifyError({ code: 1006, reason: '', wasClean: false })).toMatchObject({ category: 'connection', code: '1006', action: 'check-network' });
    expect(classifyError(1012)).toMatchObject({ category: 'connection', code: '1012' });
  });

  it('heartbeat timeout and transport failure', () => {
    expect(classifyError(new Error('heartbeat timeout'))).toMatchObject({ category: 'timeout', retryable: true });
    expect(classifyError(new Error('channel error: transport failure'))).toMatchObject({ category: 'connection', retryable: true });
    expect(classifyError('TIMED_OUT')).toMatchObject({ category: 'timeout' });
  });

  it('system shutdown messages', () => {
    expect(classifyError('Token has expired 12 seconds ago')).toMatchObject({ category: 'auth' });
    expect(classifyError('You no longer have permission to read from this Channel topic: x')).toMatchObject({ category: 'permission' });
  });
});

describe('classifyError: typed errors and odd values', () => {
  it('trusts a typed error category and overrides', () => {
    class RealtimeConfigError extends Error {
      readonly category = 'query';
      readonly code = 'MISSING_PROVIDER';
    }
    expect(classifyError(new RealtimeConfigError('no provider'))).toMatchObject({ category: 'query', code: 'MISSING_PROVIDER', retryable: false });
    expect(classifyError({ category: 'connection', retryable: false, action: 'none' })).toMatchObject({ category: 'connection', retryable: false, action: 'none' });
  });

  it('knows the library\'s own config error codes', () => {
    const e = Object.assign(new Error('Filter "id=eq" has no value: write it as column=op.value'), { name: 'RealtimeConfigError', code: 'invalid-filter' });
    expect(classifyError(e)).toMatchObject({ category: 'query', retryable: false, action: 'contact-admin', code: 'invalid-filter' });
  });

  it('supabase auth, functions and DOM event errors', () => {
    expect(classifyError({ name: 'AuthApiError', status: 400, code: 'refresh_token_not_found', message: 'Invalid Refresh Token' })).toMatchObject({ category: 'auth', action: 'reauthenticate' });
    expect(classifyError({ name: 'AuthApiError', status: 429, code: 'over_request_rate_limit', message: 'x' })).toMatchObject({ category: 'rate-limit', retryable: true });
    expect(classifyError(Object.assign(new Error('Auth session missing!'), { name: 'AuthSessionMissingError' }))).toMatchObject({ category: 'auth' });
    expect(classifyError(Object.assign(new Error('Failed to send a request'), { name: 'FunctionsFetchError' }))).toMatchObject({ category: 'connection' });
    expect(classifyError(new Event('error'))).toMatchObject({ category: 'connection', retryable: true });
  });

  it('never throws on odd values', () => {
    const cyclic: Record<string, unknown> = { message: 'loop' };
    cyclic.cause = cyclic;
    cyclic.self = cyclic;
    const throwing = Object.defineProperty({}, 'message', { get() { throw new Error('boom'); } });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const hostile = new Proxy({}, { get() { throw new Error('trap'); }, has() { throw new Error('trap'); } });
    const badToString = { toString() { throw new Error('x'); }, message: { toString() { throw new Error('y'); } } };
    for (const v of [null, undefined, '', 0, NaN, -1, 42n, Symbol('s'), () => 1, [], cyclic, throwing, revocable.proxy, hostile, badToString, Object.create(null)]) {
      const c = classifyError(v);
      expect(typeof c.category).toBe('string');
      expect(typeof c.technicalMessage).toBe('string');
    }
    expect(classifyError(null)).toMatchObject({ category: 'unknown', retryable: false, action: 'none' });
  });

  it('follows the cause chain', () => {
    expect(classifyError(new Error('wrapped', { cause: { code: '40P01', message: 'deadlock detected' } }))).toMatchObject({ category: 'transaction', code: '40P01' });
  });

  it('scrubs tokens and keys from technical messages', () => {
    const c = classifyError(new Error(`request failed: Authorization: Bearer ${JWT} apikey=${KEY} token ${JWT}`));
    expect(c.technicalMessage).not.toContain(JWT);
    expect(c.technicalMessage).not.toContain(KEY);
    expect(c.technicalMessage).not.toContain(JWT.slice(0, 40));
    expect(classifyError({ code: KEY }).code).toBeUndefined();
  });
});
