import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** What the stories connect to; serialised into the virtual module. */
export interface DemoBackendConfig {
  url: string;
  anonKey: string;
  /** True when the embedded dev server runs: fault routes and stats are available. */
  devServer: boolean;
}

interface RunningServer {
  url: string;
  anonKey: string;
  child: ChildProcess;
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const cliEntry = fileURLToPath(new URL('../src/devserver/cli.ts', import.meta.url));
const VIRTUAL_ID = 'virtual:realtime-demo-backend';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const START_TIMEOUT_MS = 60_000;

/**
 * Starts the dev server CLI (`npm run devserver`) as a child process and resolves with the
 * JSON line it prints when ready. A separate process keeps PGlite's work off Vite's event
 * loop and keeps the server's modules out of Storybook's config loader.
 */
function startEmbedded(schemaFile: string, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, '--port', String(port), '--schema', schemaFile], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never leave an orphaned server behind when Storybook or Vitest exits.
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The embedded dev server did not start within ${START_TIMEOUT_MS / 1000}s.`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The embedded dev server exited with code ${code} before it was ready (see its log above).`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        // The line also holds the service role key and JWT secret: only url and anon key are kept.
        const { url, anonKey } = JSON.parse(line) as { url: string; anonKey: string };
        console.log(`[realtime demo] embedded dev server at ${url}`);
        resolve({ url, anonKey, child });
      } catch {
        child.kill('SIGTERM');
        reject(new Error('The embedded dev server printed something other than its ready line.'));
      }
    });
  });
}

/**
 * Gives the stories a backend through `import backend from 'virtual:realtime-demo-backend'`.
 *
 * With `SUPABASE_URL` and `SUPABASE_ANON_KEY` set, that project is used. Otherwise the
 * embedded dev server (PGlite) is started with the demo schema — lazily, the first time a
 * story asks for the module, so loading this config (e.g. when Vitest resolves every project
 * just to run the Node tests) costs nothing. It stops with Vite's server or the process.
 */
export function demoBackendPlugin(options: { schemaFile: string; port?: number }): Plugin {
  let starting: Promise<RunningServer> | null = null;

  function stop(): void {
    const pending = starting;
    starting = null;
    void pending?.then(({ child }) => child.kill('SIGTERM')).catch(() => {});
  }

  return {
    name: 'supabase-realtime-react:demo-backend',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      let config: DemoBackendConfig;
      if (process.env.SUPABASE_URL && process.env.SUPABASE_ANON_KEY) {
        config = { url: process.env.SUPABASE_URL, anonKey: process.env.SUPABASE_ANON_KEY, devServer: false };
      } else {
        starting ??= startEmbedded(options.schemaFile, options.port ?? 0);
        const server = await starting.catch((error: unknown) => {
          starting = null;
          throw error;
        });
        config = { url: server.url, anonKey: server.anonKey, devServer: true };
      }
      // The anon key is public by design (it ships in every Supabase web app); no other
      // key or secret reaches the browser.
      return `export default ${JSON.stringify(config)};`;
    },
    configureServer(server) {
      server.httpServer?.once('close', stop);
    },
    closeBundle() {
      stop();
    },
  };
}
