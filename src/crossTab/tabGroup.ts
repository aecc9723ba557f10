import { createLeaseElection, createLockElection, type TabElection } from './tabElection';
import type { TabMessage } from './tabProtocol';

/** How often each tab says it is alive, ms. */
export const BEAT_MS = 1000;
/** A tab (or leader) silent this long is gone or frozen. Generous: hidden tabs' timers are throttled to 1/s. */
export const STALE_MS = 4000;

export interface TabGroupOptions {
  /** BroadcastChannel and lock name: one group per app key and identity. */
  name: string;
  hiddenHandoverMs: number;
  isVisible(): boolean;
  /** Called with every message of another tab of the group. */
  received(message: TabMessage): void;
  /** This tab became leader, or stopped being it. */
  roleChanged(leader: boolean): void;
  /** A different tab leads now (followers re-send what they hold). */
  leaderChanged(leaderId: string | null): void;
  /** Tabs come and go: the count changed, or a tab is gone (the leader releases its requests). */
  tabsChanged(gone: string[]): void;
}

/**
 * One tab's membership in a cross-tab group: the BroadcastChannel, heartbeats, the roster of
 * live tabs and the election. It notices a frozen leader (no heartbeat for `STALE_MS`: the
 * first visible follower takes over) and a leader hidden for `hiddenHandoverMs` (it asks a
 * visible tab to take over, which steals the lock).
 */
export class TabGroup {
  readonly tabId = randomId();
  readonly #options: TabGroupOptions;
  readonly #channel: BroadcastChannel;
  readonly #election: TabElection;
  readonly #lease: ReturnType<typeof createLeaseElection> | null = null;
  readonly #tabs = new Map<string, { seen: number; visible: boolean }>();
  #leader = false;
  #leaderId: string | null = null;
  #leaderSeen = 0;
  #hiddenSince: number | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  constructor(options: TabGroupOptions) {
    this.#options = options;
    this.#channel = new BroadcastChannel(options.name);
    this.#channel.onmessage = (event: MessageEvent<TabMessage>) => this.#receive(event.data);
    const events = { elected: () => this.#setLeader(true), deposed: () => this.#setLeader(false) };
    const locks = (globalThis.navigator as { locks?: Parameters<typeof createLockElection>[0] } | undefined)?.locks;
    if (locks) {
      this.#election = createLockElection(locks, options.name, events);
    } else {
      const timers = { now: Date.now, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
      this.#lease = createLeaseElection(this.tabId, { ...events, ...timers }, STALE_MS);
      this.#election = this.#lease;
    }
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  get leaderId(): string | null {
    return this.#leader ? this.tabId : this.#leaderId;
  }

  /** Live tabs of the group, this one included. */
  get tabs(): number {
    return this.#tabs.size + 1;
  }

  start(): void {
    this.#election.start();
    this.#beat();
    this.#timer = setInterval(() => this.#tick(), BEAT_MS);
  }

  post(message: TabMessage): void {
    if (!this.#stopped) this.#channel.postMessage(message);
  }

  /** Leave the group: the lock is released and the others hear `bye` at once. */
  stop(): void {
    if (this.#stopped) return;
    this.post({ t: 'bye', from: this.tabId });
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#election.stop();
    this.#channel.close();
  }

  #setLeader(leader: boolean): void {
    if (this.#stopped || this.#leader === leader) return;
    this.#leader = leader;
    this.#hiddenSince = null;
    if (leader) this.#leaderId = this.tabId;
    else if (this.#leaderId === this.tabId) this.#leaderId = null;
    // Deposed (its lock was stolen, e.g. while it was frozen): the tab that took over leads now.
    // Without this, a thawed tab with no leader heard "for STALE_MS" would steal the lock back
    // before the new leader's first heartbeat reached it.
    if (!leader) this.#leaderSeen = Date.now();
    this.#beat();
    this.#options.roleChanged(leader);
    this.#options.leaderChanged(this.leaderId);
  }

  #beat(): void {
    this.post({ t: 'beat', from: this.tabId, visible: this.#options.isVisible(), leader: this.#leader, since: this.#lease?.since ?? undefined });
  }

  #tick(): void {
    const now = Date.now();
    this.#beat();
    const gone = [...this.#tabs].filter(([, tab]) => now - tab.seen > STALE_MS).map(([id]) => id);
    for (const id of gone) this.#tabs.delete(id);
    if (gone.length > 0) this.#options.tabsChanged(gone);
    if (this.#leader) this.#maybeYield(now);
    else if (this.#leaderId && now - this.#leaderSeen > STALE_MS) this.#leaderLost();
    else if (!this.#leaderId && this.#isFirstCandidate() && now - this.#leaderSeen > STALE_MS) this.#election.takeOver();
  }

  /** A leader hidden longer than `hiddenHandoverMs` hands over to a visible tab. */
  #maybeYield(now: number): void {
    if (this.#options.isVisible()) {
      this.#hiddenSince = null;
      return;
    }
    this.#hiddenSince ??= now;
    if (now - this.#hiddenSince < this.#options.hiddenHandoverMs) return;
    const visible = [...this.#tabs].filter(([, tab]) => tab.visible).map(([id]) => id).sort()[0];
    if (visible) this.post({ t: 'yield', from: this.tabId, to: visible });
  }

  /** The leader stopped beating (frozen, or crashed without releasing): the first candidate steals. */
  #leaderLost(): void {
    const lost = this.#leaderId;
    this.#leaderId = null;
    if (lost) this.#tabs.delete(lost);
    this.#options.leaderChanged(null);
    if (this.#isFirstCandidate()) this.#election.takeOver();
  }

  /** One tab steals, not all of them: the smallest id among the visible live tabs (or among all). */
  #isFirstCandidate(): boolean {
    const candidates = [...this.#tabs].filter(([id]) => id !== this.#leaderId);
    const visible = candidates.filter(([, tab]) => tab.visible).map(([id]) => id);
    const pool = this.#options.isVisible() ? [...visible, this.tabId] : visible.length > 0 ? visible : [...candidates.map(([id]) => id), this.tabId];
    return pool.sort()[0] === this.tabId;
  }

  #receive(message: TabMessage): void {
    if (this.#stopped) return;
    if (message.t === 'beat') {
      const known = this.#tabs.has(message.from);
      this.#tabs.set(message.from, { seen: Date.now(), visible: message.visible });
      if (!known) this.#options.tabsChanged([]);
      if (message.leader) {
        this.#leaderSeen = Date.now();
        this.#lease?.leaderSeen?.(message.from, message.since ?? 0);
        if (!this.#leader && this.#leaderId !== message.from) {
          this.#leaderId = message.from;
          this.#options.leaderChanged(message.from);
        }
      }
      if (!known && !message.leader) this.#beat(); // let a newcomer see the leader at once
    } else if (message.t === 'bye') {
      this.#tabs.delete(message.from);
      this.#options.tabsChanged([message.from]);
      if (message.from === this.#leaderId) {
        this.#leaderId = null;
        this.#options.leaderChanged(null);
      }
    } else if (message.t === 'yield') {
      if (message.to === this.tabId && !this.#leader) this.#election.takeOver();
    }
    this.#options.received(message);
  }
}

function randomId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
