import type { RealtimeChannel, RealtimeClient } from '@supabase/supabase-js';

export interface SocketHookCallbacks {
  open(): void;
  close(event: { code?: number; reason?: string } | undefined): void;
  error(): void;
  message(): void;
  heartbeat(status: string, latencyMs?: number): void;
  /**
   * Something other than the manager asked phoenix to connect (its `pageshow` handler, or a
   * channel's `subscribe()` on a closed socket): the machine decides instead.
   */
  connectRequested(): void;
}

/** realtime-js's adapter: a public field at runtime, left out of the published types. */
interface SocketAdapterLike {
  onOpen(cb: () => void): void;
  onClose(cb: (event: unknown) => void): void;
  onError(cb: (error: unknown) => void): void;
  onMessage(cb: (message: unknown) => void): void;
  heartbeatCallback: (status: string, latency?: number) => void;
  getSocket(): PhoenixSocketLike;
}

/** The phoenix `Socket` behind the adapter (@supabase/phoenix, assets/js/phoenix/socket.js). */
interface PhoenixSocketLike {
  conn: ClosableConn | null;
  connect(...args: unknown[]): void;
  onConnClose(event: { code: number; reason: string; wasClean: boolean }): void;
}

interface ClosableConn {
  onopen: unknown;
  onerror: unknown;
  onmessage: unknown;
  onclose: unknown;
  close(): void;
  /** `ws` in Node: destroy the TCP socket without a closing handshake. */
  terminate?: () => void;
}

type StateCallbacks = Record<'open' | 'close' | 'error' | 'message', [string, (...args: unknown[]) => void][]>;
interface PatchableTimer {
  scheduleTimeout(): void;
  reset(): void;
}

/**
 * The manager's attachment to a realtime-js 2.119 client, and the only place that knows its
 * internals. Chosen hooks, least fragile first:
 *
 * - `socketAdapter.onOpen/onClose/onError/onMessage`: public registration methods; the
 *   entries land in `stateChangeCallbacks` (a public getter), where `detach()` removes them
 *   again by identity (the adapter does not return the refs).
 * - `socketAdapter.heartbeatCallback` (public getter/setter): wrapped, not replaced, so the
 *   client's own callback (which calls `setAuth` on `sent`) and a user's callback keep working.
 *   `onHeartbeat()` would replace them.
 * - `reconnectTimer.scheduleTimeout` (the Timer behind the public `reconnectTimer` getter):
 *   realtime-js schedules a reconnect after every close (from `onConnClose` and from the
 *   heartbeat-timeout teardown) without looking at the close code. Passing `reconnectAfterMs`
 *   is impossible here (supabase-js already built the client) and its Timer cannot refuse to
 *   fire, so the method is shadowed by a no-op on this one instance and the connection machine
 *   calls `connect()` itself: one retry policy, never two. `detach()` restores it.
 * - The phoenix socket's `connect` and `closeWasClean`: phoenix adds anonymous `pageshow` and
 *   `visibilitychange` listeners on `window` that reconnect by themselves (the latter when
 *   `closeWasClean` is false). On this instance `closeWasClean` always reads true (phoenix
 *   reads it only to decide whether to reconnect by itself) and a `connect()` that is not the
 *   manager's becomes `connectRequested()`, so the page's lifecycle reaches the machine alone.
 * - `_setupConnectionHandlers`: `RealtimeClient.connect()` registers its open/close/message
 *   handlers again on every call, so each reconnect would grow `stateChangeCallbacks` by three.
 *   The shadow keeps the first registration of each and drops the repeats.
 */
let pingCounter = 0;

export class RealtimeSocketHooks {
  #realtime: RealtimeClient;
  #callbacks: SocketHookCallbacks;
  #registered: ((...args: unknown[]) => void)[] = [];
  #previousHeartbeat: ((status: string, latency?: number) => void) | undefined;
  #timer: PatchableTimer | undefined;
  #pings = new Map<string, () => void>();
  #socket: PhoenixSocketLike | undefined;
  /** True while the manager itself calls `connect()`. */
  #ownConnect = false;
  #restores: (() => void)[] = [];

  constructor(realtime: RealtimeClient, callbacks: SocketHookCallbacks) {
    this.#realtime = realtime;
    this.#callbacks = callbacks;
    const adapter = (realtime as unknown as { socketAdapter: SocketAdapterLike }).socketAdapter;
    const open = () => callbacks.open();
    const close = (event: unknown) => callbacks.close(event as { code?: number; reason?: string } | undefined);
    const error = () => callbacks.error();
    const message = (frame: unknown) => {
      const ref = (frame as { ref?: unknown } | null)?.ref;
      if (typeof ref === 'string' && this.#pings.has(ref)) this.#pings.get(ref)!();
      callbacks.message();
    };
    adapter.onOpen(open);
    adapter.onClose(close);
    adapter.onError(error);
    adapter.onMessage(message);
    this.#registered = [open, close as (...args: unknown[]) => void, error, message as (...args: unknown[]) => void];

    const previous = adapter.heartbeatCallback as ((status: string, latency?: number) => void) | undefined;
    this.#previousHeartbeat = previous;
    adapter.heartbeatCallback = (status: string, latency?: number) => {
      previous?.(status, latency);
      this.#callbacks.heartbeat(status, latency);
    };

    const timer = realtime.reconnectTimer as unknown as PatchableTimer | undefined;
    if (timer && typeof timer.scheduleTimeout === 'function') {
      this.#timer = timer;
      timer.reset();
      timer.scheduleTimeout = () => {};
    }
    this.#guardPhoenixSocket(adapter);
    this.#registerConnectionHandlersOnce();
  }

  /** Open the socket (the manager's own connect: the only one that reaches phoenix). */
  connect(): void {
    this.#ownConnect = true;
    try {
      this.#realtime.connect();
    } finally {
      this.#ownConnect = false;
    }
  }

  /**
   * Drop a socket that looks open but is dead (its heartbeat went unanswered): stop listening
   * to it, destroy it without waiting for a closing handshake that will never be answered
   * (phoenix's `disconnect()` would wait for it), and run phoenix's close path at once, so
   * channels error and the manager sees the close, as `close` (after realtime-js's own heartbeat
   * timeout, phoenix's 1000 "heartbeat timeout"). Returns false when there is no socket.
   */
  abandonSocket(close: { code: number; reason: string } = { code: 1006, reason: 'heartbeat unanswered' }): boolean {
    const socket = this.#socket;
    const conn = socket?.conn;
    if (!socket || !conn) return false;
    socket.conn = null; // phoenix's connect() is a no-op while `conn` is set
    const noop = () => {};
    conn.onopen = conn.onerror = conn.onmessage = conn.onclose = noop;
    try {
      if (typeof conn.terminate === 'function') conn.terminate();
      else conn.close();
    } catch {
      // Already closed: nothing left to release.
    }
    socket.onConnClose({ ...close, wasClean: false });
    return true;
  }

  #guardPhoenixSocket(adapter: SocketAdapterLike): void {
    const socket = typeof adapter.getSocket === 'function' ? adapter.getSocket() : undefined;
    if (!socket || typeof socket.connect !== 'function') return;
    this.#socket = socket;
    const original = socket.connect;
    socket.connect = (...args: unknown[]) => {
      if (this.#ownConnect) return original.apply(socket, args);
      this.#callbacks.connectRequested();
    };
    Object.defineProperty(socket, 'closeWasClean', { configurable: true, get: () => true, set: () => {} });
    this.#restores.push(() => {
      delete (socket as Partial<PhoenixSocketLike>).connect;
      delete (socket as { closeWasClean?: boolean }).closeWasClean;
      (socket as unknown as { closeWasClean: boolean }).closeWasClean = true;
    });
  }

  #registerConnectionHandlersOnce(): void {
    const client = this.#realtime as unknown as { _setupConnectionHandlers?: () => void };
    const original = client._setupConnectionHandlers;
    if (typeof original !== 'function') return;
    const realtime = this.#realtime;
    client._setupConnectionHandlers = () => {
      const callbacks = realtime.stateChangeCallbacks as unknown as StateCallbacks;
      const before = { open: callbacks.open.length, close: callbacks.close.length, error: callbacks.error.length, message: callbacks.message.length };
      original.call(realtime);
      for (const kind of ['open', 'close', 'error', 'message'] as const) {
        const earlier = callbacks[kind].slice(0, before[kind]).map(([, fn]) => String(fn));
        const added = callbacks[kind].slice(before[kind]);
        // The same handler source registered earlier is the same handler: keep the first.
        callbacks[kind] = [...callbacks[kind].slice(0, before[kind]), ...added.filter(([, fn]) => !earlier.includes(String(fn)))];
      }
    };
    this.#restores.push(() => delete client._setupConnectionHandlers);
  }

  /**
   * Resolves true once the server answered a frame sent now, so every frame sent before it
   * has been read (a server handles a socket's frames in order); false when the socket is
   * not open or no answer came within `timeoutMs`. Why: `access_token` pushes get no reply,
   * and sign-out must not resolve while the server still holds the previous user's token.
   * The probe is a `phoenix` heartbeat with a ref of its own, which every server answers;
   * phoenix matches only its own heartbeat ref, so its heartbeat bookkeeping is untouched.
   */
  roundTrip(timeoutMs: number): Promise<boolean> {
    if (!this.#realtime.isConnected()) return Promise.resolve(false);
    const ref = `srr-ping-${++pingCounter}`;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (answered: boolean) => {
        clearTimeout(timer);
        this.#pings.delete(ref);
        resolve(answered);
      };
      this.#pings.set(ref, () => done(true));
      this.#realtime.push({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref });
    });
  }

  detach(): void {
    for (const settle of [...this.#pings.values()]) settle();
    const callbacks = this.#realtime.stateChangeCallbacks as unknown as StateCallbacks;
    for (const kind of ['open', 'close', 'error', 'message'] as const) {
      callbacks[kind] = callbacks[kind].filter(([, fn]) => !this.#registered.includes(fn));
    }
    this.#registered = [];
    if (this.#previousHeartbeat) (this.#realtime as unknown as { socketAdapter: SocketAdapterLike }).socketAdapter.heartbeatCallback = this.#previousHeartbeat;
    if (this.#timer) {
      delete (this.#timer as Partial<PatchableTimer>).scheduleTimeout;
      this.#timer = undefined;
    }
    for (const restore of this.#restores.splice(0)) restore();
    this.#socket = undefined;
  }
}

/**
 * Retire a channel instance locally after the socket dropped, without sending anything: its
 * phoenix `phx_close` handlers run (they remove it from the socket, its socket callbacks and
 * `client.channels`), then it is torn down. Why: realtime-js would otherwise rejoin every
 * errored instance in the same millisecond the socket reopens; retired channels are instead
 * rejoined by the manager with fresh instances, spread over a short window. Leaving with
 * `removeChannel` is no alternative while the socket is down: its `phx_leave` would be
 * buffered and sent to the new socket. Returns false (and changes nothing) when the internals
 * are not as expected, in which case realtime-js rejoins the instance itself.
 */
export function retireChannelInstance(instance: RealtimeChannel): boolean {
  const phoenix = (instance as unknown as { channelAdapter?: { channel?: { trigger?: unknown } } }).channelAdapter?.channel;
  if (!phoenix || typeof phoenix.trigger !== 'function') return false;
  (phoenix.trigger as (event: string, payload: unknown) => void).call(phoenix, 'phx_close', 'retired');
  instance.teardown();
  return true;
}

interface EmptyDisconnectLike {
  channels: unknown[];
  _cancelPendingDisconnect?: () => void;
  _schedulePendingDisconnect?: () => void;
}

/**
 * realtime-js closes the socket `disconnectOnEmptyChannelsAfterMs` after its last channel is
 * removed. A refused channel is removed while its subscribers still want it (it is recreated
 * after an auth change): keep the socket, or the manager would see a drop and reconnect.
 */
export function keepSocketWithoutChannels(realtime: RealtimeClient): void {
  const client = realtime as unknown as EmptyDisconnectLike;
  if (typeof client._cancelPendingDisconnect === 'function') client._cancelPendingDisconnect();
}

/** Let realtime-js close a socket that has no channels left (its usual deferred disconnect). */
export function releaseSocketWithoutChannels(realtime: RealtimeClient): void {
  const client = realtime as unknown as EmptyDisconnectLike;
  if (client.channels.length === 0 && typeof client._schedulePendingDisconnect === 'function') client._schedulePendingDisconnect();
}
