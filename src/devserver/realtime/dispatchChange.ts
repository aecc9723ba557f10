import type { Database, RowChange } from '../types';
import { changePayload, mergeSelect } from './changePayload';
import { bindingMatches } from './postgresBinding';
import type { JoinedChannel } from './sessionContracts';

/**
 * Delivers one committed change to every channel whose bindings match it and whose claims
 * may see the row (RLS via `db.canSee`; DELETEs are not checked, as on the real server).
 * One frame per channel, listing the ids of all its matching bindings.
 */
export async function dispatchChange(db: Database, channels: Iterable<JoinedChannel>, change: RowChange): Promise<void> {
  const info = await db.table(change.schema, change.table);
  if (info && !info.published) return;
  const targets: { channel: JoinedChannel; ids: number[]; select: string[] | null }[] = [];
  for (const channel of channels) {
    if (!channel.bindingsActive || channel.closed || change.id <= channel.liveAfterChangeId) continue;
    const matching = channel.bindings.filter((b) => bindingMatches(b, change));
    if (matching.length === 0) continue;
    targets.push({ channel, ids: [...new Set(matching.map((b) => b.id))], select: mergeSelect(matching.map((b) => b.select)) });
  }
  if (targets.length === 0) return;
  const visible = await Promise.all(
    targets.map((t) => (change.type === 'DELETE' ? true : db.canSee(t.channel.claims, change).catch(() => false))),
  );
  targets.forEach((t, i) => {
    if (!visible[i] || t.channel.closed) return;
    t.channel.socket.push({
      joinRef: null,
      ref: null,
      topic: t.channel.topic,
      event: 'postgres_changes',
      payload: { ids: t.ids, data: changePayload(change, t.select) },
    });
  });
}
