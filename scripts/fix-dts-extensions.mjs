#!/usr/bin/env node
/**
 * Adds `.js` (or `/index.js`) to relative imports in the emitted declarations.
 *
 * Why: the sources use extensionless imports (moduleResolution "Bundler"), and tsc copies
 * them into the .d.ts files verbatim. TypeScript users on `moduleResolution: "node16"` /
 * `"nodenext"` resolve declarations like Node resolves ESM, where `./core/types` does not
 * exist; only `./core/types.js` does. Without this step attw reports "internal resolution
 * errors" for every entry point.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');

/** Every `*.d.ts` below `dir`. */
function declarationFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return declarationFiles(path);
    return name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The specifier with the extension Node's ESM resolver needs, or the original. */
function withExtension(file, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  if (/\.(c|m)?js$/.test(specifier)) return specifier;
  const base = resolve(dirname(file), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`fix-dts-extensions: cannot resolve "${specifier}" from ${file}`);
}

// `from '…'`, `import '…'`, `import('…')`, `export … from '…'`
const pattern = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g;
let changed = 0;
for (const file of declarationFiles(root)) {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(pattern, (_match, lead, quote, specifier) => `${lead}${quote}${withExtension(file, specifier)}${quote}`);
  if (after !== before) {
    writeFileSync(file, after);
    changed += 1;
  }
}
console.log(`fix-dts-extensions: ${changed} declaration file(s) updated in ${root}`);
