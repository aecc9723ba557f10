import type { ConnectionSnapshot } from '../connectionMachine';
import type { ManagerEvent, ManagerEventLog, ManagerEventType } from './realtimeManagerTypes';

/** How many entries the log keeps (the oldest is overwritten first). */
export const EVENT_LOG_CAPACITY = 500;

/** The part of a SharedChannel the log reads. */
interface ChannelView {
  topic: string;
  status: string;
  subscriberCount: number;
  error: { category: string; action: string; code?: string; technicalMessage: string } | null;
}

/** What the manager reports to its log; `ManagerEventLog` is the public, read-only side. */
export interface EventLog extends ManagerEventLog {
  record(type: ManagerEventType, topic: string | undefined, detail: Record<string, unknown>): void;
  /** The connection machine moved: a new public status and each reconnect are recorded. */
  connection(snapshot: ConnectionSnapshot): void;
  /** A channel changed: its new state (joined, errored, …) and subscriber count are recorded. */
  channel(channel: ChannelView): void;
  /** A channel was left. */
  channelLeft(topic: string): void;
}

/**
 * `manager.events`: a ring buffer of what happened to the connection and its channels, for
 * devtools and your own diagnostics. Recording costs one small object per change of state,
 * never per database event: payload samples are taken only while a listener is subscribed
 * (the manager checks `listening` before it records one). Closures rather than a class with
 * private fields, because this sits in the main entry and minifies smaller this way.
 */
export function createEventLog(now: () => number, capacity = EVENT_LOG_CAPACITY): EventLog {
  const ring: ManagerEvent[] = [];
  let next = 0;
  const listeners = new Set<(event: ManagerEvent) => void>();
  /** Per topic, `status/subscribers` as last recorded, so only real changes are logged. */
  const channels = new Map<string, [string, number]>();
  let status: string | null = null;
  let reconnects = 0;

  const record: EventLog['record'] = (type, topic, detail) => {
    const event: ManagerEvent = Object.freeze({ at: now(), type, topic, detail: Object.freeze(detail) });
    ring[next] = event;
    next = (next + 1) % capacity;
    for (const listener of listeners) listener(event);
  };

  return {
    capacity,
    get listening() {
      return listeners.size > 0;
    },
    entries: () => ring.slice(next).concat(ring.slice(0, next)),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    record,
    connection(snapshot) {
      if (snapshot.status !== status) {
        record('status', undefined, { from: status, to: (status = snapshot.status), state: snapshot.state });
      }
      if (snapshot.totalReconnects > reconnects) record('reconnect', undefined, { total: (reconnects = snapshot.totalReconnects) });
    },
    channel({ topic, status: state, subscriberCount, error }) {
      const seen = channels.get(topic) ?? ['idle', 0];
      channels.set(topic, seen);
      if (subscriberCount !== seen[1]) record('subscribers', topic, { from: seen[1], to: (seen[1] = subscriberCount) });
      if (state === seen[0]) return;
      seen[0] = state;
      if (state === 'errored' && error) {
        record('channel-error', topic, { category: error.category, action: error.action, code: error.code, message: redactText(error.technicalMessage) });
      } else record(state === 'joined' ? 'channel-join' : 'channel-state', topic, { status: state });
    },
    channelLeft(topic) {
      channels.delete(topic);
      record('channel-leave', topic, {});
    },
  };
}

/** Keys whose values are credentials, wherever they appear in a payload. */
const SECRET_KEY = /^(access_token|refresh_token|apikey|api_key|authorization|password|token)$/i;
/** A JWT: three base64url parts, the first starting like `{"` does. */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** Replace JWT-looking strings in a text. */
export function redactText(text: string): string {
  return text.replace(JWT, '[redacted]');
}

/** A copy of `value` without credentials: secret keys dropped, JWTs replaced, depth capped. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (!SECRET_KEY.test(key)) copy[key] = redact((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
