import { createStore } from '../createStore';
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
 * A presence handle: a store of the room's members (keeps its snapshot until the status or
 * the members really change), `track` for this client's state, and its own release. The
 * tracked state is sent again after every join: presence is per connection and lost on a rejoin.
 */
export function createPresenceHandle<State extends Record<string, unknown>>(binding: PresenceBinding, myState: State | undefined): PresenceHandle<State> {
  const store = createStore<PresenceSnapshot<State>>({ status: 'idle', members: {} }, { isEqual: samePresence });
  let tracked = myState;
  const recompute = () => {
    const raw = (binding.channel()?.instance?.presenceState() ?? {}) as Record<string, State[]>;
    const members: Record<string, State[]> = {};
    for (const [k, metas] of Object.entries(raw)) members[k] = metas.map(stripPresenceRef) as State[];
    store.setState({ status: handle.getSnapshot().status, members });
  };
  const handle = binding.attach({ onPresenceSync: recompute });
  const track = async (state: State) => {
    tracked = state;
    const channel = binding.channel();
    const instance = channel?.instance;
    if (!instance || channel?.status !== 'joined') return 'error' as const;
    const result = await instance.track(state);
    return result === 'ok' ? 'ok' : result === 'timed out' ? 'timed out' : 'error';
  };
  handle.subscribe(() => {
    recompute();
    if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
  });
  if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
  return {
    topic: binding.topic,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    track,
    unsubscribe: () => {
      store.clear();
      handle.unsubscribe();
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
