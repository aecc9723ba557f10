import type { TabsResult } from './scenarioTabs';

/** One row per tab count: sockets, joins and INSERT → last tab (median, min–max), shared vs per tab. */
export function formatTabsTable(results: readonly TabsResult[]): string {
  const lines = [
    '| tabs | sockets (shared / per tab) | `phx_join` (shared / per tab) | INSERT → last tab, median ms (shared / per tab) | spread min–max ms (shared / per tab) | delivery ratio shared ÷ per tab |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const counts = [...new Set(results.map((result) => result.tabs))];
  for (const tabs of counts) {
    const shared = results.find((result) => result.tabs === tabs && result.shared);
    const own = results.find((result) => result.tabs === tabs && !result.shared);
    if (!shared || !own) continue;
    const ratio = own.delivery.median > 0 ? `${(shared.delivery.median / own.delivery.median).toFixed(2)}×` : '—';
    lines.push(
      `| ${tabs} | ${shared.sockets} / ${own.sockets} | ${shared.joins} / ${own.joins} | ${ms(shared.delivery.median)} / ${ms(own.delivery.median)} | ${ms(shared.delivery.min)}–${ms(shared.delivery.max)} / ${ms(own.delivery.min)}–${ms(own.delivery.max)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

function ms(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
