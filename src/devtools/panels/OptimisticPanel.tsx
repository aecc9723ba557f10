import { QueryClientContext, type Mutation, type QueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useState } from 'react';
import { getOptimisticLedger } from '../../core/optimisticLedger';

interface KeyRow {
  key: string;
  pending: number;
  awaitingEcho: number;
  paused: number;
  failed: number;
}

/**
 * Optimistic writes per query key: pending and awaiting their realtime echo (the ledger's
 * layers), paused (offline) and failed (TanStack's mutation cache; optimistic mutations carry
 * their keys in `meta.optimisticQueryKeys`).
 */
export function OptimisticPanel() {
  const queryClient = useContext(QueryClientContext);
  if (!queryClient) return <p className="muted">No QueryClient here: render the devtools inside a QueryClientProvider to see optimistic writes.</p>;
  return <OptimisticTable queryClient={queryClient} />;
}

function OptimisticTable({ queryClient }: { queryClient: QueryClient }) {
  const [rows, setRows] = useState(() => collect(queryClient));
  useEffect(() => {
    const ledger = getOptimisticLedger(queryClient);
    const refresh = () => setRows(collect(queryClient));
    const stopLedger = ledger.subscribe(refresh);
    const stopCache = queryClient.getMutationCache().subscribe(refresh);
    return () => {
      stopLedger();
      stopCache();
    };
  }, [queryClient]);
  if (rows.length === 0) return <p className="muted">No optimistic writes in flight.</p>;
  return (
    <table aria-label="Optimistic writes">
      <thead>
        <tr>
          <th scope="col">Query key</th>
          <th scope="col">Pending</th>
          <th scope="col">Awaiting echo</th>
          <th scope="col">Paused</th>
          <th scope="col">Failed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>
              <code>{row.key}</code>
            </td>
            <td>{row.pending}</td>
            <td>{row.awaitingEcho}</td>
            <td className={row.paused ? 'warn' : ''}>{row.paused}</td>
            <td className={row.failed ? 'bad' : ''}>{row.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function collect(queryClient: QueryClient): KeyRow[] {
  const rows = new Map<string, KeyRow>();
  const row = (queryKey: unknown) => {
    const key = JSON.stringify(queryKey);
    let entry = rows.get(key);
    if (!entry) rows.set(key, (entry = { key, pending: 0, awaitingEcho: 0, paused: 0, failed: 0 }));
    return entry;
  };
  for (const layer of getOptimisticLedger(queryClient).layers()) {
    for (const key of layer.queryKeys) {
      if (layer.status === 'succeeded') row(key).awaitingEcho++;
    }
  }
  for (const mutation of queryClient.getMutationCache().getAll() as Mutation<unknown, unknown, unknown, unknown>[]) {
    const keys = mutation.meta?.optimisticQueryKeys;
    if (!Array.isArray(keys)) continue;
    const { isPaused, status } = mutation.state;
    for (const key of keys) {
      if (isPaused) row(key).paused++;
      else if (status === 'pending') row(key).pending++;
      else if (status === 'error') row(key).failed++;
    }
  }
  return [...rows.values()].filter((r) => r.pending + r.awaitingEcho + r.paused + r.failed > 0);
}
