/** One line of the results table. `raw`/`pkg` are numbers (ratio computed) or text. */
export interface BenchRow {
  scenario: string;
  metric: string;
  raw: number | string;
  pkg: number | string;
  target: string;
  /** Whether the package met the target; shown next to the target. */
  met?: boolean;
}
