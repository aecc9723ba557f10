import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import type { DevServer } from '../src/devserver/types';

/** What the stories connect to; serialised into the virtual module. */
export interface DemoBackendConfig {
  url: string;
  anonKey: string;
  /** True when the embedded dev server runs: fault routes and stats are available. */
  devServer: boolean;
}

const VIRTUAL_ID = 'virtual:realtime-demo-backend';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Gives the stories a backend through `import backend from 'virtual:realtime-demo-backend'`.
 *
 * With `SUPABASE_URL` and `SUPABASE_ANON_KEY` set, that project is used. Otherwise the
 * embedded dev server (PGlite) is started with stories/demo-schema.sql — lazily, the first
 * time a story asks for the module, so loading this config (e.g. when Vitest resolves every
 * project just to run the Node tests) costs nothing. The server closes with Vite's server.
 */
export function demoBackendPlugin(options: { schemaFile: string; port?: number }): Plugin {
  let starting: Promise<DevServer> | null = null;

  async function startEmbedded(): Promise<DevServer> {
    const [{ startDevServer }, schema] = await Promise.all([
      import('../src/devserver/index.js'),
      readFile(options.schemaFile, 'utf8'),
    ]);
    const server = await startDevServer({ port: options.port ?? 0, schema });
    // Printed so a person can point psql-free tools (curl, the CLI) at the same server.
    console.log(`[realtime demo] embedded dev server at ${server.url}`);
    return server;
  }

  async function close(): Promise<void> {
    const pending = starting;
    starting = null;
    if (pending) await (await pending).close();
  }

  return {
    name: 'supabase-realtime-react:demo-backend',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const external = process.env.SUPABASE_URL && process.env.SUPABASE_ANON_KEY;
      let config: DemoBackendConfig;
      if (external) {
        config = { url: process.env.SUPABASE_URL!, anonKey: process.env.SUPABASE_ANON_KEY!, devServer: false };
      } else {
        starting ??= startEmbedded();
        const server = await starting;
        config = { url: server.url, anonKey: server.anonKey, devServer: true };
      }
      // The anon key is public by design (it ships in every Supabase web app); no other
      // key or secret reaches the browser.
      return `export default ${JSON.stringify(config)};`;
    },
    configureServer(server) {
      server.httpServer?.once('close', () => void close());
    },
    async closeBundle() {
      await close();
    },
  };
}
