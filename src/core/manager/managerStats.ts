import type { RealtimeClient } from '@supabase/supabase-js';
import type { ConnectionSnapshot } from '../connectionMachine';
import type { ManagerProblem } from '../types';
import type { ChannelRegistry } from './channelRegistry';
import type { RealtimeManagerStats } from './realtimeManagerTypes';

export interface StatsSources {
  realtime: RealtimeClient;
  registry: ChannelRegistry;
  connection: ConnectionSnapshot;
  healthListeners: number;
  healthNotifications: number;
}

/** `getStats()`: counters for the benchmark and leak checks, and the problems worth a warning. */
export function collectStats({ realtime, registry, connection, healthListeners, healthNotifications }: StatsSources): RealtimeManagerStats {
  const channels = [...registry.channels()].map((c) => c.stats());
  return {
    sockets: realtime.isConnected() || realtime.isConnecting() ? 1 : 0,
    channels,
    problems: findProblems(realtime, registry, connection),
    subscribers: channels.reduce((n, c) => n + c.subscribers, 0),
    listeners: healthListeners + registry.listenerCount(),
    clientChannels: realtime.channels.length,
    reconnects: connection.totalReconnects,
    channelJoins: registry.joinCount(),
    healthNotifications,
  };
}

function findProblems(realtime: RealtimeClient, registry: ChannelRegistry, connection: ConnectionSnapshot): ManagerProblem[] {
  const problems: ManagerProblem[] = [];
  const ours = new Set([...registry.channels()].map((c) => `realtime:${c.topic}`));
  for (const instance of realtime.channels) {
    if (!ours.has(instance.topic)) {
      problems.push({ kind: 'orphaned-channel', topic: instance.topic, message: `realtime-js holds ${instance.topic}, which no subscription of this manager uses.` });
    }
  }
  for (const channel of registry.channels()) {
    if (channel.subscriberCount === 0 && !channel.inGracePeriod) {
      problems.push({ kind: 'orphaned-channel', topic: channel.topic, message: `${channel.topic} has no subscribers and is not scheduled for removal.` });
    }
    if (channel.status === 'errored') {
      problems.push({ kind: 'errored-channel', topic: channel.topic, message: `${channel.topic} is errored: ${channel.error?.technicalMessage ?? 'unknown error'}` });
    }
  }
  if (connection.reconnectAttempts >= 3) {
    problems.push({ kind: 'repeated-reconnects', message: `${connection.reconnectAttempts} reconnect attempts since the last successful connect.` });
  }
  const { size, maxChannels } = registry;
  if (maxChannels > 0 && size >= Math.ceil(maxChannels * 0.8)) {
    problems.push({ kind: 'near-channel-limit', message: `${size} of ${maxChannels} channels in use.` });
  }
  return problems;
}
