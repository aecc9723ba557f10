#!/usr/bin/env node
/**
 * What `npm publish` would upload (`npm run check:pack`, after `npm run build`): runs
 * `npm pack --dry-run --json`, lists the tarball's contents, and fails when it holds
 * anything beyond dist/, README.md, LICENSE, CHANGELOG.md and package.json, or misses
 * one of them (a missing dist/ means the build did not run).
 */
import { spawnSync } from 'node:child_process';

const allowed = [/^dist\//, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^package\.json$/];
const required = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.d.ts'];

// --ignore-scripts: packing must not run lifecycle scripts (a `prepack` build, say).
const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout)[0];
} catch {
  console.error(`✗ \`npm pack --dry-run --json\` gave no report (exit ${String(run.status)}): ${run.stderr}`);
  process.exit(1);
}

const files = report.files.map((file) => file.path).sort();
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`${report.filename}: ${String(files.length)} files, ${kb(report.size)} packed, ${kb(report.unpackedSize)} unpacked`);
for (const file of report.files) console.log(`  ${file.path} (${String(file.size)} B)`);

const unexpected = files.filter((path) => !allowed.some((pattern) => pattern.test(path)));
const missing = required.filter((path) => !files.includes(path));
if (unexpected.length > 0) {
  console.error(`✗ the tarball holds files beyond dist/, README.md, LICENSE, CHANGELOG.md and package.json: ${unexpected.join(', ')}. Fix \`files\` in package.json.`);
}
if (missing.length > 0) {
  console.error(`✗ the tarball misses ${missing.join(', ')}${missing.some((p) => p.startsWith('dist/')) ? ' (run `npm run build` first)' : ''}.`);
}
if (unexpected.length > 0 || missing.length > 0) process.exit(1);
console.log('✓ package contents OK');
