import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { sessionClients, startAuthServer, uniqueEmail, type memoryStorage, type RecordedJoin } from './authSession';

/** A user signed up on a session client: the client holds the session, as after a sign-up in an app. */
export interface SignedUpUser {
  supabase: SupabaseClient;
  userId: string;
  email: string;
  password: string;
}

/**
 * The setup every long auth test file shares: its own dev server (the diary schema, tokens that
 * live `jwtExpiry` seconds) started before the file's tests, and session clients on it, stopped
 * with the server after them. One server per file, so the long files run in parallel.
 */
export function setUpAuthServer(jwtExpiry: number) {
  let current: DevServer | undefined;
  const server = (): DevServer => {
    if (!current) throw new Error('The auth dev server is not started yet: use it inside a test, not at module level.');
    return current;
  };
  const clients = sessionClients(server);

  beforeAll(async () => {
    current = await startAuthServer(jwtExpiry);
  }, 180_000);
  afterAll(async () => {
    await clients.stopAll();
    await current?.close();
  });

  return {
    server,
    clients,
    /** Sign up a fresh user on a new session client (optionally on `storage`, recording its joins). */
    async signUp(label: string, storage?: ReturnType<typeof memoryStorage>, joins?: RecordedJoin[]): Promise<SignedUpUser> {
      const supabase = clients.create(storage, joins);
      const email = uniqueEmail(label);
      const password = 'secret-1';
      const { data, error } = await supabase.auth.signUp({ email, password });
      if (error || !data.user) throw new Error(`sign-up of ${label} failed: ${error?.message ?? 'no user returned'}`);
      return { supabase, userId: data.user.id, email, password };
    },
  };
}
