import { useRealtimeSubscription } from '../src/index';
import type { BenchSink } from './benchSink';

/** The same component with this package: one hook call (it reads `status`), channels shared by identical filters. */
export function PackageSubscriber({ filter, sink }: { filter: string; sink: BenchSink }) {
  sink.countRender();
  const { status } = useRealtimeSubscription({ table: 'items', event: 'INSERT', filter, onChange: sink.onChange });
  return status === 'errored' ? <i>!</i> : null;
}
