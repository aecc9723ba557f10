import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('DevServer.close()', () => {
  it('releases sockets, timers, the port and the database: the process exits on its own', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [join(process.cwd(), 'test/devserver/fixtures/closeLeavesNoHandles.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect(err).toBe('');
    expect(out).toBe('closed; leaks: []\n');
    expect(code).toBe(0); // SIGKILL after the deadline would give null
  }, 100_000);
});
