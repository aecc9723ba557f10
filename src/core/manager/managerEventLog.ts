import type { ConnectionSnapshot } from '../connectionMachine';
import type { ManagerEvent, ManagerEventLog, ManagerEventType } from './realtimeManagerTypes';

/** How many entries the log keeps (the oldest is overwritten first). */
export const EVENT_LOG_CAPACITY = 500;

/** What the log remembers of a channel, to record only real changes. */
interface ChannelSeen {
  status: string;
  subscribers: number;
}

/** The part of a SharedChannel the log reads. */
interface ChannelView {
  topic: string;
  status: string;
  subscriberCount: number;
  error: { category: string; action: string; code?: string; technicalMessage: string } | null;
}

/**
 * `manager.events`: a ring buffer of what happened to the connection and its channels, for
 * devtools and your own diagnostics. Recording costs one small object per change of state
 * (never per database event); payload samples are taken only while a listener is subscribed.
 */
export class EventLog implements ManagerEventLog {
  readonly capacity: number;
  readonly #ring: ManagerEvent[] = [];
  #next = 0;
  readonly #listeners = new Set<(event: ManagerEvent) => void>();
  readonly #channels = new Map<string, ChannelSeen>();
  #status: string | null = null;
  #reconnects = 0;
  readonly #now: () => number;

  constructor(now: () => number, capacity = EVENT_LOG_CAPACITY) {
    this.#now = now;
    this.capacity = capacity;
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  entries(): ManagerEvent[] {
    return this.#ring.slice(this.#next).concat(this.#ring.slice(0, this.#next));
  }

  subscribe(listener: (event: ManagerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  record(type: ManagerEventType, topic: string | undefined, detail: Record<string, unknown>): void {
    const event: ManagerEvent = Object.freeze({ at: this.#now(), type, topic, detail: Object.freeze(detail) });
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    for (const listener of this.#listeners) listener(event);
  }

  /** The connection machine moved: record a new public status and each reconnect. */
  connection(snapshot: ConnectionSnapshot): void {
    if (snapshot.status !== this.#status) {
      this.record('status', undefined, { from: this.#status, to: snapshot.status, state: snapshot.state });
      this.#status = snapshot.status;
    }
    if (snapshot.totalReconnects > this.#reconnects) {
      this.#reconnects = snapshot.totalReconnects;
      this.record('reconnect', undefined, { total: snapshot.totalReconnects });
    }
  }

  /** A channel changed: record its new state (joined, errored, …) and subscriber count. */
  channel(channel: ChannelView): void {
    const seen = this.#channels.get(channel.topic) ?? { status: 'idle', subscribers: 0 };
    this.#channels.set(channel.topic, seen);
    if (channel.subscriberCount !== seen.subscribers) {
      this.record('subscribers', channel.topic, { from: seen.subscribers, to: channel.subscriberCount });
      seen.subscribers = channel.subscriberCount;
    }
    if (channel.status === seen.status) return;
    seen.status = channel.status;
    const error = channel.error;
    if (channel.status === 'errored' && error) {
      this.record('channel-error', channel.topic, { category: error.category, action: error.action, code: error.code, message: redactText(error.technicalMessage) });
    } else {
      this.record(channel.status === 'joined' ? 'channel-join' : 'channel-state', channel.topic, { status: channel.status });
    }
  }

  /** A channel was left (after its last subscriber, or on request). */
  channelLeft(topic: string): void {
    this.#channels.delete(topic);
    this.record('channel-leave', topic, {});
  }

  /** A payload arrived on a channel; called only while `listening`. */
  payload(topic: string, payload: unknown): void {
    this.record('payload', topic, { payload: redact(payload, 0) });
  }
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
export function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!SECRET_KEY.test(key)) copy[key] = redact((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
