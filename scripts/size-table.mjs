#!/usr/bin/env node
/**
 * README.md's size table, from the same measurement as the size check: runs size-limit
 * (configured in .size-limit.js) and renders one row per import set with its size, its
 * regression budget and its target.
 *
 *   node scripts/size-table.mjs          prints the table
 *   node scripts/size-table.mjs --write  puts it into README.md between the size-table markers
 *
 * scripts/check-size.mjs fails when README.md's table differs from a fresh measurement.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { checks } from '../.size-limit.js';

export const readmePath = 'README.md';
const startMarker = '<!-- size-table:start (written by `npm run size:readme`; checked by `npm run size`) -->';
const endMarker = '<!-- size-table:end -->';

/**
 * Runs size-limit once; one `{ name, passed, size, sizeLimit }` per import set. size-limit
 * needs Node 22 or later: node_modules/.bin goes first on PATH, as under `npm run`, so the
 * project's own Node 24 (the `node` devDependency) runs it even from a Node 20 shell.
 */
export function measure() {
  const bin = resolve('node_modules/.bin');
  const run = spawnSync(join(bin, 'size-limit'), ['--json'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  let results;
  try {
    results = JSON.parse(run.stdout);
  } catch {
    throw new Error(`size-limit printed no JSON (exit ${String(run.status)}): ${run.stderr || run.stdout}`);
  }
  if (!Array.isArray(results)) throw new Error(`size-limit failed: ${String(results.error ?? run.stdout)}`);
  return results;
}

/** Sizes in KB of 1,024 bytes, to one decimal: small changes do not churn the README. */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const parseKb = (text) => Math.round(Number.parseFloat(text) * (/KiB/i.test(text) ? 1024 : 1000));

export function renderTable(results) {
  const rows = results.map((result) => {
    const check = checks.find((c) => c.name === result.name);
    const target = check?.target === undefined ? '' : kb(parseKb(check.target));
    return `| ${result.name} | ${kb(result.size)} | ${kb(result.sizeLimit)} | ${target} |`;
  });
  return [
    '| Import set (min+gzip, peers excluded) | Size | Budget | Target |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** README.md's current table, or undefined when the markers are missing. */
export function readReadmeTable(readme = readFileSync(readmePath, 'utf8')) {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + startMarker.length, end).trim();
}

function writeReadmeTable(table) {
  const readme = readFileSync(readmePath, 'utf8');
  if (readReadmeTable(readme) === undefined) {
    throw new Error(`${readmePath} has no size table markers; add "${startMarker}" and "${endMarker}" where the table goes.`);
  }
  const start = readme.indexOf(startMarker) + startMarker.length;
  const end = readme.indexOf(endMarker);
  writeFileSync(readmePath, `${readme.slice(0, start)}\n${table}\n${readme.slice(end)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = renderTable(measure());
  if (process.argv.includes('--write')) {
    writeReadmeTable(table);
    console.log(`✓ ${readmePath} size table updated`);
  } else {
    console.log(table);
  }
}
