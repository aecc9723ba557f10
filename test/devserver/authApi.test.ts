import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../src/devserver/jwt';
import type { DevServer } from '../../src/devserver/types';
import { startTestServer } from '../support/devServer';
import { authClients, memoryStorage, uniqueEmail } from './authClients';

let server: DevServer;
const clients = authClients(() => server);

beforeAll(async () => {
  // A 1 s reuse interval, so the "already used" branch is reachable without a long wait.
  server = await startTestServer({ refreshTokenReuseInterval: 1 });
});
afterEach(async () => {
  server.faults.reset();
  await clients.stopAll();
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('/auth/v1 with supabase.auth', () => {
  it('signUp returns a confirmed user and a session whose token carries GoTrue claims', async () => {
    const supabase = clients.create();
    const email = uniqueEmail('signup');
    const { data, error } = await supabase.auth.signUp({ email, password: 'secret-1', options: { data: { name: 'Ada' } } });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, role: 'authenticated', aud: 'authenticated', is_anonymous: false });
    expect(data.user!.user_metadata).toMatchObject({ name: 'Ada', email_verified: true });
    expect(data.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
    expect(data.user!.email_confirmed_at).toEqual(expect.any(String));
    expect(data.session!.token_type).toBe('bearer');
    expect(data.session!.expires_in).toBe(3600);
    expect(data.session!.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    const claims = decodeJwt(data.session!.access_token)!;
    expect(claims).toMatchObject({
      aud: 'authenticated',
      iss: `${server.url}/auth/v1`,
      sub: data.user!.id,
      email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { name: 'Ada', email_verified: true },
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await server.sql<{ encrypted_password: string }>('select encrypted_password from auth.users where email = $1', [email]);
    expect(rows[0]!.encrypted_password).toMatch(/^scrypt\$/);
    expect(rows[0]!.encrypted_password).not.toContain('secret-1');
  });

  it('answers user_already_exists, weak_password and validation_failed with GoTrue codes', async () => {
    const supabase = clients.create();
    const email = uniqueEmail('dup');
    expect((await supabase.auth.signUp({ email, password: 'secret-1' })).error).toBeNull();
    const again = await clients.create().auth.signUp({ email, password: 'secret-2' });
    expect(again.error).toMatchObject({ status: 422, code: 'user_already_exists', message: 'User already registered' });
    const weak = await clients.create().auth.signUp({ email: uniqueEmail('weak'), password: '123' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });
    const badEmail = await clients.create().auth.signUp({ email: 'not-an-email', password: 'secret-1' });
    expect(badEmail.error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('signInWithPassword signs in, and answers invalid_credentials for a wrong password or unknown user', async () => {
    const email = uniqueEmail('signin');
    const created = await server.auth.createUser({ email, password: 'secret-1', user_metadata: { team: 'blue' } });
    expect(created).toMatchObject({ email, user_metadata: { team: 'blue', email_verified: true } });
    const supabase = clients.create();
    const wrong = await supabase.auth.signInWithPassword({ email, password: 'wrong-password' });
    expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    const unknown = await supabase.auth.signInWithPassword({ email: uniqueEmail('nobody'), password: 'secret-1' });
    expect(unknown.error).toMatchObject({ status: 400, code: 'invalid_credentials' });
    const { data, error } = await supabase.auth.signInWithPassword({ email: email.toUpperCase(), password: 'secret-1' });
    expect(error).toBeNull();
    expect(data.user!.id).toBe(created.id);
    expect(data.user!.last_sign_in_at).toEqual(expect.any(String));
    expect((await supabase.auth.getSession()).data.session!.user.id).toBe(created.id);
  });

  it('signInAnonymously gives an anonymous user; updateUser with an email makes it an email user', async () => {
    const supabase = clients.create();
    const { data, error } = await supabase.auth.signInAnonymously({ options: { data: { guest: true } } });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ is_anonymous: true, email: '', phone: '', app_metadata: {}, user_metadata: { guest: true } });
    const claims = decodeJwt(data.session!.access_token)!;
    expect(claims).toMatchObject({ is_anonymous: true, role: 'authenticated', sub: data.user!.id });
    expect(claims.amr).toEqual([{ method: 'anonymous', timestamp: expect.any(Number) }]);

    const passwordOnly = await supabase.auth.updateUser({ password: 'secret-1' });
    expect(passwordOnly.error).toMatchObject({ status: 422, code: 'validation_failed' });
    const email = uniqueEmail('upgraded');
    const upgraded = await supabase.auth.updateUser({ email, password: 'secret-1' });
    expect(upgraded.error).toBeNull();
    expect(upgraded.data.user).toMatchObject({ id: data.user!.id, email, is_anonymous: false });
    expect((await clients.create().auth.signInWithPassword({ email, password: 'secret-1' })).error).toBeNull();
  });

  it('getUser and updateUser read and merge user_metadata; the new claims arrive with the next refresh', async () => {
    const supabase = clients.create();
    const email = uniqueEmail('update');
    await supabase.auth.signUp({ email, password: 'secret-1', options: { data: { colour: 'red', size: 'M' } } });
    const events: string[] = [];
    supabase.auth.onAuthStateChange((event) => void events.push(event));
    const updated = await supabase.auth.updateUser({ data: { colour: 'green', size: null, shape: 'round' } });
    expect(updated.error).toBeNull();
    expect(updated.data.user!.user_metadata).toEqual({ colour: 'green', shape: 'round', email_verified: true });
    expect(events).toContain('USER_UPDATED');
    const { data, error } = await supabase.auth.getUser();
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toEqual({ colour: 'green', shape: 'round', email_verified: true });
    const before = decodeJwt((await supabase.auth.getSession()).data.session!.access_token)!;
    expect(before.user_metadata).toMatchObject({ colour: 'red' });
    const refreshed = await supabase.auth.refreshSession();
    expect(decodeJwt(refreshed.data.session!.access_token)!.user_metadata).toMatchObject({ colour: 'green', shape: 'round' });
    const same = await supabase.auth.updateUser({ password: 'secret-1' });
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' });
  });

  it('refreshSession rotates the refresh token; the parent returns the active one; a stale one is refresh_token_already_used', async () => {
    const supabase = clients.create();
    const signedUp = await supabase.auth.signUp({ email: uniqueEmail('rotate'), password: 'secret-1' });
    const first = signedUp.data.session!;
    const second = (await supabase.auth.refreshSession()).data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token)!.session_id).toBe(decodeJwt(first.access_token)!.session_id);
    // The parent of the active token (a client that lost the answer) gets the active token back.
    const replay = await supabase.auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error).toBeNull();
    expect(replay.data.session!.refresh_token).toBe(second.refresh_token);
    const third = (await supabase.auth.refreshSession()).data.session!;
    expect(third.refresh_token).not.toBe(second.refresh_token);
    await sleep(1500); // past the 1 s reuse interval this server was started with
    const reused = await clients.create().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(reused.error).toMatchObject({ status: 400, code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
    // Reuse revokes the whole session, so the latest token is dead too once its own interval passed.
    await sleep(1500);
    const latest = await clients.create().auth.refreshSession({ refresh_token: third.refresh_token });
    expect(latest.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
  });

  it('signOut deletes the session: its refresh token is refresh_token_not_found and /user is session_not_found', async () => {
    const supabase = clients.create();
    const { data } = await supabase.auth.signUp({ email: uniqueEmail('signout'), password: 'secret-1' });
    const { access_token, refresh_token } = data.session!;
    const events: string[] = [];
    supabase.auth.onAuthStateChange((event) => void events.push(event));
    expect((await supabase.auth.signOut()).error).toBeNull();
    expect(events).toContain('SIGNED_OUT');
    expect((await supabase.auth.getSession()).data.session).toBeNull();
    const refreshed = await clients.create().auth.refreshSession({ refresh_token });
    expect(refreshed.error).toMatchObject({ status: 400, code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' });
    const user = await fetch(`${server.url}/auth/v1/user`, {
      headers: { apikey: server.anonKey, authorization: `Bearer ${access_token}`, 'x-supabase-api-version': '2024-01-01' },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toEqual({ code: 'session_not_found', message: 'Session from session_id claim in JWT does not exist' });
  });

  it('a client created afresh on the same storage restores the session', async () => {
    const storage = memoryStorage();
    const first = clients.create(storage);
    const { data } = await first.auth.signUp({ email: uniqueEmail('restore'), password: 'secret-1' });
    await first.auth.stopAutoRefresh();
    const second = clients.create(storage);
    const restored = await second.auth.getSession();
    expect(restored.data.session!.user.id).toBe(data.user!.id);
    expect(restored.data.session!.access_token).toBe(data.session!.access_token);
    const user = await second.auth.getUser();
    expect(user.data.user!.id).toBe(data.user!.id);
  });
});

describe('/auth/v1 over HTTP', () => {
  const call = (path: string, init: RequestInit = {}, versioned = true) =>
    fetch(`${server.url}/auth/v1${path}`, {
      ...init,
      headers: { apikey: server.anonKey, 'content-type': 'application/json', ...(versioned ? { 'x-supabase-api-version': '2024-01-01' } : {}), ...init.headers },
    });

  it('errors carry GoTrue bodies: {code, message} with the version header, the legacy shape without it', async () => {
    const body = JSON.stringify({ email: uniqueEmail('nobody'), password: 'whatever' });
    const versioned = await call('/token?grant_type=password', { method: 'POST', body });
    expect(versioned.status).toBe(400);
    expect(versioned.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(versioned.headers.get('access-control-allow-origin')).toBe('*');
    expect(await versioned.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    const legacy = await call('/token?grant_type=password', { method: 'POST', body }, false);
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();
    expect(await legacy.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('answers no_authorization and bad_jwt on /user, and the preflight allows the version header', async () => {
    const none = await call('/user');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'no_authorization' });
    const forged = await call('/user', { headers: { authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'bad_jwt' });
    const expired = server.signJwt({ role: 'authenticated', sub: '00000000-0000-4000-8000-000000000000' }, { expiresIn: -10 });
    const old = await call('/user', { headers: { authorization: `Bearer ${expired}` } });
    expect(old.status).toBe(403);
    expect(await old.json()).toMatchObject({ code: 'bad_jwt' });
    const preflight = await fetch(`${server.url}/auth/v1/token`, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-supabase-api-version');
  });

  it('serves /settings, /health and a bad refresh token format as GoTrue does', async () => {
    expect(await (await call('/health')).json()).toMatchObject({ name: 'GoTrue' });
    expect(await (await call('/settings')).json()).toMatchObject({ external: { anonymous_users: true, email: true }, mailer_autoconfirm: true });
    const short = await call('/token?grant_type=refresh_token', { method: 'POST', body: JSON.stringify({ refresh_token: 'abc' }) });
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual({ code: 'validation_failed', message: 'Refresh token is not valid' });
    const scope = await call('/logout?scope=everyone', { method: 'POST' });
    expect(scope.status).toBe(400);
  });

  it('server.auth.createUser and the options reject bad input with a clear TypeError', async () => {
    await expect(server.auth.createUser({ email: 'nope', password: 'secret-1' })).rejects.toThrow(/createUser: email must be an address/);
    await expect(server.auth.createUser({ email: uniqueEmail('x'), password: '123' })).rejects.toThrow(/password must be a string of 6 to 72/);
    const email = uniqueEmail('twice');
    await server.auth.createUser({ email, password: 'secret-1' });
    await expect(server.auth.createUser({ email, password: 'secret-1' })).rejects.toThrow(/already exists/);
    const { startDevServer } = await import('../../src/devserver');
    await expect(startDevServer({ jwtExpiry: 0 })).rejects.toThrow(/jwtExpiry must be a whole number of seconds ≥ 1/);
    await expect(startDevServer({ jwtExpiry: 1.5 })).rejects.toThrow(TypeError);
    await expect(startDevServer({ anonymousSignIns: 'no' as never })).rejects.toThrow(/anonymousSignIns must be true or false/);
  });
});
