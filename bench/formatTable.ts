import type { BenchRow } from './benchRow';

/** The results as one markdown table; the ratio is package ÷ raw when both are numbers. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| scenario | metric | raw supabase-js | supabase-realtime-react | ratio | target |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const ratio = typeof row.raw === 'number' && typeof row.pkg === 'number' && row.raw > 0 && row.pkg >= 0 ? `${(row.pkg / row.raw).toFixed(2)}×` : '—';
    const verdict = row.met === undefined ? '' : row.met ? ' ✅' : ' ❌ missed';
    lines.push(`| ${row.scenario} | ${row.metric} | ${cell(row.raw)} | ${cell(row.pkg)} | ${ratio} | ${row.target}${verdict} |`);
  }
  return lines.join('\n');
}

function cell(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
