import type { SupabaseClient } from '@supabase/supabase-js';
import { useEffect, useId } from 'react';
import type { BenchSink } from './benchSink';

/**
 * The pattern from Supabase's docs: each component opens its own channel in `useEffect` and
 * removes it in the cleanup. The channel name is unique per component, because
 * `supabase.channel(name)` returns the existing instance for a known name and a second
 * `subscribe()` on it throws.
 */
export function RawSubscriber({ client, filter, sink }: { client: SupabaseClient; filter: string; sink: BenchSink }) {
  const id = useId();
  sink.countRender();
  useEffect(() => {
    const channel = client
      .channel(`items${id}`)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'items', filter }, sink.onChange)
      .subscribe((status) => {
        sink.rawStatus.set(id, status);
      });
    return () => {
      sink.rawStatus.delete(id);
      void client.removeChannel(channel);
    };
  }, [client, filter, id, sink]);
  return null;
}
