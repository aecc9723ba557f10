import type { SupabaseClient } from '@supabase/supabase-js';
import { createStore } from '../core/createStore';
import { INITIAL_HEALTH } from '../core/healthStore';
import { createEventLog } from '../core/manager/managerEventLog';
import { QueryInvalidation } from '../core/manager/queryInvalidation';
import type { BroadcastHandle, ManagerEventLog, PresenceHandle, RealtimeManager, RealtimeManagerOptions, RealtimeManagerStats, RetainOptions, RoomOptions } from '../core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import type { SubscriptionHandle } from '../core/subscriptionHandle';
import type { ConnectionHealth, PostgresSubscriptionSpec } from '../core/types';
import { nextCrossTabHealth } from './crossTabHealth';
import { resolveCrossTabOptions, type ResolvedCrossTabOptions } from './crossTabOptions';
import { FollowerBackend } from './followerBackend';
import { LeaderService } from './leaderService';
import { LocalBackend } from './localBackend';
import type { MirroredAttachment } from './mirroredAttachment';
import { mirroredBroadcast, mirroredPresence, mirroredSubscription, type MirrorAttachments } from './mirroredHandles';
import type { TabBackend } from './tabBackend';
import { TabGroup } from './tabGroup';
import { TabOwnSocket } from './tabOwnSocket';
import { currentIdentity, hashIdentity, watchIdentity } from './tabIdentity';

/**
 * A `RealtimeManager` whose socket is shared by the tabs of one origin and identity
 * (docs/cross-tab.md). Each subscription of this tab is a `MirroredAttachment` bound to the
 * current backend: this tab's own manager when it leads (or cannot share), the leader over
 * BroadcastChannel when it follows. Role changes move every attachment.
 */
export class CrossTabManager implements RealtimeManager {
  readonly client: SupabaseClient;
  readonly #options: RealtimeManagerOptions;
  readonly #crossTab: ResolvedCrossTabOptions;
  readonly #mirrors = new Set<MirroredAttachment>();
  readonly #health = createStore<ConnectionHealth>(INITIAL_HEALTH);
  readonly #gaps: QueryInvalidation;
  #group: TabGroup | null = null;
  #follower: FollowerBackend | null = null;
  #local: LocalBackend | null = null;
  #leader: LeaderService | null = null;
  #backend: TabBackend | null = null;
  /** A follower's own socket for its presence channels in `presence: 'tab'` mode. */
  readonly #ownSocket: TabOwnSocket;
  #offBackendHealth: () => void = () => {};
  #offIdentity: (() => void) | null = null;
  #identity: string | null | undefined;
  #retains = 0;
  #endTimer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;
  #followerEvents: ManagerEventLog | null = null;
  #onDestroy: () => void;
  /** How the mirrored handles reach this manager's attachments. */
  readonly #attachments: MirrorAttachments = {
    add: (mirror) => this.#add(mirror),
    drop: (mirror) => this.#drop(mirror),
    invalidate: (queryKey) => this.#gaps.invalidate(queryKey),
  };

  constructor(client: SupabaseClient, options: RealtimeManagerOptions, onDestroy: () => void) {
    const { crossTab, invalidateQueries, ...managerOptions } = options;
    this.client = client;
    this.#crossTab = resolveCrossTabOptions(client, crossTab);
    this.#options = managerOptions;
    this.#ownSocket = new TabOwnSocket(client, managerOptions, this.#crossTab.presence);
    this.#gaps = new QueryInvalidation(invalidateQueries ?? null);
    this.#onDestroy = onDestroy;
  }

  get health() {
    return this.#health;
  }

  /** The event log of this tab's own manager while it leads or keeps its own socket; followers log nothing. */
  get events(): ManagerEventLog {
    return this.#local?.manager.events ?? (this.#followerEvents ??= createEventLog(() => Date.now()));
  }

  get simulatedOffline(): boolean {
    return this.#local?.manager.simulatedOffline ?? false;
  }

  /** Only the tab that owns the socket can take it offline; in a follower this does nothing. */
  simulateOffline(offline: boolean): void {
    this.#local?.manager.simulateOffline(offline);
  }

  leaveChannel(topic: string): void {
    if (!this.#local) {
      throw new RealtimeConfigError('invalid-option', `leaveChannel("${topic}"): this tab follows another tab's socket; leave the channel in the tab that leads.`);
    }
    this.#local.manager.leaveChannel(topic);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** This tab's role; `null` until the group has one (or when the tab keeps its own socket). */
  get role(): 'leader' | 'follower' | null {
    if (!this.#group) return null;
    return this.#group.isLeader ? 'leader' : this.#group.leaderId ? 'follower' : null;
  }

  connect(): void {
    this.#assertAlive();
    this.#start();
  }

  reconnect(): void {
    this.#assertAlive();
    this.#backend?.reconnect();
  }

  retain(_options: RetainOptions = {}): () => void {
    this.#assertAlive();
    this.#retains += 1;
    if (this.#endTimer) clearTimeout(this.#endTimer);
    this.#endTimer = null;
    this.#start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#retains -= 1;
      // Like a provider-owned manager: ended a grace period after the last release.
      if (this.#retains === 0) this.#endTimer = setTimeout(() => void this.destroy(), this.#options.gracePeriodMs ?? 1500);
    };
  }

  subscribe<Row = Record<string, unknown>>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' }): SubscriptionHandle {
    this.#assertAlive();
    return mirroredSubscription(spec, this.#attachments);
  }

  broadcast(channelName: string, event: string, onMessage?: (payload: unknown) => void, options: RoomOptions = {}): BroadcastHandle {
    this.#assertAlive();
    return mirroredBroadcast(channelName, event, onMessage, options, this.#attachments);
  }

  presence<State extends Record<string, unknown> = Record<string, unknown>>(channelName: string, myState?: State, options: RoomOptions = {}): PresenceHandle<State> {
    this.#assertAlive();
    return mirroredPresence(channelName, myState, options, this.#attachments);
  }

  setQueryInvalidator(invalidate: ((queryKey: readonly unknown[]) => unknown) | null): void {
    this.#gaps.set(invalidate);
  }

  addQueryInvalidator(invalidate: (queryKey: readonly unknown[]) => unknown): () => void {
    return this.#gaps.add(invalidate);
  }

  refreshAuth(): Promise<boolean> {
    return this.#backend ? this.#backend.refreshAuth() : Promise.resolve(false);
  }

  /** This tab's manager's stats; a follower counts its subscriptions and its own presence socket. */
  getStats(): RealtimeManagerStats {
    if (this.#local) return this.#local.manager.getStats();
    const own = this.#ownSocket.stats();
    const counts = { subscribers: this.#mirrors.size, listeners: this.#health.listenerCount, healthNotifications: this.#health.notificationCount };
    if (own) return { ...own, ...counts };
    return { sockets: 0, channels: [], problems: [], clientChannels: 0, reconnects: 0, channelJoins: 0, ...counts };
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#endTimer) clearTimeout(this.#endTimer);
    this.#onDestroy();
    this.#offIdentity?.();
    for (const mirror of this.#mirrors) mirror.release();
    this.#mirrors.clear();
    await this.#leave();
    this.#health.setState(INITIAL_HEALTH);
  }

  // --- groups and roles -------------------------------------------------------

  #start(): void {
    if (this.#offIdentity || this.#destroyed) return;
    this.#offIdentity = watchIdentity(this.client, () => void this.#identityMayHaveChanged());
    void this.#identityMayHaveChanged();
  }

  async #identityMayHaveChanged(): Promise<void> {
    const identity = await currentIdentity(this.client);
    if (this.#destroyed || identity === this.#identity) return;
    this.#identity = identity;
    await this.#leave();
    if (this.#destroyed || this.#identity !== identity) return;
    if (identity === null) {
      this.#useLocal(); // the identity cannot be compared: never share, lead alone
      return;
    }
    const group = new TabGroup({
      name: `srr-cross-tab:${this.#crossTab.key}:${hashIdentity(identity)}`,
      hiddenHandoverMs: this.#crossTab.hiddenHandoverMs,
      isVisible: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
      received: (message) => {
        this.#leader?.receive(message);
        this.#follower?.receive(message);
      },
      roleChanged: (leader) => (leader ? this.#becomeLeader() : this.#becomeFollower()),
      leaderChanged: (leaderId) => {
        if (this.#group && !this.#group.isLeader) this.#follower?.leaderChanged(leaderId);
        this.#publishHealth();
      },
      tabsChanged: (gone) => {
        this.#leader?.tabsGone(gone);
        this.#leader?.publishHealth();
        this.#publishHealth();
      },
    });
    this.#group = group;
    this.#follower = new FollowerBackend(group.tabId, (message) => group.post(message));
    this.#setBackend(this.#follower);
    group.start();
  }

  #becomeLeader(): void {
    const group = this.#group;
    if (!group) return;
    this.#local = this.#ownSocket.adopt() ?? new LocalBackend(this.client, this.#options);
    this.#leader = new LeaderService(group.tabId, this.#local, (message) => group.post(message));
    this.#setBackend(this.#local);
  }

  #becomeFollower(): void {
    const local = this.#local;
    this.#leader?.stop();
    this.#leader = null;
    this.#local = null;
    // This tab's own presence members stay on this socket rather than leave and join again.
    const keep = local !== null && this.#ownSocket.needed(this.#mirrors);
    if (keep) this.#ownSocket.keep(local);
    if (this.#follower) this.#setBackend(this.#follower);
    // After the attachments moved: the new leader joins them while this socket closes.
    if (!keep) void local?.dispose();
  }

  #useLocal(): void {
    this.#local = new LocalBackend(this.client, this.#options);
    this.#setBackend(this.#local);
  }

  async #leave(): Promise<void> {
    const local = this.#local;
    this.#leader?.stop();
    this.#group?.stop();
    await this.#follower?.dispose();
    this.#group = null;
    this.#follower = null;
    this.#leader = null;
    this.#local = null;
    this.#setBackend(null);
    await Promise.all([local?.dispose(), this.#ownSocket.dispose()]);
  }

  #setBackend(backend: TabBackend | null): void {
    this.#offBackendHealth();
    this.#backend = backend;
    this.#offBackendHealth = backend ? backend.health.subscribe(() => this.#publishHealth()) : () => {};
    for (const mirror of this.#mirrors) mirror.bind(this.#backendFor(mirror));
    this.#settleOwnSocket();
    this.#publishHealth();
  }

  #publishHealth(): void {
    const next = nextCrossTabHealth(this.#health.getState(), this.#backend?.health.getSnapshot() ?? INITIAL_HEALTH, this.role, this.#group?.tabs ?? 1);
    if (next) this.#health.setState(next);
  }

  // --- attachments ------------------------------------------------------------

  #add(mirror: MirroredAttachment): void {
    this.#mirrors.add(mirror);
    this.#start();
    mirror.bind(this.#backendFor(mirror));
  }

  #drop(mirror: MirroredAttachment): void {
    if (this.#mirrors.delete(mirror)) mirror.release();
    this.#settleOwnSocket();
  }

  #backendFor(mirror: MirroredAttachment): TabBackend | null {
    return this.#ownSocket.route(mirror, this.#backend, this.#follower);
  }

  #settleOwnSocket(): void {
    this.#ownSocket.settle(this.#mirrors, this.#backend, this.#follower);
  }

  #assertAlive(): void {
    if (this.#destroyed) {
      throw new RealtimeConfigError('manager-destroyed', 'This realtime manager was destroyed; create a new one with createRealtimeManager(client).');
    }
  }
}
