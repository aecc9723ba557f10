#!/usr/bin/env node
/**
 * Purity of the browser entry (`npm run size`, after `npm run build`): nothing reachable
 * from dist/index.js may import a server-only module (PGlite, ws, pg, Node builtins) or
 * contain dev server code. Those belong to `supabase-realtime-react/devserver`.
 *
 * Bundles dist/index.js the way an app's bundler would and reads esbuild's metafile. Dev
 * server code is recognised by the source maps of the bundled dist files (their `sources`
 * name the src/ files they came from), so it is found whatever chunk Rolldown put it in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const entry = 'dist/index.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const peers = Object.keys(pkg.peerDependencies ?? {});
const serverOnly = ['@electric-sql/pglite', 'ws', 'pg', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const matches = (names) => (path) => names.some((name) => path === name || path.startsWith(`${name}/`));
const isPeer = matches(peers);
const isServerOnly = matches(serverOnly);

/** The entry's problems, as sentences; empty when it is clean. */
export async function checkEntryPurity() {
  if (!existsSync(entry)) return [`${entry} is missing: run \`npm run build\` first.`];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
    outfile: 'purity-check.js',
    plugins: [
      {
        name: 'externals',
        setup(b) {
          // Server-only modules stay external so they can be reported instead of failing the bundle.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            isPeer(args.path) || isServerOnly(args.path) ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
  });
  const problems = [];
  const output = Object.values(result.metafile.outputs)[0];
  const forbidden = [...new Set(output.imports.filter((i) => i.external && isServerOnly(i.path)).map((i) => i.path))];
  if (forbidden.length > 0) {
    problems.push(`the browser entry imports server-only modules: ${forbidden.join(', ')}. Move that code under src/devserver/.`);
  }
  const devserverSources = Object.keys(result.metafile.inputs)
    .filter((file) => file.startsWith('dist/') && existsSync(`${file}.map`))
    .flatMap((file) => JSON.parse(readFileSync(`${file}.map`, 'utf8')).sources.map((source) => ({ file, source })))
    .filter(({ source }) => /(^|\/)src\/devserver\//.test(source));
  if (devserverSources.length > 0) {
    const listed = devserverSources.map(({ file, source }) => `${source} (in ${file})`).join(', ');
    problems.push(`the browser entry bundles dev server code: ${listed}. Import it from src/devserver only.`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = await checkEntryPurity();
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`✓ ${entry} imports no server-only module and no dev server code`);
}
