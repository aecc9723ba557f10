/** The benchmark's one table: `bucket` picks which filter (`bucket=eq.N`) a row matches. */
export const BENCH_SCHEMA = /* sql */ `
create table public.items (
  id bigint generated always as identity primary key,
  bucket int not null,
  body text not null default ''
);
`;

/** The filter of bucket `n`, in the server's syntax. */
export function bucketFilter(n: number): string {
  return `bucket=eq.${n}`;
}
