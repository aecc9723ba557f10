#!/usr/bin/env node
/**
 * The size check (`npm run size`, after `npm run build`; offline, a few seconds):
 *
 * 1. size-limit measures each import set of .size-limit.js (dist/index.js bundled by esbuild,
 *    minified, gzipped, peers left out) and fails when one is over its budget;
 * 2. README.md's size table must equal the table rendered from that measurement
 *    (`npm run size:readme` rewrites it);
 * 3. the browser entry must import no server-only module and contain no dev server code;
 * 4. the event log (`manager.events`) must add at most 512 bytes to the main entry.
 */
import { checkEntryPurity } from './check-entry-purity.mjs';
import { EVENT_LOG_BUDGET, measureEventLogCost } from './check-event-log-size.mjs';
import { measure, readmePath, readReadmeTable, renderTable } from './size-table.mjs';

const problems = await checkEntryPurity();

let results = [];
try {
  results = measure();
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
}

const table = renderTable(results);
console.log(table);
for (const result of results.filter((r) => !r.passed)) {
  problems.push(
    `"${result.name}" is ${String(result.size - result.sizeLimit)} bytes over its budget. ` +
      `Find what grew with \`npx size-limit --why\`; raise the budget in .size-limit.js only for a deliberate addition.`,
  );
}
if (results.length > 0 && readReadmeTable() !== table) {
  problems.push(`the size table in ${readmePath} differs from this measurement: run \`npm run size:readme\` and commit README.md.`);
}

const eventLog = await measureEventLogCost();
console.log(`event log in the main entry: ${String(eventLog.bytes)} bytes min+gzip (budget ${String(EVENT_LOG_BUDGET)})`);
problems.push(...eventLog.problems);

for (const problem of problems) console.error(`✗ ${problem}`);
if (problems.length > 0) process.exit(1);
console.log('✓ sizes within budget, README table up to date, browser entry free of server code, event log within its budget');
