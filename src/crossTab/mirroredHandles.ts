import { createStore } from '../core/createStore';
import type { BroadcastHandle, PresenceHandle, PresenceSnapshot, RoomOptions } from '../core/manager/realtimeManagerTypes';
import { postgresRequest, roomTopic } from '../core/manager/subscriptionRequests';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import type { SharedChannel } from '../core/sharedChannel';
import { SubscriptionHandle } from '../core/subscriptionHandle';
import type { PostgresSubscriptionSpec } from '../core/types';
import { MirroredAttachment } from './mirroredAttachment';

/** What a mirrored handle needs from the cross-tab manager that keeps its attachments. */
export interface MirrorAttachments {
  /** Bind the attachment to the current backend (and start the tab group if needed). */
  add(mirror: MirroredAttachment): void;
  /** Release the attachment (idempotent). */
  drop(mirror: MirroredAttachment): void;
  /** Invalidate a query key after a gap, with the manager's current invalidator. */
  invalidate(queryKey: readonly unknown[]): void;
}

/**
 * `subscribe(spec)` across tabs: the same `SubscriptionHandle` class as without cross-tab,
 * over a `MirroredAttachment` instead of a shared channel.
 */
export function mirroredSubscription<Row>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' }, attachments: MirrorAttachments): SubscriptionHandle {
  const { topic } = postgresRequest(spec); // validates the filter and options, as the manager does
  const { onChange, onResubscribe, queryKey, onStatus: _onStatus, kind: _kind, ...rest } = spec;
  let handle: SubscriptionHandle | null = null;
  const mirror = new MirroredAttachment(
    { kind: 'postgres', spec: { ...rest, schema: rest.schema, table: rest.table } },
    {
      event: (payload) => onChange?.(payload as never),
      recover: () => {
        onResubscribe?.();
        if (queryKey) attachments.invalidate(queryKey);
      },
      changed: () => handle?.refresh(),
    },
  );
  // SubscriptionHandle reads only `status`, `error` and `lastEventAt` of its channel: the
  // mirror provides them, so hooks get the same handle class as without cross-tab.
  handle = new SubscriptionHandle(topic, mirror as unknown as SharedChannel, null, spec.onStatus);
  handle.bindDetach(() => attachments.drop(mirror));
  attachments.add(mirror);
  return handle;
}

/** `broadcast(channelName, event, onMessage)` across tabs; `send` goes through the leader. */
export function mirroredBroadcast(
  channelName: string,
  event: string,
  onMessage: ((payload: unknown) => void) | undefined,
  options: RoomOptions,
  attachments: MirrorAttachments,
): BroadcastHandle {
  if (typeof channelName !== 'string' || channelName === '' || typeof event !== 'string' || event === '') {
    throw new RealtimeConfigError('invalid-option', 'useBroadcast(channel, event, …) needs a non-empty channel name and event name.');
  }
  const topic = roomTopic(channelName);
  let handle: SubscriptionHandle | null = null;
  const mirror = new MirroredAttachment(
    { kind: 'broadcast', channel: channelName, event, private: options?.private },
    { event: (payload) => onMessage?.(payload), recover: () => {}, changed: () => handle?.refresh() },
  );
  handle = new SubscriptionHandle(topic, mirror as unknown as SharedChannel);
  handle.bindDetach(() => attachments.drop(mirror));
  attachments.add(mirror);
  return Object.assign(handle, { send: (payload: unknown) => mirror.send(payload) });
}

/** `presence(channelName, myState)` across tabs: the members store follows the leader's sync. */
export function mirroredPresence<State extends Record<string, unknown>>(
  channelName: string,
  myState: State | undefined,
  options: RoomOptions,
  attachments: MirrorAttachments,
): PresenceHandle<State> {
  const topic = roomTopic(channelName);
  const store = createStore<PresenceSnapshot<State>>({ status: 'idle', members: {} });
  let members: Record<string, State[]> = {};
  const mirror = new MirroredAttachment(
    { kind: 'presence', channel: channelName, state: myState, private: options?.private },
    {
      event: () => {},
      recover: () => {},
      members: (next) => {
        members = next as Record<string, State[]>;
        store.setState({ status: mirror.status, members });
      },
      changed: () => store.setState({ status: mirror.status, members }),
    },
  );
  attachments.add(mirror);
  return {
    topic,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    track: (state: State) => {
      (mirror.request as { state?: Record<string, unknown> }).state = state; // re-sent on a handover
      return mirror.track(state);
    },
    untrack: () => {
      (mirror.request as { state?: Record<string, unknown> }).state = undefined;
      return mirror.track(null);
    },
    unsubscribe: () => {
      attachments.drop(mirror);
      store.clear();
    },
  };
}
