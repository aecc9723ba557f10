import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { normalisePostgresBinding } from '../core/channelTopic';
import { checkTopicOptions } from '../core/manager/databaseBroadcastRequest';
import type { SubscriptionHandle } from '../core/subscriptionHandle';
import type { PostgresChangeEvent, PostgresChangesPayload, SubscriptionState } from '../core/types';
import { createAttachedStore } from './attachedStore';
import { useLatest } from './useLatest';
import { useRealtimeManager } from './useRealtimeManager';

/** Schema names of a supabase-js `Database` type (any string without one). */
export type SchemaName<DB> = [DB] extends [never] ? string : unknown extends DB ? string : Extract<keyof DB, string>;

/** Table names of `DB[Schema]['Tables']`. */
export type TableName<DB, S extends string = 'public'> = unknown extends DB
  ? string
  : S extends keyof DB
    ? DB[S] extends { Tables: infer T }
      ? Extract<keyof T, string>
      : string
    : string;

/** The row type of a table, like supabase-js's `Database['public']['Tables'][T]['Row']`. */
export type TableRow<DB, S extends string, T extends string> = unknown extends DB
  ? Record<string, unknown>
  : S extends keyof DB
    ? DB[S] extends { Tables: infer Tables }
      ? T extends keyof Tables
        ? Tables[T] extends { Row: infer Row }
          ? Row
          : Record<string, unknown>
        : Record<string, unknown>
      : Record<string, unknown>
    : Record<string, unknown>;

export interface UseRealtimeSubscriptionOptions<Row = Record<string, unknown>, T extends string = string, S extends string = string> {
  table: T;
  /** Default `'public'`. */
  schema?: S;
  /** Default `'*'`. */
  event?: PostgresChangeEvent;
  /** A row filter in the server's syntax, e.g. `"id=eq.1"`; validated before joining. */
  filter?: string;
  /** Called for each change. A new function identity does not rejoin. */
  onChange?: (payload: PostgresChangesPayload<Row>) => void;
  /**
   * TanStack Query key invalidated whenever events may have been missed: each time the
   * subscription goes live (the first join included: the query may have loaded before the
   * server started delivering changes) and so after every reconnect.
   */
  queryKey?: readonly unknown[];
  /** Called at the same moments as the `queryKey` invalidation (events may have been missed). */
  onResubscribe?: () => void;
  /** Default true; false leaves the subscription. */
  enabled?: boolean;
  /** Shown in `manager.getStats()`. */
  label?: string;
  /** Explicit channel name; derived from the config by default. */
  channel?: string;
  /**
   * Listen to Broadcast from Database on this private topic (the one your trigger sends to, see
   * `broadcastChangesSql`) instead of `postgres_changes`; `onChange` gets the same payload.
   * Implies `private: true`; `channel`, `filter` and `private: false` with it throw a
   * `RealtimeConfigError`. Every subscription on one topic shares one join, whatever its `event`.
   */
  topic?: string;
  /**
   * Join as a private channel: the server admits only users whose RLS policies on
   * `realtime.messages` allow the topic. Part of the channel's identity (changing it moves the subscription).
   */
  private?: boolean;
}

export type UseRealtimeSubscriptionResult = SubscriptionState;

const IDLE: SubscriptionState = Object.freeze({ status: 'idle', error: null, lastEventAt: null }) as SubscriptionState;
const getIdle = () => IDLE;

/**
 * Subscribe a component to `postgres_changes`, or with `topic` to Broadcast from Database. Identical subscriptions across components share
 * one channel and one join. Changing `table`, `schema`, `event`, `filter`, `channel`, `private` or `enabled`
 * moves the subscription; new callback identities do not. An invalid filter throws a
 * `RealtimeConfigError` during render, naming what is wrong.
 *
 * Typed from the app's generated `Database`:
 * `useRealtimeSubscription<Database, 'todos'>({ table: 'todos', onChange: (p) => p.new.title })`.
 */
export function useRealtimeSubscription<
  DB = unknown,
  T extends string = TableName<DB, 'public'>,
  S extends string = 'public',
>(options: UseRealtimeSubscriptionOptions<TableRow<DB, S, T>, T & TableName<DB, S>, S & SchemaName<DB>>): UseRealtimeSubscriptionResult {
  const manager = useRealtimeManager('useRealtimeSubscription');
  const { table, schema, event, filter, channel, topic, label, enabled = true, private: isPrivate } = options;
  // Validate during render so a bad filter or option conflict reaches the nearest error boundary at once.
  const binding = useMemo(() => {
    if (topic !== undefined) checkTopicOptions({ table, topic, filter, channel, private: isPrivate });
    return normalisePostgresBinding({ table, schema, event, filter });
  }, [table, schema, event, filter, topic, channel, isPrivate]);
  const latest = useLatest(options);
  const store = useMemo(
    () =>
      createAttachedStore<SubscriptionState, SubscriptionHandle>(
        enabled
          ? () =>
              manager.subscribe<TableRow<DB, S, T>>({
                ...binding,
                channel,
                topic,
                private: isPrivate,
                label,
                onChange: (payload) => latest.current.onChange?.(payload),
                onResubscribe: () => latest.current.onResubscribe?.(),
                get queryKey() {
                  return latest.current.queryKey;
                },
              })
          : null,
        IDLE,
      ),
    [manager, binding, channel, topic, label, enabled, latest, isPrivate],
  );
  // Why tracked fields: `lastEventAt` changes with every burst of events, and re-rendering every
  // subscriber for it made a 10,000-event burst cost 54,000 renders (bench/). As in TanStack
  // Query's tracked results, a change notifies React only when a field this component has read
  // changed; any render still reads the latest snapshot, so nothing goes stale.
  const [tracked] = useState(() => new Set<keyof SubscriptionState>());
  const subscribe = useCallback(
    (listener: () => void) => {
      let last = store.getSnapshot();
      return store.subscribe(() => {
        const next = store.getSnapshot();
        const changed = [...tracked].some((key) => !Object.is(last[key], next[key]));
        last = next;
        if (changed) listener();
      });
    },
    [store, tracked],
  );
  const state = useSyncExternalStore(subscribe, store.getSnapshot, getIdle);
  return useMemo(() => trackReads(state, tracked), [state, tracked]);
}

/** The same fields as `state`, each recording in `tracked` that it was read. */
function trackReads(state: SubscriptionState, tracked: Set<keyof SubscriptionState>): SubscriptionState {
  const result = {} as SubscriptionState;
  for (const key of Object.keys(state) as (keyof SubscriptionState)[]) {
    Object.defineProperty(result, key, {
      enumerable: true,
      get: () => {
        tracked.add(key);
        return state[key];
      },
    });
  }
  return result;
}
