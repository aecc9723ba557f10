import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ManagerEvent, RealtimeManager, RealtimeManagerStats } from '../core/manager/realtimeManagerTypes';

/** How many samples each channel's events/s sparkline keeps (one per second). */
const RATE_SAMPLES = 30;

export interface DevtoolsData {
  health: ReturnType<RealtimeManager['health']['getSnapshot']>;
  stats: RealtimeManagerStats;
  events: readonly ManagerEvent[];
  /** Per topic: events per second, one sample per poll, oldest first. */
  rates: ReadonlyMap<string, readonly number[]>;
  now: number;
}

/**
 * Everything the panel shows, from the public manager API only: the health store, the event
 * log (re-read at most every 250 ms however busy it is) and `getStats()` once a second.
 */
export function useDevtoolsData(manager: RealtimeManager): DevtoolsData {
  const health = useSyncExternalStore(manager.health.subscribe, manager.health.getSnapshot, manager.health.getSnapshot);
  const [events, setEvents] = useState(() => manager.events.entries());
  const [tick, setTick] = useState(() => ({ stats: manager.getStats(), now: Date.now(), rates: new Map<string, number[]>() as ReadonlyMap<string, readonly number[]> }));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = manager.events.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setEvents(manager.events.entries());
      }, 250);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [manager]);

  useEffect(() => {
    const rates = new Map<string, number[]>();
    const lastCounts = new Map<string, number>();
    const poll = () => {
      if (manager.destroyed) return;
      const stats = manager.getStats();
      const seen = new Set<string>();
      for (const channel of stats.channels) {
        seen.add(channel.topic);
        const previous = lastCounts.get(channel.topic) ?? channel.events;
        lastCounts.set(channel.topic, channel.events);
        const series = rates.get(channel.topic) ?? [];
        series.push(channel.events - previous);
        if (series.length > RATE_SAMPLES) series.shift();
        rates.set(channel.topic, series);
      }
      for (const topic of [...rates.keys()]) if (!seen.has(topic)) rates.delete(topic);
      setTick({ stats, now: Date.now(), rates: new Map(rates) });
    };
    const interval = setInterval(poll, 1000);
    return () => clearInterval(interval);
  }, [manager]);

  return { health, stats: tick.stats, events, rates: tick.rates, now: tick.now };
}
