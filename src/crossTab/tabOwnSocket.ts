import type { SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeManagerOptions, RealtimeManagerStats } from '../core/manager/realtimeManagerTypes';
import { LocalBackend } from './localBackend';
import type { MirroredAttachment } from './mirroredAttachment';
import type { TabBackend } from './tabBackend';

/**
 * The socket a follower tab opens for its own presence in `presence: 'tab'` mode
 * (docs/cross-tab.md). Phoenix allows one join per topic per socket and one presence meta per
 * join, so a member per tab cannot ride the leader's join: the tab joins presence channels on a
 * socket of its own. A supabase client has one live manager, so this is the same
 * `LocalBackend` the tab uses when it leads: `adopt` hands it to the leader role, `keep` takes
 * it back when the tab stops leading. Opened lazily (`get`), closed a grace period after the
 * last presence channel went (`releaseLater`), so a remount does not drop and re-add the member.
 */
export class TabOwnSocket {
  readonly #client: SupabaseClient;
  readonly #options: RealtimeManagerOptions;
  readonly #presence: 'tab' | 'user';
  #backend: LocalBackend | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(client: SupabaseClient, options: RealtimeManagerOptions, presence: 'tab' | 'user') {
    this.#client = client;
    this.#options = options;
    this.#presence = presence;
  }

  /**
   * Where a subscription of this tab attaches: the tab's current backend, except presence in a
   * follower in `'tab'` mode, which joins on this socket so that the tab is a member of its own
   * (forwarded to the leader, every tab would share its one presence meta: `'user'` mode).
   */
  route(mirror: MirroredAttachment, current: TabBackend | null, follower: TabBackend | null): TabBackend | null {
    return this.#presence === 'tab' && isPresence(mirror) && current !== null && current === follower ? this.get() : current;
  }

  /** Whether this tab's presence channels need a socket of their own when it follows. */
  needed(mirrors: Iterable<MirroredAttachment>): boolean {
    return this.#presence === 'tab' && [...mirrors].some(isPresence);
  }

  /** After bindings changed: close the socket (after a grace period) once no follower presence uses it. */
  settle(mirrors: Iterable<MirroredAttachment>, current: TabBackend | null, follower: TabBackend | null): void {
    if (!(current !== null && current === follower && this.needed(mirrors))) this.releaseLater();
  }

  /** The presence socket's manager stats while it is open (a follower's only socket). */
  stats(): RealtimeManagerStats | null {
    return this.#backend?.manager.getStats() ?? null;
  }

  /** Whether the socket is open for presence right now. */
  get open(): boolean {
    return this.#backend !== null;
  }

  get(): LocalBackend {
    this.#cancelRelease();
    return (this.#backend ??= new LocalBackend(this.#client, this.#options));
  }

  /** The tab leads: its leader manager is this one (or a new one when none is open). */
  adopt(): LocalBackend | null {
    this.#cancelRelease();
    const backend = this.#backend;
    this.#backend = null;
    return backend;
  }

  /** The tab stopped leading but its presence channels still need a socket: keep the leader's. */
  keep(backend: LocalBackend): void {
    this.#cancelRelease();
    if (this.#backend && this.#backend !== backend) void this.#backend.dispose();
    this.#backend = backend;
  }

  /** No presence channel uses the socket any more: close it after the grace period. */
  releaseLater(): void {
    if (!this.#backend || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.dispose();
    }, this.#options.gracePeriodMs ?? 1500);
  }

  async dispose(): Promise<void> {
    this.#cancelRelease();
    const backend = this.#backend;
    this.#backend = null;
    await backend?.dispose();
  }

  #cancelRelease(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function isPresence(mirror: MirroredAttachment): boolean {
  return mirror.request.kind === 'presence';
}
