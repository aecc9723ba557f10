import { startDevServer } from '../src/devserver/index';
import type { BenchRow } from './benchRow';
import { benchScale, scaled } from './benchScale';
import { BENCH_SCHEMA } from './benchSchema';
import { formatTable } from './formatTable';
import { scenarioChurn } from './scenarioChurn';
import { scenarioDelivery } from './scenarioDelivery';
import { scenarioReconnect } from './scenarioReconnect';
import { scenarioSharing } from './scenarioSharing';

/** Runs every scenario against one dev server and prints one markdown table. */
export async function runBench(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const wanted = (name: string) => !only || only.includes(name);
  const started = Date.now();
  const server = await startDevServer({ schema: BENCH_SCHEMA });
  const rows: BenchRow[] = [];
  try {
    if (wanted('delivery')) rows.push(...(await scenarioDelivery(server, scaled(10_000, 10), scaled(1000, 10), 10)));
    if (wanted('churn')) rows.push(...(await scenarioChurn(server, scaled(10_000, 100), 100, 10)));
    if (wanted('sharing')) rows.push(...(await scenarioSharing(server, scaled(1000, 10), 10)));
    if (wanted('reconnect')) rows.push(...(await scenarioReconnect(server, scaled(200, 2))));
  } finally {
    await server.close();
  }
  console.log(formatTable(rows));
  console.log(`\nBENCH_SCALE=${benchScale()}, ${process.version}, ${Math.round((Date.now() - started) / 1000)} s in all.`);
}
