import { builtinModules } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Library build (`npm run build`): ESM only, one file per public entry, every
 * dependency and Node builtin left as an import. Declarations come from
 * `tsc -p tsconfig.build.json` afterwards (see scripts/fix-dts-extensions.mjs).
 *
 * Storybook does not use this file: it has its own in .storybook/vite.config.ts.
 */

const entries = {
  index: 'src/index.ts',
  'devtools/index': 'src/devtools/index.ts',
  'devtools/production': 'src/devtools/production.ts',
  'devserver/index': 'src/devserver/index.ts',
  'devserver/cli': 'src/devserver/cli.ts',
  'sql/index': 'src/sql/index.ts',
  'cli/main': 'src/cli/main.ts',
};

/** Entries with React components: marked "use client" for React Server Components frameworks. */
const CLIENT_ENTRIES = new Set(['index', 'devtools/index', 'devtools/production']);

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Bare specifiers (packages) and builtins stay imports; only our own files are bundled. */
function isExternal(id: string): boolean {
  if (builtins.has(id) || id.startsWith('node:')) return true;
  if (id.startsWith('.') || isAbsolute(id) || id.startsWith('\0')) return false;
  return true;
}

/**
 * Rolldown drops module-level directives when bundling (it keeps a shebang). The browser
 * entry must start with "use client" so React Server Components frameworks treat the
 * hooks and the provider as client code, and the CLIs need their shebang. Both are added
 * when missing; the directive goes on the first line so source map lines stay aligned.
 */
function entryPrologues(): Plugin {
  return {
    name: 'supabase-realtime-react:entry-prologues',
    apply: 'build',
    renderChunk(code, chunk) {
      if (!chunk.isEntry) return null;
      if (CLIENT_ENTRIES.has(chunk.name) && !/^["']use client["']/.test(code)) {
        return { code: `"use client";${code}`, map: null };
      }
      if ((chunk.name === 'devserver/cli' || chunk.name === 'cli/main') && !code.startsWith('#!')) {
        return { code: `#!/usr/bin/env node\n${code}`, map: null };
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [entryPrologues()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: Object.fromEntries(
        Object.entries(entries).map(([name, file]) => [name, fileURLToPath(new URL(file, import.meta.url))]),
      ),
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      external: isExternal,
      onLog(level, log, handler) {
        // The directive is re-added by entryPrologues; the warning is expected.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      output: {
        // One output file per source module (dist/ mirrors src/), so `sideEffects: false`
        // lets an app's bundler drop every module it does not use: importing
        // `classifyError` does not pull in the React layer's module-level code.
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
      },
    },
  },
});
