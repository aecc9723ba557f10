import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyJwt } from '../../src/devserver/jwt';
import { createTestClient } from '../support/clients';
import { collectSystem, subscribe, waitFor } from './realtimeHelpers';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'devserver', 'cli.ts');
const children: ChildProcess[] = [];

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

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run devserver (cli.ts)', () => {
  it('prints one JSON line when ready, publishes --schema tables, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devserver-cli-'));
    const schema = join(dir, 'schema.sql');
    writeFileSync(schema, 'create table public.items (id bigint generated always as identity primary key, name text);');
    const proc = run(['--port', '0', '--schema', schema, '--jwt-secret', 'cli-test-secret']);
    await waitFor(() => proc.out().includes('\n'), 60_000, 'the ready line');
    const lines = proc.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]!);
    expect(Object.keys(ready).sort()).toEqual(['anonKey', 'jwtSecret', 'serviceRoleKey', 'url']);
    expect(ready.jwtSecret).toBe('cli-test-secret');
    expect(verifyJwt(ready.anonKey, 'cli-test-secret')).toMatchObject({ ok: true, claims: { role: 'anon' } });
    expect(verifyJwt(ready.serviceRoleKey, 'cli-test-secret')).toMatchObject({ ok: true, claims: { role: 'service_role' } });

    const client = createTestClient(ready);
    const channel = client.channel('cli');
    const system = collectSystem(channel);
    const inserted: unknown[] = [];
    channel.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'items' }, (p) => inserted.push(p.new));
    await subscribe(channel);
    await waitFor(() => system.length > 0);
    expect(system[0]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' });
    const { error } = await client.from('items').insert({ name: 'from cli test' });
    expect(error).toBeNull();
    await waitFor(() => inserted.length === 1);
    await client.removeAllChannels();

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.err()).not.toContain(ready.anonKey);
  });

  it('rejects bad arguments with exit code 2 and a usage line', async () => {
    const proc = run(['--port', 'abc']);
    expect(await proc.exited).toBe(2);
    expect(proc.err()).toMatch(/--port must be an integer/);
    expect(proc.err()).toMatch(/Usage:/);
    expect(proc.out()).toBe('');
    const delay = run(['--ready-delay', '-5']);
    expect(await delay.exited).toBe(2);
    expect(delay.err()).toMatch(/--ready-delay must be a number of milliseconds ≥ 0/);
  });
});
