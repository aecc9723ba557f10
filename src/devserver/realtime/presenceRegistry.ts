import { randomBytes } from 'node:crypto';

/** One tracked presence: the client's payload plus Phoenix's refs. */
export interface PresenceMeta {
  phx_ref: string;
  phx_ref_prev?: string;
  [field: string]: unknown;
}

export type PresenceEntries = Record<string, { metas: PresenceMeta[] }>;

/** A `presence_diff` payload. */
export interface PresenceDiff {
  joins: PresenceEntries;
  leaves: PresenceEntries;
}

const newRef = () => randomBytes(12).toString('base64url');

/**
 * Phoenix.Presence for one server: per topic, per presence key, one meta per tracking channel
 * (the owner). An update replaces the owner's meta and reports both the join (with
 * `phx_ref_prev`) and the leave of the old meta, as Phoenix does.
 */
export class PresenceRegistry {
  readonly #topics = new Map<string, Map<string, Map<object, PresenceMeta>>>();

  track(topicKey: string, key: string, owner: object, payload: Record<string, unknown>): PresenceDiff {
    let keys = this.#topics.get(topicKey);
    if (!keys) this.#topics.set(topicKey, (keys = new Map()));
    let owners = keys.get(key);
    if (!owners) keys.set(key, (owners = new Map()));
    const previous = owners.get(owner);
    const meta: PresenceMeta = { ...payload, phx_ref: newRef() };
    if (previous) meta.phx_ref_prev = previous.phx_ref;
    owners.set(owner, meta);
    return { joins: { [key]: { metas: [meta] } }, leaves: previous ? { [key]: { metas: [previous] } } : {} };
  }

  /** Removes the owner's meta; the diff, or undefined when it tracked nothing. */
  untrack(topicKey: string, key: string, owner: object): PresenceDiff | undefined {
    const keys = this.#topics.get(topicKey);
    const owners = keys?.get(key);
    const previous = owners?.get(owner);
    if (!keys || !owners || !previous) return undefined;
    owners.delete(owner);
    if (owners.size === 0) keys.delete(key);
    if (keys.size === 0) this.#topics.delete(topicKey);
    return { joins: {}, leaves: { [key]: { metas: [previous] } } };
  }

  /** The `presence_state` payload for a topic. */
  state(topicKey: string): PresenceEntries {
    const out: PresenceEntries = {};
    for (const [key, owners] of this.#topics.get(topicKey) ?? []) out[key] = { metas: [...owners.values()] };
    return out;
  }
}
