import { useRealtimeSubscription } from '../src/index';
import type { BenchSink } from './benchSink';

/** The same component with this package: one hook call, channels shared by identical filters. */
export function PackageSubscriber({ filter, sink }: { filter: string; sink: BenchSink }) {
  sink.countRender();
  useRealtimeSubscription({ table: 'items', event: 'INSERT', filter, onChange: sink.onChange });
  return null;
}
