import type { RealtimeClient } from '@supabase/supabase-js';
import { awaitRealtimeToken } from '../awaitRealtimeToken';
import { classifyError } from '../classifyError';
import { ConnectionMachine, type ConnectionMachineOptions, type ConnectionSnapshot } from '../connectionMachine';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import { RealtimeSocketHooks } from '../realtimeSocketHooks';
import type { SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';
import type { RefreshOutcome } from './authBridge';

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

/** The longest a socket open waits for realtime's token before joining anyway. */
const TOKEN_WAIT_MS = 3000;

/**
 * The socket's life: the connection machine (the only retry policy), realtime-js socket
 * hooks, network and visibility events, the token wait after an open and the spread-out
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

  constructor(deps: LifecycleDeps, options: ConnectionMachineOptions) {
    this.#deps = deps;
    this.machine = new ConnectionMachine(
      deps.env,
      {
        openSocket: () => this.#openSocket(),
        closeSocket: () => {
          this.#connectGeneration++;
          void deps.realtime.disconnect();
        },
        refreshAuth: (onlyIfExpiring) => {
          void deps.refreshAuth(onlyIfExpiring).then((outcome) =>
            this.machine.send({ type: outcome === 'refused' ? 'AUTH_FAILED' : outcome === 'transient' ? 'AUTH_RETRY' : 'AUTH_OK' }),
          );
        },
        changed: () => deps.changed(),
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

  /** Joins may be sent: connected, and realtime has its token. */
  isSocketOpen(): boolean {
    return this.#tokenReady && this.machine.state === 'connected' && this.#deps.realtime.isConnected();
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
        if (this.machine.state === 'connecting') deps.recordError(classifyError(new Error('WebSocket connection failed')), 'connect_failed');
      },
      message: () => deps.messageArrived(),
      heartbeat: (status, latency) => {
        if (status === 'ok') deps.heartbeatAnswered(latency);
        else if (status === 'timeout') deps.recordError(classifyError(new Error('heartbeat timeout')), 'heartbeat_timeout');
      },
    });
    this.#envUnsubscribe = deps.env.subscribe((event) => {
      if (event === 'online') this.machine.send({ type: 'ONLINE' });
      else if (event === 'offline') this.machine.send({ type: 'OFFLINE' });
      else if (event === 'visible') this.machine.send({ type: 'VISIBLE' });
    });
    deps.attached();
  }

  /** Stop following network and visibility events (first step of destroy). */
  stopPageEvents(): void {
    this.#envUnsubscribe?.();
  }

  /** Stop for good: the machine and the hooks (the socket is closed by the caller). */
  stop(): void {
    this.machine.send({ type: 'STOP' });
    this.#hooks?.detach();
    this.#hooks = null;
  }

  #socketClosed(code: number | undefined, reason: string | undefined): void {
    const deps = this.#deps;
    if (code !== undefined && code !== 1000 && code !== 1005) deps.recordError(classifyError(code), String(code));
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
      else realtime.connect();
    })();
  }

  #socketOpened(): void {
    this.machine.send({ type: 'SOCKET_OPEN' });
    // Why wait: a join carries the token realtime has when the channel subscribes, and
    // supabase-js sets it asynchronously; joined earlier, the channel gets the apikey's rights
    // (docs/realtime-protocol.md, "Token race"). `isSocketOpen()` stays false meanwhile, so
    // channels created during the wait also wait for the joins below.
    const generation = ++this.#openGeneration;
    const wait = this.#tokenWait();
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

  /**
   * What the joins of this open wait for: auth-js restoring a persisted session first (a
   * signed-in reload must not join as anon), then realtime's token. Both time-boxed.
   */
  #tokenWait(): Promise<void> | null {
    const deps = this.#deps;
    const restored = deps.sessionRestored();
    if (!restored) return awaitRealtimeToken(deps.realtime, TOKEN_WAIT_MS, deps.env);
    const restoredOrTimeout = new Promise<void>((resolve) => {
      const timer = deps.env.setTimeout(resolve, TOKEN_WAIT_MS);
      void restored.then(() => {
        deps.env.clearTimeout(timer);
        resolve();
      });
    });
    return restoredOrTimeout.then(() => awaitRealtimeToken(deps.realtime, TOKEN_WAIT_MS, deps.env) ?? undefined);
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
