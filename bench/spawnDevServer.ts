import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SpawnedDevServer {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  pid: number;
  /** User + system CPU time the server process has used so far, ms; null where `/proc` is missing (not Linux). */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/**
 * The dev server CLI in its own process, so its CPU time can be read apart from the clients'
 * (from `/proc/<pid>/stat`). Node runs the TypeScript entry through tsx's loader directly, so
 * the pid is the server's own, not a wrapper's.
 */
export async function spawnDevServer(schema: string): Promise<SpawnedDevServer> {
  const dir = mkdtempSync(join(tmpdir(), 'srr-bench-'));
  const schemaFile = join(dir, 'schema.sql');
  writeFileSync(schemaFile, schema);
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src', 'devserver', 'cli.ts'), '--port', '0', '--schema', schemaFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const info = await firstLine(child).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`the dev server did not start: ${String(error)}\n${stderr}`);
  });
  const { url, anonKey, serviceRoleKey, jwtSecret } = JSON.parse(info) as Record<string, string>;
  const pid = child.pid!;
  return {
    url: url!,
    anonKey: anonKey!,
    serviceRoleKey: serviceRoleKey!,
    jwtSecret: jwtSecret!,
    pid,
    cpuMs: () => readCpuMs(pid),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${String(code)}`)));
  });
}

/** Linux's clock ticks per second for `/proc/<pid>/stat` (`getconf CLK_TCK`, 100 on every common kernel). */
const CLOCK_TICKS = 100;

function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
