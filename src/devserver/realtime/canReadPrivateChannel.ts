import type { Database, JwtClaims } from '../types';

/** Carries the probe's answer out of the transaction, which must roll back. */
class ProbeResult extends Error {
  constructor(readonly allowed: boolean) {
    super('probe');
  }
}

/**
 * Whether `claims` may read the private channel `subTopic`, decided like the real server's
 * `Authorization` module: as the owner, write probe rows for the topic into
 * `realtime.messages` (extensions `broadcast` and `presence`); as the user's role with their
 * claims and `realtime.topic()` set, count the rows RLS lets them select; roll back.
 * service_role always may. Tokens with a `realtime_topics` claim listing the topic also may
 * (a dev server shortcut for apps that have no policies yet).
 */
export async function canReadPrivateChannel(db: Database, claims: JwtClaims, subTopic: string): Promise<boolean> {
  if (claims.role === 'service_role') return true;
  const topics = claims.realtime_topics;
  if (Array.isArray(topics) && topics.includes(subTopic)) return true;
  const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
  try {
    await db.asUser(claims, async (tx) => {
      await tx.query('set local role none');
      await tx.query("select set_config('realtime.topic', $1, true)", [subTopic]);
      await tx.query(
        "insert into realtime.messages (topic, extension, private, event) values ($1, 'broadcast', true, 'authorization_check'), ($1, 'presence', true, 'authorization_check')",
        [subTopic],
      );
      await tx.query("select set_config('role', $1, true)", [role]);
      const { rows } = await tx.query<{ n: number }>('select count(*)::int as n from realtime.messages where topic = realtime.topic()');
      throw new ProbeResult((rows[0]?.n ?? 0) > 0);
    });
  } catch (error) {
    if (error instanceof ProbeResult) return error.allowed;
    // No grant, a policy that errors, a role that does not exist: not allowed.
    return false;
  }
  return false;
}
