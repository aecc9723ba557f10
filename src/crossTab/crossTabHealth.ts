import type { ConnectionHealth } from '../core/types';

/**
 * The health this tab shows: its backend's (its own connection, or the leader's) plus
 * `crossTab: { role, tabs }`. `null` when nothing changed, so health listeners are not
 * notified for a snapshot equal to the one they have.
 */
export function nextCrossTabHealth(previous: ConnectionHealth, base: ConnectionHealth, role: 'leader' | 'follower' | null, tabs: number): ConnectionHealth | null {
  const next = role ? { ...base, crossTab: { role, tabs } } : base;
  if (previous === next) return null;
  if (role && previous.crossTab?.role === role && previous.crossTab.tabs === tabs && sameHealth(previous, base)) return null;
  return Object.freeze(next);
}

function sameHealth(previous: ConnectionHealth, base: ConnectionHealth): boolean {
  const { crossTab: _crossTab, ...rest } = previous;
  return (Object.keys(base) as Array<keyof ConnectionHealth>).every((key) => key === 'crossTab' || rest[key as keyof typeof rest] === base[key]);
}
