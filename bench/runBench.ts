import { startDevServer } from '../src/devserver/index';
import type { BenchRow } from './benchRow';
import { benchRepeat, benchScale, scaled } from './benchScale';
import { BENCH_SCHEMA } from './benchSchema';
import { formatTable } from './formatTable';
import { scenarioChurn } from './scenarioChurn';
import { scenarioDelivery } from './scenarioDelivery';
import { formatMechanisms, scenarioMechanisms } from './scenarioMechanisms';
import { scenarioReconnect } from './scenarioReconnect';
import { scenarioSharing } from './scenarioSharing';
import { scenarioWake } from './scenarioWake';

const FILTERS = 10;

/**
 * Runs every scenario against one dev server and prints one markdown table (progress goes
 * to stderr). `BENCH_ONLY=sharing,delivery,churn,reconnect,wake,mechanisms` picks scenarios
 * (`wake` alone: `BENCH_ONLY=wake npm run bench`); `BENCH_REPEAT` (default 5) sets how many
 * timed delivery runs each side gets. `mechanisms` (postgres_changes vs Broadcast from Database)
 * runs its own dev server process and prints its own table (`npm run bench:mechanisms` runs it alone).
 */
export async function runBench(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const started = Date.now();
  const rows: BenchRow[] = [];
  const repeat = benchRepeat();
  const components = scaled(1000, 10) - (scaled(1000, 10) % FILTERS);
  const scenarios: [string, () => Promise<BenchRow[]>][] = [
    ['sharing', () => scenarioSharing(server!, components, FILTERS)],
    ['delivery', () => scenarioDelivery(server!, scaled(10_000, 100) - (scaled(10_000, 100) % FILTERS), components, FILTERS, repeat)],
    ['churn', () => scenarioChurn(server!, scaled(10_000, 100), 100, FILTERS)],
    ['reconnect', () => scenarioReconnect(server!, scaled(200, 2))],
    // About a minute per run: a 60 s blackhole against realtime-js's 25 s heartbeat.
    ['wake', () => scenarioWake(server!, 3)],
  ];
  const inProcess = scenarios.some(([name]) => !only || only.includes(name));
  const server = inProcess ? await startDevServer({ schema: BENCH_SCHEMA }) : null;
  try {
    for (const [name, run] of scenarios) {
      if (only && !only.includes(name)) continue;
      const t = Date.now();
      console.error(`bench: ${name}…`);
      rows.push(...(await run()));
      console.error(`bench: ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await server?.close();
  }
  if (rows.length > 0) console.log(formatTable(rows));
  if (!only || only.includes('mechanisms')) {
    const t = Date.now();
    console.error('bench: mechanisms…');
    // Whole multiples of the topic count, so every topic gets the same rows and subscribers.
    const topics = 20;
    const multiple = (n: number) => n - (n % topics);
    const result = await scenarioMechanisms(multiple(scaled(1000, topics)), multiple(scaled(200, topics)), topics, repeat);
    console.error(`bench: mechanisms done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    console.log(`\n${formatMechanisms(result)}`);
  }
  console.log(`\nBENCH_SCALE=${benchScale()}, Node ${process.version}, React ${process.env.NODE_ENV} build, ${Math.round((Date.now() - started) / 1000)} s in all.`);
}
