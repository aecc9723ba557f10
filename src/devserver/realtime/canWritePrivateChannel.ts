import type { Database, JwtClaims } from '../types';

/** Carries the probe's answer out of the transaction, which must roll back. */
class ProbeResult extends Error {
  constructor(readonly allowed: boolean) {
    super('probe');
  }
}

/**
 * Whether `claims` may send on the private channel `subTopic`, decided like the real
 * server's `Authorization` module does for the first client broadcast: as the user's role,
 * with their claims and `realtime.topic()` set, insert a `broadcast` row for the topic into
 * `realtime.messages` (INSERT policies decide), then roll back. service_role always may,
 * and so may a token whose `realtime_topics` claim lists the topic (the dev server's
 * shortcut, as for reads).
 */
export async function canWritePrivateChannel(db: Database, claims: JwtClaims, subTopic: string): Promise<boolean> {
  if (claims.role === 'service_role') return true;
  const topics = claims.realtime_topics;
  if (Array.isArray(topics) && topics.includes(subTopic)) return true;
  try {
    await db.asUser(claims, async (tx) => {
      await tx.query("select set_config('realtime.topic', $1, true)", [subTopic]);
      await tx.query("insert into realtime.messages (topic, extension) values ($1, 'broadcast')", [subTopic]);
      throw new ProbeResult(true);
    });
  } catch (error) {
    if (error instanceof ProbeResult) return error.allowed;
    // insufficient_privilege (no policy passes), a policy that errors, an unknown role: not allowed.
    return false;
  }
  return false;
}
