import { useEffect } from 'react';
import type { BenchSink } from './benchSink';

/**
 * The delivery baseline's component: it adds its callback to a hand-shared set that one raw
 * supabase-js binding per filter calls in a loop. Same React tree as the package's side, so
 * only the subscription machinery differs.
 */
export function RawCallbackSubscriber({ callbacks, sink }: { callbacks: Set<(payload: unknown) => void>; sink: BenchSink }) {
  sink.countRender();
  useEffect(() => {
    const callback = (payload: unknown) => sink.onChange(payload);
    callbacks.add(callback);
    return () => {
      callbacks.delete(callback);
    };
  }, [callbacks, sink]);
  return null;
}
