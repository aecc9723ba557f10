import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../src/devserver/jwt';
import { waitUntil } from '../support/waitUntil';
import { authClients, uniqueEmail } from './authClients';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'devserver', 'cli.ts');
const children: ChildProcess[] = [];
let ready: { url: string; anonKey: string } | undefined;
const clients = authClients(() => ready!);

function run(args: string[]) {
  const child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

afterEach(() => clients.stopAll());
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('cli.ts auth flags', () => {
  it('--jwt-expiry 8 issues access tokens that live 8 s; --no-anonymous-sign-ins refuses anonymous sign-ins', async () => {
    const proc = run(['--port', '0', '--jwt-expiry', '8', '--no-anonymous-sign-ins']);
    await waitUntil(() => proc.out().includes('\n'), 'the ready line', 60_000);
    ready = JSON.parse(proc.out().trim());
    const supabase = clients.create();
    const password = 'cli-secret-1';
    const { data, error } = await supabase.auth.signUp({ email: uniqueEmail('cli'), password });
    expect(error).toBeNull();
    expect(data.session!.expires_in).toBe(8);
    const claims = decodeJwt(data.session!.access_token)!;
    expect(claims.exp! - claims.iat!).toBe(8);
    expect(data.session!.expires_at).toBe(claims.exp);
    const anonymous = await clients.create().auth.signInAnonymously();
    expect(anonymous.error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled', message: 'Anonymous sign-ins are disabled' });

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.err()).not.toContain(data.session!.access_token);
    expect(proc.err()).not.toContain(password);
  });

  it('rejects a bad --jwt-expiry with exit code 2 and says what to pass', async () => {
    const proc = run(['--jwt-expiry', '0']);
    expect(await proc.exited).toBe(2);
    expect(proc.err()).toMatch(/--jwt-expiry must be a whole number of seconds ≥ 1/);
    expect(proc.out()).toBe('');
  });
});
