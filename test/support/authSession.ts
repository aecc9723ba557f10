import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';

/** An owned table under RLS on `auth.uid()`, as Supabase apps write them. */
export const DIARY_SCHEMA = /* sql */ `
create table public.diary (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id) on delete cascade,
  body text not null
);
alter table public.diary enable row level security;
create policy "own rows" on public.diary for all to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
`;

export function startAuthServer(jwtExpiry?: number): Promise<DevServer> {
  return startDevServer({ schema: DIARY_SCHEMA, ...(jwtExpiry ? { jwtExpiry } : {}) });
}

/** A Storage for auth-js in memory: a second client on it is a page reload. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** Who a `phx_join` sent on the wire claimed to be: the token's `sub`, or null for the API key. */
export interface RecordedJoin {
  topic: string;
  sub: string | null;
}

/**
 * A `ws` WebSocket that records the identity of every `phx_join` it sends, read from the frame
 * itself (vsn 2.0.0: `[join_ref, ref, topic, event, payload]`). The token's claims are decoded,
 * never logged.
 */
function recordingTransport(joins: RecordedJoin[]): typeof WebSocket {
  return class RecordingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (typeof data === 'string' && data.includes('"phx_join"')) {
        const [, , topic, event, payload] = JSON.parse(data) as [unknown, unknown, string, string, { access_token?: string }];
        if (event === 'phx_join') joins.push({ topic, sub: subOf(payload.access_token) });
      }
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  } as typeof WebSocket;
}

function subOf(token: string | undefined): string | null {
  if (!token || token.split('.').length !== 3) return null;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub?: string };
  return claims.sub ?? null;
}

/** Real supabase-js clients as an app sets them up: auto refresh, persisted sessions. */
export function sessionClients(server: () => DevServer) {
  const made: SupabaseClient[] = [];
  return {
    create(storage = memoryStorage(), joins: RecordedJoin[] = []): SupabaseClient {
      const { url, anonKey } = server();
      const client = createClient(url, anonKey, {
        auth: { autoRefreshToken: true, persistSession: true, detectSessionInUrl: false, storage },
        realtime: { transport: recordingTransport(joins) as never },
      });
      made.push(client);
      return client;
    },
    async stopAll(): Promise<void> {
      await Promise.all(
        made.splice(0).map(async (client) => {
          await client.auth.stopAutoRefresh();
          await client.removeAllChannels();
        }),
      );
    },
  };
}

let counter = 0;
/** A fresh email per call, so tests on one server never collide. */
export const uniqueEmail = (label: string) => `${label}-${process.pid}-${++counter}@example.com`;

/** Insert a diary row as the server (RLS does not apply to the writer, only to readers). */
export async function insertDiary(server: DevServer, ownerId: string, body: string): Promise<void> {
  await server.sql('insert into public.diary (owner_id, body) values ($1, $2)', [ownerId, body]);
}
