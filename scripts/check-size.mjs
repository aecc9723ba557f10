#!/usr/bin/env node
/**
 * Size budget and purity check for the browser entry (`npm run size`, after `npm run build`).
 *
 * Bundles dist/index.js the way an app's bundler would (peer dependencies left out, our
 * own dependencies included), minifies it, gzips it and compares with the budget. It also
 * fails when anything reachable from the browser entry imports a server-only module
 * (PGlite, ws, pg, Node builtins): those belong to `supabase-realtime-react/devserver`.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = 'dist/index.js';
// The 8 KB target of issue 6 is not met yet (see docs/benchmarks.md): the entry measured 23.57 KB after
// sharing classifyError's user messages per category/action and dropping the use-sync-external-store
// shim. This budget (that size rounded up to the next KB, plus 1 KB) guards against regressions.
const budgetBytes = Number(process.env.SIZE_BUDGET_BYTES ?? 25 * 1024);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const peers = Object.keys(pkg.peerDependencies ?? {});
const serverOnly = ['@electric-sql/pglite', 'ws', 'pg', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const matches = (names) => (path) => names.some((name) => path === name || path.startsWith(`${name}/`));
const isPeer = matches(peers);
const isServerOnly = matches(serverOnly);

const result = await build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  minify: true,
  metafile: true,
  logLevel: 'silent',
  outfile: 'size-check.js',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [
    {
      name: 'externals',
      setup(b) {
        // Server-only modules are kept external so they can be reported instead of failing the bundle.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          isPeer(args.path) || isServerOnly(args.path) ? { path: args.path, external: true } : undefined,
        );
      },
    },
  ],
});

const output = Object.values(result.metafile.outputs)[0];
const forbidden = [...new Set(output.imports.filter((i) => i.external && isServerOnly(i.path)).map((i) => i.path))];
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

console.log(`${entry}: ${kb(code.length)} minified, ${kb(gzipped)} min+gzip (budget ${kb(budgetBytes)}; peers excluded: ${peers.filter((p) => !isServerOnly(p)).join(', ')})`);

let failed = false;
if (forbidden.length > 0) {
  console.error(`✗ the browser entry imports server-only modules: ${forbidden.join(', ')}. Move that code under src/devserver/.`);
  failed = true;
}
if (gzipped > budgetBytes) {
  console.error(`✗ over budget by ${kb(gzipped - budgetBytes)}. Find what grew with: npx esbuild ${entry} --bundle --minify --analyze --external:react ...`);
  failed = true;
}
if (failed) process.exit(1);
console.log('✓ size and purity OK');
