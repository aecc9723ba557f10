/**
 * `npm run bench:tabs`: N = 1, 3, 10 tabs of one Chromium context against the dev server, each
 * mounting 20 subscriptions (5 distinct), shared (`crossTab: true`) vs a socket per tab.
 * Prints sockets, joins and INSERT → delivery in the last tab (median and min–max of
 * BENCH_TABS_ROWS rows, default 5). Knob: BENCH_TABS=1,3,10.
 */
import { startCrossTabHarness } from '../../test/browser/crossTabHarness';
import { formatTabsTable } from './formatTabsTable';
import { runTabsScenario, type TabsResult } from './scenarioTabs';

const counts = (process.env.BENCH_TABS ?? '1,3,10').split(',').map(Number);
const rows = Number(process.env.BENCH_TABS_ROWS ?? 5);
if (counts.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rows) || rows < 1) {
  throw new Error('bench:tabs: BENCH_TABS must be a comma-separated list of tab counts >= 1 and BENCH_TABS_ROWS an integer >= 1.');
}

const started = Date.now();
const harness = await startCrossTabHarness();
const results: TabsResult[] = [];
try {
  for (const tabs of counts) {
    for (const shared of [true, false]) {
      const result = await runTabsScenario(harness, tabs, shared, rows);
      console.error(`${tabs} tab(s), ${shared ? 'shared' : 'per tab'}: ${result.sockets} socket(s), ${result.joins} joins, deliveries ms [${result.deliveries.join(', ')}]`);
      results.push(result);
    }
  }
} finally {
  await harness.close();
}
console.log(`\nbench:tabs — Node ${process.version}, Chromium headless, ${rows} rows per N, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
console.log(formatTabsTable(results));
