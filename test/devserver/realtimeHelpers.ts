import type { RealtimeChannel } from '@supabase/supabase-js';

/** Polls `predicate` until it returns a truthy value (returned), or fails after `timeoutMs`. */
export async function waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface StatusLog {
  statuses: string[];
  errors: (string | undefined)[];
}

/** Subscribes and records every status; resolves with the log once the first status in `until` arrives. */
export function subscribe(channel: RealtimeChannel, until: string[] = ['SUBSCRIBED']): Promise<StatusLog> & { log: StatusLog } {
  const log: StatusLog = { statuses: [], errors: [] };
  const promise = new Promise<StatusLog>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${until.join('/')} (saw ${log.statuses.join(', ')}: ${log.errors.join(' | ')})`)), 15_000);
    channel.subscribe((status, err) => {
      log.statuses.push(status);
      log.errors.push(err?.message);
      if (until.includes(status)) {
        clearTimeout(timer);
        resolve(log);
      }
    });
  });
  return Object.assign(promise, { log });
}

/** Collects `system` messages of a channel (register before subscribing). */
export function collectSystem(channel: RealtimeChannel): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  channel.on('system', {}, (payload: Record<string, unknown>) => messages.push(payload));
  return messages;
}
