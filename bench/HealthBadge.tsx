import { useConnectionHealth } from '../src/index';
import type { BenchSink } from './benchSink';

/** A connection badge selecting only `status`: it should not render on events. */
export function HealthBadge({ sink }: { sink: BenchSink }) {
  const status = useConnectionHealth((h) => h.status);
  sink.countBadgeRender();
  return <b>{status}</b>;
}
