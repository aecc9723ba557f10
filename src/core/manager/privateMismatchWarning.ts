/**
 * Development warnings for a `private` flag that cannot match its messages. The server routes a
 * message only to channels with the same `private` flag and reports the mismatch to nobody
 * (docs/broadcast-from-database.md, "Rules worth knowing"), so this is the one place it can
 * surface. What the client can see: a *public* room listening for `INSERT`, `UPDATE` or
 * `DELETE`, the event names `realtime.broadcast_changes` (and `broadcastChangesSql`'s trigger)
 * send, always privately. A private listener for a public `realtime.send(…, false)` looks like
 * any quiet channel and cannot be detected. Called in development builds only.
 */
const CHANGE_EVENTS = new Set(['INSERT', 'UPDATE', 'DELETE']);
const warned = new Set<string>();

export function warnPublicRoomForDatabaseChanges(topic: string, event: string, isPrivate: boolean): void {
  if (isPrivate || !CHANGE_EVENTS.has(event.toUpperCase())) return;
  const key = `${topic}\u0000${event.toUpperCase()}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(
    `[supabase-realtime-react] useBroadcast(${JSON.stringify(topic)}, ${JSON.stringify(event)}) joins a public channel, but ` +
      'Broadcast from Database (realtime.broadcast_changes) sends private messages only, and a public channel never receives them. ' +
      `Use useRealtimeSubscription({ table, topic: ${JSON.stringify(topic)} }), or pass { private: true }.`,
  );
}

