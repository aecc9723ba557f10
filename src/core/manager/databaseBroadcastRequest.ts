import { normalisePostgresBinding } from '../channelTopic';
import { normaliseBroadcastChange } from '../databaseBroadcast/normaliseBroadcastChange';
import { RealtimeConfigError } from '../realtimeConfigError';
import type { PostgresSubscriptionSpec } from '../types';
import type { AttachRequest } from './channelRegistry';

/**
 * A subscription with `topic`: Broadcast from Database on that private topic instead of
 * `postgres_changes` (docs/broadcast-from-database.md, "With the hooks"). Every subscriber of a
 * topic shares one channel and one join whatever its `table` or `event`; each gets only the
 * changes of its table and operation, in the `postgres_changes` payload shape.
 */
export function databaseBroadcastRequest<Row>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'>): AttachRequest {
  const topic = checkTopicOptions(spec);
  // Same defaults and checks as postgres_changes (`schema` 'public', `event` '*'); no filter here.
  const { schema, table, event } = normalisePostgresBinding({ table: spec.table, schema: spec.schema, event: spec.event });
  const onChange = spec.onChange;
  return {
    topic,
    key: `database-broadcast:${topic}`,
    config: { kind: 'database-broadcast', private: true },
    subscriber: {
      label: spec.label,
      onBroadcast: onChange
        ? (message) => {
            const change = normaliseBroadcastChange<Row>(message);
            if (!change || change.table !== table || change.schema !== schema) return;
            if (event !== '*' && change.eventType !== event) return;
            onChange(change);
          }
        : undefined,
      onGap: spec.onResubscribe,
    },
    queryKey: () => spec.queryKey,
    onStatus: spec.onStatus,
  };
}

/**
 * The options `topic` excludes, each with what to do instead; returns the trimmed topic. The
 * hook calls it during render, so a conflict reaches the nearest error boundary at once.
 */
export function checkTopicOptions(spec: Omit<PostgresSubscriptionSpec<unknown>, 'kind'>): string {
  const { topic } = spec;
  if (typeof topic !== 'string' || topic.trim() === '') {
    throw new RealtimeConfigError('invalid-option', '`topic` must be a non-empty string, the topic your trigger sends to, e.g. `todos:${listId}`.');
  }
  if (spec.channel !== undefined) {
    throw new RealtimeConfigError('invalid-option', '`topic` and `channel` cannot be combined: with `topic` the channel is the topic. Remove `channel`.');
  }
  if (spec.filter !== undefined && spec.filter !== null && spec.filter !== '') {
    throw new RealtimeConfigError(
      'invalid-option',
      '`filter` does not apply with `topic`: the trigger decides which rows go to a topic (its topic expression). Remove `filter`, or drop `topic` to use postgres_changes.',
    );
  }
  if (spec.private === false) {
    throw new RealtimeConfigError(
      'invalid-option',
      '`topic` subscriptions are always private: realtime.broadcast_changes sends private messages only, which a public channel never receives. Remove `private: false`.',
    );
  }
  if (spec.private !== undefined && spec.private !== true) {
    throw new RealtimeConfigError('invalid-option', `Option \`private\` must be true or false (got ${typeof spec.private}).`);
  }
  return topic.trim();
}
