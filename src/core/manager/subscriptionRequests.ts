import { bindingKey, deriveChannelName, normalisePostgresBinding } from '../channelTopic';
import { RealtimeConfigError } from '../realtimeConfigError';
import type { ChannelSubscriber } from '../sharedChannel';
import type { PostgresChangesPayload, PostgresSubscriptionSpec } from '../types';
import type { AttachRequest } from './channelRegistry';
import { warnPublicRoomForDatabaseChanges } from './privateMismatchWarning';

/**
 * Turn the public subscription calls into registry attach requests: the topic, the identity
 * key (which configurations may share a channel) and the subscriber's callbacks.
 */

export function postgresRequest<Row>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'>): AttachRequest {
  const binding = normalisePostgresBinding(spec);
  const isPrivate = privateOption(spec.private);
  return {
    // A private channel gets its own derived name: the same binding may be used both ways.
    topic: spec.channel ?? `${deriveChannelName(binding)}${isPrivate ? '-private' : ''}`,
    key: `postgres:${isPrivate ? 'private:' : ''}${bindingKey(binding)}`,
    config: { kind: 'postgres', binding, private: isPrivate },
    subscriber: {
      label: spec.label,
      onPostgres: spec.onChange ? (payload) => spec.onChange!(payload as PostgresChangesPayload<Row>) : undefined,
      onGap: spec.onResubscribe,
    },
    // Read at gap time, so a caller may pass a getter that follows its latest props.
    queryKey: () => spec.queryKey,
    onStatus: spec.onStatus,
  };
}

/** A broadcast or presence room; public and private rooms of one name are different configurations. */
export function roomRequest(name: string, isPrivateValue: unknown, subscriber: ChannelSubscriber): AttachRequest {
  const topic = roomTopic(name);
  const isPrivate = privateOption(isPrivateValue);
  return { topic, key: `room:${isPrivate ? 'private:' : ''}${topic}`, config: { kind: 'room', private: isPrivate }, subscriber };
}

/**
 * `broadcast(channelName, event, onMessage)`: a room request whose subscriber hears only
 * `event`. The name is checked before the event, and a public room listening for
 * `broadcast_changes` gets the development warning.
 */
export function broadcastRequest(channelName: string, event: string, onMessage: ((payload: unknown) => void) | undefined, isPrivate: unknown): AttachRequest {
  const request = roomRequest(channelName, isPrivate, {
    onBroadcast: (message) => {
      if (message.event === event) onMessage?.(message.payload);
    },
  });
  if (typeof event !== 'string' || event === '') {
    throw new RealtimeConfigError('invalid-option', 'useBroadcast(channel, event, …) needs a non-empty event name.');
  }
  // Written out here, not inside the warning's module, so a production build (where bundlers
  // replace `process.env.NODE_ENV`) drops the warning and its text; unbundled, `process` is
  // undefined and nothing is warned.
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production') {
    warnPublicRoomForDatabaseChanges(request.topic, event, request.config.private === true);
  }
  return request;
}

/** A room (broadcast/presence) name, trimmed; a clear error when it is empty. */
export function roomTopic(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new RealtimeConfigError('invalid-option', 'A broadcast or presence channel needs a non-empty name, e.g. "room:lobby".');
  }
  return name.trim();
}

function privateOption(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new RealtimeConfigError('invalid-option', `Option \`private\` must be true or false (got ${typeof value}).`);
  }
  return value;
}
