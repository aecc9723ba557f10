import { createStore } from '../createStore';
import type { RealtimeChannel } from '@supabase/supabase-js';
import type { ChannelSubscriber, SharedChannel } from '../sharedChannel';
import type { SubscriptionHandle } from '../subscriptionHandle';
import type { PresenceHandle, PresenceSnapshot } from './realtimeManagerTypes';

export interface PresenceBinding {
  topic: string;
  /** Attach a subscriber to the room's shared channel. */
  attach(subscriber: ChannelSubscriber): SubscriptionHandle;
  /** The room's shared channel, looked up when needed (it is created by `attach`). */
  channel(): SharedChannel | undefined;
}

/**
 * What this client has told the server about itself on one shared channel, across its
 * presence handles: presence is one state per connection and topic, so it is bookkept per
 * channel, not per handle.
 */
interface ChannelPresence {
  /** Each presence handle's way to send its state again (a no-op when it tracks nothing). */
  handles: Map<object, () => boolean>;
  /** The state last sent, and the instance it was sent on (a new instance has none). */
  sent: { instance: RealtimeChannel; json: string } | null;
}

const presenceByChannel = new WeakMap<SharedChannel, ChannelPresence>();

function presenceOf(channel: SharedChannel): ChannelPresence {
  let entry = presenceByChannel.get(channel);
  if (!entry) presenceByChannel.set(channel, (entry = { handles: new Map(), sent: null }));
  return entry;
}

type SendResult = 'ok' | 'error' | 'timed out';
const toResult = (result: string): SendResult => (result === 'ok' ? 'ok' : result === 'timed out' ? 'timed out' : 'error');

/**
 * A presence handle: a store of the room's members (keeps its snapshot until the status or
 * the members really change), `track`/`untrack` for this client's state, and its own release.
 * The tracked state is sent after every join (presence is per connection and lost on a
 * rejoin) and when it changes — never again for the same state on the same instance, so
 * broadcasts and other channel activity cost no presence traffic. When the last presence
 * handle of a channel leaves, this client's state is untracked even if other handles
 * (broadcast) keep the channel.
 */
export function createPresenceHandle<State extends Record<string, unknown>>(binding: PresenceBinding, myState: State | undefined): PresenceHandle<State> {
  const store = createStore<PresenceSnapshot<State>>({ status: 'idle', members: {} }, { isEqual: samePresence });
  const self = {};
  const retrack = (): boolean => {
    if (tracked === undefined) return false;
    void track(tracked);
    return true;
  };
  let tracked = myState;
  const recompute = () => {
    const raw = (binding.channel()?.instance?.presenceState() ?? {}) as Record<string, State[]>;
    const members: Record<string, State[]> = {};
    for (const [k, metas] of Object.entries(raw)) members[k] = metas.map(stripPresenceRef) as State[];
    store.setState({ status: handle.getSnapshot().status, members });
  };
  const handle = binding.attach({ onPresenceSync: recompute });
  const joined = binding.channel();
  if (joined) presenceOf(joined).handles.set(self, retrack);
  // A channel joined already (another handle holds it) has its members now; the next sync may be far off.
  if (joined?.status === 'joined') recompute();

  const track = async (state: State): Promise<SendResult> => {
    tracked = state;
    const channel = binding.channel();
    const instance = channel?.instance;
    if (!channel || !instance || channel.status !== 'joined') return 'error';
    const presence = presenceOf(channel);
    const json = JSON.stringify(state);
    if (presence.sent?.instance === instance && presence.sent.json === json) return 'ok';
    // Recorded before the send, so a notification while it is in flight does not send it twice.
    const sent = (presence.sent = { instance, json });
    const result = toResult(await instance.track(state));
    if (result !== 'ok' && presence.sent === sent) presence.sent = null;
    return result;
  };
  const sendUntrack = async (channel: SharedChannel | undefined): Promise<SendResult> => {
    const instance = channel?.instance;
    if (!channel || !instance) return 'ok';
    const presence = presenceOf(channel);
    if (presence.sent?.instance !== instance || channel.status !== 'joined') return 'ok';
    presence.sent = null;
    return toResult(await instance.untrack());
  };
  handle.subscribe(() => {
    recompute();
    // Sends only after a (re)join: `track` skips a state already sent on this instance.
    if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
  });
  if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
  return {
    topic: binding.topic,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    track,
    untrack: () => {
      if (tracked === undefined) return Promise.resolve('ok');
      tracked = undefined;
      return sendUntrack(binding.channel());
    },
    unsubscribe: () => {
      const channel = binding.channel();
      store.clear();
      handle.unsubscribe();
      if (!channel) return;
      const presence = presenceOf(channel);
      presence.handles.delete(self);
      // Deferred: StrictMode's unsubscribe/resubscribe (and a remount on the same room) adds a
      // handle again in the same task, and must not make peers see a leave and a join.
      // One state per client and channel: the newest remaining handle that tracks takes over,
      // and with none left this client leaves the room's presence.
      queueMicrotask(() => {
        const remaining = [...presence.handles.values()].reverse();
        if (!remaining.some((retrackState) => retrackState())) void sendUntrack(channel);
      });
    },
  };
}

function stripPresenceRef(meta: Record<string, unknown>): Record<string, unknown> {
  const { presence_ref: _ref, ...rest } = meta;
  void _ref;
  return rest;
}

function samePresence<State>(a: PresenceSnapshot<State>, b: PresenceSnapshot<State>): boolean {
  if (a.status !== b.status) return false;
  const keys = Object.keys(b.members);
  if (keys.length !== Object.keys(a.members).length) return false;
  return keys.every((k) => JSON.stringify(b.members[k]) === JSON.stringify(a.members[k]));
}
