import type { RealtimeClient } from '@supabase/supabase-js';
import { classifyRealtimeError } from '../errors/classifyRealtimeError';
import { ConnectionMachine, type ConnectionMachineOptions, type ConnectionSnapshot } from '../connectionMachine';
import type { PageEvent, RealtimeEnvironment } from '../realtimeEnvironment';
import { RealtimeSocketHooks } from '../realtimeSocketHooks';
import type { SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';
import type { RefreshOutcome } from './authBridge';
import { createHiddenSpellTimer, type HiddenSpellTimer } from './hiddenSpellTimer';
import { waitForJoinToken } from './joinTokenWait';

export interface LifecycleDeps {
  realtime: RealtimeClient;
  env: RealtimeEnvironment;
  /** Window over which waiting channels are joined after an open, ms. */
  rejoinSpreadMs: number;
  channels(): Iterable<SharedChannel>;
  /** Whether the manager has no channel of its own (a close is then idle unless held). */
  hasNoChannels(): boolean;
  recordError(classification: ErrorClassification, code?: string): void;
  messageArrived(): void;
  heartbeatAnswered(latencyMs: number | undefined): void;
  /** The machine moved (health follows it). */
  changed(): void;
  /** Refresh the session (only when it is about to expire, with `onlyIfExpiring`). */
  refreshAuth(onlyIfExpiring: boolean): Promise<RefreshOutcome>;
  /**
   * Resolves once auth-js has restored a persisted session (`INITIAL_SESSION`); null when
   * there is nothing to wait for. Never rejects.
   */
  sessionRestored(): Promise<void> | null;
  /** The socket is being attached for the first time (start following auth events). */
  attached(): void;
  destroyed(): boolean;
}

export interface LifecycleOptions extends ConnectionMachineOptions {
  /** Leave the socket after the page was hidden this long, ms; undefined: never. */
  hiddenDisconnectAfterMs?: number;
}

/** Page events other than `hidden` (which only arms the hidden timer), as machine events. */
const PAGE_EVENTS = { online: 'ONLINE', offline: 'OFFLINE', visible: 'VISIBLE', pageshow: 'PAGE_SHOW' } as const satisfies Record<Exclude<PageEvent, 'hidden'>, string>;

/**
 * The socket's life: the connection machine (the only retry policy), realtime-js socket
 * hooks, the page's lifecycle as machine input (visibility, network, back/forward-cache
 * restores, sleep, a long hidden spell), the token wait after an open and the spread-out
 * join of channels that waited for the socket.
 */
export class ConnectionLifecycle {
  readonly machine: ConnectionMachine;
  readonly #deps: LifecycleDeps;
  #hooks: RealtimeSocketHooks | null = null;
  #envUnsubscribe: (() => void) | null = null;
  /** Open `retain({ keepConnected })`s: while any, a close with no channels is not idle. */
  #holds = 0;
  #connectGeneration = 0;
  /** Counts socket opens, so a token wait of an earlier open does not release joins. */
  #openGeneration = 0;
  /** False from a socket open until realtime has its token (no join may be sent before). */
  #tokenReady = true;
  #tearingDown = false;
  #socketHandedOver = false;
  /** Counts probes, so a late answer to an earlier one does not confirm a later one. */
  #probeGeneration = 0;
  /** Set by every inbound frame; cleared when a probe is sent and each time the machine asks. */
  #framesSinceProbe = false;
  #stopSleepWatch: (() => void) | null = null;
  readonly #hiddenSpell: HiddenSpellTimer;

  constructor(deps: LifecycleDeps, options: LifecycleOptions) {
    this.#deps = deps;
    this.#hiddenSpell = createHiddenSpellTimer(deps.env, options.hiddenDisconnectAfterMs, () => this.machine.send({ type: 'PAUSE' }));
    this.machine = new ConnectionMachine(
      deps.env,
      {
        openSocket: () => this.#openSocket(),
        closeSocket: () => {
          this.#connectGeneration++;
          if (!this.#socketHandedOver) void deps.realtime.disconnect();
        },
        refreshAuth: (onlyIfExpiring) => {
          void deps.refreshAuth(onlyIfExpiring).then((outcome) =>
            this.machine.send({ type: outcome === 'refused' ? 'AUTH_FAILED' : outcome === 'transient' ? 'AUTH_RETRY' : 'AUTH_OK' }),
          );
        },
        probe: () => this.#probe(options.probeTimeoutMs ?? 2000),
        framesSinceProbe: () => {
          const heard = this.#framesSinceProbe;
          this.#framesSinceProbe = false;
          return heard;
        },
        abandonSocket: () => this.#hooks?.abandonSocket(),
        changed: () => {
          this.#followSleep();
          deps.changed();
        },
      },
      options,
    );
  }

  get snapshot(): ConnectionSnapshot {
    return this.machine.snapshot();
  }

  /** Whether something holds the socket up (see `retain({ keepConnected })`). */
  get held(): boolean {
    return this.#holds > 0;
  }

  /** Joins may be sent: connected (or checking that it still is), and realtime has its token. */
  isSocketOpen(): boolean {
    const state = this.machine.state;
    return this.#tokenReady && (state === 'connected' || state === 'verifying') && this.#deps.realtime.isConnected();
  }

  /** Ask for the socket (idempotent; the machine decides when). */
  start(): void {
    if (this.#deps.destroyed()) return;
    this.attach();
    this.machine.send({ type: 'START' });
  }

  /** Connect now, skipping a pending backoff, an open circuit or an auth failure. */
  retryNow(): void {
    this.attach();
    this.machine.send({ type: 'RETRY' });
  }

  /** Keep the socket connecting until the release is called. */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
    };
  }

  authChanged(): void {
    this.machine.send({ type: 'AUTH_CHANGED' });
  }

  /** Resolves once the server read every frame sent so far; null without a socket. */
  roundTrip(timeoutMs: number): Promise<boolean> | null {
    return this.#hooks?.roundTrip(timeoutMs) ?? null;
  }

  /** Hook into realtime-js and the page's events, once. */
  attach(): void {
    if (this.#hooks || this.#deps.destroyed()) return;
    const deps = this.#deps;
    this.#hooks = new RealtimeSocketHooks(deps.realtime, {
      open: () => this.#socketOpened(),
      close: (event) => this.#socketClosed(event?.code, event?.reason),
      error: () => {
        if (this.machine.state === 'connecting') deps.recordError(classifyRealtimeError(new Error('WebSocket connection failed')), 'connect_failed');
      },
      message: () => {
        this.#framesSinceProbe = true;
        deps.messageArrived();
      },
      heartbeat: (status, latency) => {
        if (status === 'ok') deps.heartbeatAnswered(latency);
        else if (status === 'timeout') {
          deps.recordError(classifyRealtimeError(new Error('heartbeat timeout')), 'heartbeat_timeout');
          // phoenix now closes the socket with a handshake and removes its close handler after
          // about 1.5 s; a half-open socket never completes that handshake, so no close would
          // ever reach the machine and it would stay "connected" on a dead socket. Drop it at
          // once instead, as an unanswered probe does: the close path runs now.
          this.#hooks?.abandonSocket({ code: 1000, reason: 'heartbeat timeout' });
        }
      },
      connectRequested: () => {
        if (!deps.destroyed()) this.machine.send({ type: 'START' });
      },
    });
    this.#envUnsubscribe = deps.env.subscribe((event) => this.#pageEvent(event));
    if (!deps.env.isVisible()) this.#hiddenSpell.arm();
    deps.attached();
  }

  /** Stop following network, visibility and sleep (first step of destroy). */
  stopPageEvents(): void {
    this.#envUnsubscribe?.();
    this.#envUnsubscribe = null;
    this.#hiddenSpell.clear();
    this.#stopSleepWatch?.();
    this.#stopSleepWatch = null;
  }

  #pageEvent(event: PageEvent): void {
    if (event === 'hidden') return this.#hiddenSpell.arm();
    if (event === 'visible') this.#hiddenSpell.clear();
    this.machine.send({ type: PAGE_EVENTS[event] });
  }

  /** Watch for sleep only while there is a socket to lose (and no timer keeps a process alive). */
  #followSleep(): void {
    const state = this.machine.state;
    const wanted = (state === 'connected' || state === 'verifying') && this.#envUnsubscribe !== null;
    if (wanted && !this.#stopSleepWatch) this.#stopSleepWatch = this.#deps.env.watchSleep(() => this.machine.send({ type: 'WAKE' }));
    else if (!wanted && this.#stopSleepWatch) {
      this.#stopSleepWatch();
      this.#stopSleepWatch = null;
    }
  }

  /**
   * One heartbeat with a ref of its own (phoenix's pending heartbeat is untouched, so no second
   * phoenix heartbeat can make it close the socket). The machine's `probeTimeoutMs` timer
   * decides a missing answer; the round trip waits a little longer so it never decides first.
   */
  #probe(timeoutMs: number): void {
    const generation = ++this.#probeGeneration;
    this.#framesSinceProbe = false;
    const answered = this.#hooks?.roundTrip(timeoutMs + 1000);
    void answered?.then((ok) => {
      if (ok && generation === this.#probeGeneration && this.machine.state === 'verifying') this.machine.send({ type: 'PROBE_OK' });
    });
  }

  /**
   * Stop for good: the machine (which closes the socket) and the hooks. With `socketHandedOver`
   * another manager of this client uses the socket now, so it is left open.
   */
  stop(socketHandedOver = false): void {
    this.#socketHandedOver = socketHandedOver;
    this.machine.send({ type: 'STOP' });
    this.#hooks?.detach();
    this.#hooks = null;
  }

  #socketClosed(code: number | undefined, reason: string | undefined): void {
    const deps = this.#deps;
    if (code !== undefined && code !== 1000 && code !== 1005) deps.recordError(classifyRealtimeError(code), String(code));
    const idle = deps.hasNoChannels() && deps.realtime.channels.length === 0 && this.#holds === 0;
    for (const channel of deps.channels()) channel.socketClosed();
    if (this.#tearingDown) return;
    this.machine.send({ type: 'SOCKET_CLOSE', code, reason, idle });
  }

  #openSocket(): void {
    const generation = ++this.#connectGeneration;
    const realtime = this.#deps.realtime;
    void (async () => {
      // A closed phoenix socket keeps its dead `conn` until torn down, and `connect()` is a
      // no-op while it is there: tear it down first (no close event fires for a dead conn).
      if (!realtime.isConnected()) {
        // The teardown may deliver the old socket's close event: it is not this attempt's.
        this.#tearingDown = true;
        try {
          await realtime.disconnect();
        } finally {
          this.#tearingDown = false;
        }
      }
      if (generation !== this.#connectGeneration || this.machine.state !== 'connecting') return;
      if (realtime.isConnected()) this.#socketOpened();
      else this.#hooks?.connect();
    })();
  }

  #socketOpened(): void {
    this.machine.send({ type: 'SOCKET_OPEN' });
    // Why wait: a join carries the token realtime has when the channel subscribes, and
    // supabase-js sets it asynchronously; joined earlier, the channel gets the apikey's rights
    // (docs/realtime-protocol.md, "Token race"). `isSocketOpen()` stays false meanwhile, so
    // channels created during the wait also wait for the joins below.
    const generation = ++this.#openGeneration;
    const wait = waitForJoinToken(this.#deps.realtime, this.#deps.env, this.#deps.sessionRestored());
    if (!wait) {
      this.#tokenReady = true;
      return this.#joinWaiting();
    }
    this.#tokenReady = false;
    void wait.then(() => {
      if (generation !== this.#openGeneration || this.#deps.destroyed()) return;
      this.#tokenReady = true;
      if (this.isSocketOpen()) this.#joinWaiting();
    });
  }

  #joinWaiting(): void {
    // Channels retired when the socket dropped (and channels created while it was down) are
    // joined here with fresh instances, once each, spread over a short window so a reconnect
    // does not send every join in the same millisecond (the server limits joins per second).
    const waiting = [...this.#deps.channels()].filter((c) => !c.instance && !c.disposed);
    const step = waiting.length > 1 ? this.#deps.rejoinSpreadMs / waiting.length : 0;
    waiting.forEach((channel, i) => {
      if (i === 0 || step === 0) channel.socketOpened();
      else this.#deps.env.setTimeout(() => this.isSocketOpen() && channel.socketOpened(), Math.floor(i * step));
    });
  }
}
