import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { DevServer } from '../../src/devserver/types';
import { CHAOS_BUCKETS } from './chaosClient';
import type { SeededRandom } from './chaosRandom';

const BODIES = ['plain', 'quote \' " done', 'comma, (paren)', 'ünïcödé ✓ 漢字', 'emoji 🎉', ''];

/**
 * The soak's only writer of `chaos_items`: a steady stream of inserts, updates and deletes through
 * REST (service role), one at a time. It bumps a row's `version` on every write, deletes
 * included, so subscribers can order and deduplicate what they receive.
 */
export class ChaosWriter {
  writes = 0;
  readonly #client: SupabaseClient;
  readonly #versions = new Map<number, { version: number; present: boolean }>();
  readonly #rows: number;
  readonly #random: SeededRandom;
  #running: Promise<void> | null = null;
  #stop = false;

  constructor(server: DevServer, random: SeededRandom, rows = 40) {
    this.#random = random;
    this.#client = createClient(server.url, server.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    this.#rows = rows;
  }

  /** One write to a random row: insert when absent, else update (85 %) or delete. */
  async writeOnce(): Promise<void> {
    const id = 1 + this.#random.between(0, this.#rows);
    const state = this.#versions.get(id) ?? { version: 0, present: false };
    const version = state.version + 1;
    const body = `${this.#random.pick(BODIES)} #${version}`;
    let error: { message: string } | null;
    if (!state.present) {
      ({ error } = await this.#client.from('chaos_items').insert({ id, bucket: id % CHAOS_BUCKETS, version, body }));
      if (!error) this.#versions.set(id, { version, present: true });
    } else if (this.#random.next() < 0.85) {
      ({ error } = await this.#client.from('chaos_items').update({ version, body }).eq('id', id));
      if (!error) this.#versions.set(id, { version, present: true });
    } else {
      // The delete carries the version of the row it removes; the next insert continues from it.
      ({ error } = await this.#client.from('chaos_items').delete().eq('id', id));
      if (!error) this.#versions.set(id, { version: state.version, present: false });
    }
    if (error) throw new Error(`chaos writer: ${error.message}`);
    this.writes++;
  }

  /** Writes continuously, `pauseMs` apart, until `stop()`. */
  start(pauseMs = 15): void {
    this.#stop = false;
    this.#running = (async () => {
      while (!this.#stop) {
        await this.writeOnce();
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await this.#running;
    this.#running = null;
  }
}
