import type { ConnectionSnapshot } from '../connectionMachine';
import type { ErrorClassification } from '../types';
import { redactSecrets } from '../errors/redactSecrets';
import type { ManagerEvent, ManagerEventLog, ManagerEventType } from './realtimeManagerTypes';

/** How many entries the log keeps (the oldest is overwritten first). */
export const EVENT_LOG_CAPACITY = 500;

/** The part of a SharedChannel the log reads. */
interface ChannelView {
  topic: string;
  status: string;
  subscriberCount: number;
  error: ErrorClassification | null;
}

/** What the manager reports to its log; `ManagerEventLog` is the public, read-only side. */
export interface EventLog extends ManagerEventLog {
  record(type: ManagerEventType, topic: string | undefined, detail: object): void;
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
export function createEventLog(now: () => number): EventLog {
  const capacity = EVENT_LOG_CAPACITY;
  const ring: ManagerEvent[] = [];
  const listeners = new Set<(event: ManagerEvent) => void>();
  /** Per topic, `status/subscribers` as last recorded, so only real changes are logged. */
  const channels = new Map<string, [string, number]>();
  let status: string | null = null;
  let reconnects = 0;

  const record: EventLog['record'] = (type, topic, detail) => {
    const event: ManagerEvent = { at: now(), type, topic, detail: detail as ManagerEvent['detail'] };
    // shift() moves at most `capacity` references, only on a change of state or a sample.
    if (ring.push(event) > capacity) ring.shift();
    for (const listener of listeners) listener(event);
  };

  return {
    capacity,
    get listening() {
      return listeners.size > 0;
    },
    entries: () => ring.slice(),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    record,
    connection(snapshot) {
      if (snapshot.status !== status) {
        record('status', undefined, { from: status, to: (status = snapshot.status) });
      }
      if (snapshot.totalReconnects > reconnects) record('reconnect', undefined, { total: (reconnects = snapshot.totalReconnects) });
    },
    channel({ topic, status: state, subscriberCount, error }) {
      const seen = channels.get(topic) ?? ['idle', 0];
      channels.set(topic, seen);
      if (subscriberCount !== seen[1]) record('subscribers', topic, { from: seen[1], to: (seen[1] = subscriberCount) });
      if (state === seen[0]) return;
      seen[0] = state;
      // A classification holds no secret: its technicalMessage is redacted by the classifier.
      if (state === 'errored' && error) record('channel-error', topic, error);
      else record(state === 'joined' ? 'channel-join' : 'channel-state', topic, { status: state });
    },
    channelLeft(topic) {
      channels.delete(topic);
      record('channel-leave', topic, {});
    },
  };
}

/** Keys whose values are credentials, wherever they appear in a payload. */
const SECRET_KEY = /^(apikey|api_key|access_token|refresh_token|token|password|secret|authorization)$/i;

/**
 * A copy of `value` without credentials: secret keys dropped at any depth, and in strings
 * whatever `redactSecrets` recognises (JWTs, API keys, bearer headers) replaced. Realtime
 * payloads arrive as JSON, so a JSON round trip copies them faithfully.
 */
export function redact(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (key, item: unknown) =>
      SECRET_KEY.test(key) ? undefined : typeof item === 'string' ? redactSecrets(item) : item,
    );
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return '[payload not serialisable]';
  }
}
