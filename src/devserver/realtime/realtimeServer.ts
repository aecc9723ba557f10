import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { verifyJwt } from '../jwt';
import type { CloseFault, Database, DevServerChannelStats, DevServerLogger, JwtClaims, RowChange } from '../types';
import { canReadPrivateChannel } from './canReadPrivateChannel';
import { canWritePrivateChannel } from './canWritePrivateChannel';
import { deliverDatabaseMessage, isRealtimeMessage, readDatabaseMessage } from './databaseBroadcast';
import { dispatchChange } from './dispatchChange';
import { ExpiredTokens } from './expiredTokens';
import { expireChannel } from './joinChannel';
import { FaultState } from './faultState';
import { PresenceRegistry } from './presenceRegistry';
import type { Vsn } from './serializer';
import { SocketSession } from './socketSession';
import { StatsCounter } from './statsCounter';
import { fanOutBroadcast } from './channelEvents';
import type { BroadcastMessage, JoinedChannel, RealtimeHub, SocketPort } from './sessionContracts';

export interface RealtimeServerOptions {
  db: Database;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  logger: DevServerLogger;
  /**
   * Delay before a join error reply and a handshake error. The real server waits 5000 ms
   * (CHANNEL_ERROR_BACKOFF_MS) and 2000 ms; the dev server defaults to 50 ms so tests stay fast.
   */
  channelErrorBackoffMs?: number;
  /** Delay of the postgres_changes `system` ok after a join (default 0); see announceSubscribed. */
  readyDelayMs?: number;
}

/** Supabase Realtime over `ws`: handshake, sockets, topics, presence, change fan-out and faults. */
export class RealtimeServer implements RealtimeHub {
  readonly db: Database;
  readonly jwtSecret: string;
  readonly projectKeys: ReadonlySet<string>;
  readonly faults: FaultState;
  readonly stats = new StatsCounter();
  readonly expired = new ExpiredTokens();
  readonly presence = new PresenceRegistry();
  readonly logger: DevServerLogger;
  readonly channelErrorBackoffMs: number;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 3000 * 1024 });
  readonly #sockets = new Set<SocketSession>();
  readonly #topics = new Map<string, Set<JoinedChannel>>();
  readonly #unsubscribeChanges: () => void;
  #changes: Promise<void> = Promise.resolve();
  /** Handshake refusals waiting out their backoff; cleared on close. */
  readonly #pendingRefusals = new Set<{ timer: ReturnType<typeof setTimeout>; socket: Duplex }>();
  #closed = false;

  constructor(options: RealtimeServerOptions) {
    this.db = options.db;
    this.jwtSecret = options.jwtSecret;
    this.projectKeys = new Set([options.anonKey, options.serviceRoleKey]);
    this.logger = options.logger;
    this.channelErrorBackoffMs = options.channelErrorBackoffMs ?? 50;
    this.faults = new FaultState(options.readyDelayMs ?? 0);
    // Changes are dispatched one after another so every subscriber sees commit order,
    // even though each dispatch awaits RLS checks.
    this.#unsubscribeChanges = this.db.onChange((change) => {
      this.#changes = this.#changes
        .then(() => (this.#closed ? undefined : this.#dispatch(change)))
        .catch((error: unknown) => this.logger.error('realtime: change dispatch failed', { error: String(error) }));
    });
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  register(channel: JoinedChannel): void {
    let set = this.#topics.get(channel.key);
    if (!set) this.#topics.set(channel.key, (set = new Set()));
    set.add(channel);
  }

  unregister(channel: JoinedChannel): void {
    const set = this.#topics.get(channel.key);
    if (!set) return;
    set.delete(channel);
    if (set.size === 0) this.#topics.delete(channel.key);
  }

  channelsOn(topicKey: string): Iterable<JoinedChannel> {
    return [...(this.#topics.get(topicKey) ?? [])];
  }

  /** Private channels: RLS on `realtime.messages`, as on the real server (see canReadPrivateChannel). */
  canReadPrivate(claims: JwtClaims, subTopic: string): Promise<boolean> {
    return canReadPrivateChannel(this.db, claims, subTopic);
  }

  /** Private sends: INSERT policies on `realtime.messages` (see canWritePrivateChannel). */
  canWritePrivate(claims: JwtClaims, subTopic: string): Promise<boolean> {
    return canWritePrivateChannel(this.db, claims, subTopic);
  }

  /** Handles an HTTP upgrade for `/realtime/v1/websocket` (the caller checked the path). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed || this.faults.refusing()) {
      respond(socket, 503, { error: 'Realtime is restarting, please standby' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const vsnParam = url.searchParams.get('vsn') ?? '1.0.0';
    if (vsnParam !== '1.0.0' && vsnParam !== '2.0.0') {
      respond(socket, 400, { error: `Unsupported serializer version: ${vsnParam}` });
      return;
    }
    const header = req.headers['x-api-key'];
    const apikey = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? '';
    const fail = (message: string) => {
      // The real server also waits before a handshake error, so clients cannot hammer it.
      const pending = {
        socket,
        timer: setTimeout(() => {
          this.#pendingRefusals.delete(pending);
          respond(socket, 401, { error: message });
        }, this.channelErrorBackoffMs),
      };
      this.#pendingRefusals.add(pending);
    };
    if (!apikey) return void fail('API key is missing');
    const verified = verifyJwt(apikey, this.jwtSecret);
    if (!verified.ok) return void fail(verified.kind === 'expired' ? 'Token has expired' : verified.message);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.#closed) return void ws.terminate();
      const session = new SocketSession(ws, { vsn: vsnParam as Vsn, apikey, apikeyClaims: verified.claims, tcp: socket }, this);
      this.#sockets.add(session);
      ws.on('close', () => this.#sockets.delete(session));
    });
  }

  /** Closes every socket with `code`/`reason`, or drops them without a close frame when `abrupt`. */
  closeSockets(fault: CloseFault = {}): number {
    const sockets = [...this.#sockets];
    for (const s of sockets) s.close(fault.code ?? 1011, fault.reason ?? '', fault.abrupt === true);
    return sockets.length;
  }

  /** Makes every open socket half-open for `ms`, then drops it (see SocketSession.blackhole). */
  blackhole(ms: number): number {
    const sockets = [...this.#sockets].filter((s) => !s.blackholed && !s.closed);
    for (const s of sockets) s.blackhole(ms);
    return sockets.length;
  }

  /** Drops the connections of running blackholes now. */
  endBlackholes(): void {
    for (const s of [...this.#sockets]) if (s.blackholed) s.terminate();
  }

  /**
   * Stops every joined channel (or those on `topic`, e.g. `realtime:room`) as the real server
   * stops a channel: a `system` error with `reason`, then `phx_close`. The sockets stay open.
   */
  closeChannels(reason: string, topic?: string): number {
    const channels = [...this.#allChannels()].filter((c) => topic === undefined || c.topic === topic);
    for (const channel of channels) channel.socket.closeChannel(channel, { extension: 'system', message: reason });
    return channels.length;
  }

  /**
   * Treats every user token in use as expired: each channel joined with one gets the real
   * server's `system` error and `phx_close`, and later joins with it fail. The project's
   * anon and service_role keys are not user tokens and stay valid.
   */
  expireTokens(): number {
    let closed = 0;
    for (const channel of this.#allChannels()) {
      if (this.projectKeys.has(channel.token)) continue;
      this.expired.expire(channel.token);
      expireChannel(channel);
      closed++;
    }
    return closed;
  }

  /** A broadcast from the REST API: a JSON message, delivered to every channel on the topic. */
  broadcastFromRest(subTopic: string, isPrivate: boolean, message: BroadcastMessage): void {
    const topic = `realtime:${subTopic}`;
    fanOutBroadcast(this, isPrivate ? `private:${topic}` : topic, message);
  }

  channelStats(): DevServerChannelStats[] {
    const counts = new Map<string, Set<SocketPort>>();
    for (const channels of this.#topics.values()) {
      for (const c of channels) {
        let sockets = counts.get(c.topic);
        if (!sockets) counts.set(c.topic, (sockets = new Set()));
        sockets.add(c.socket);
      }
    }
    return [...counts].map(([topic, sockets]) => ({ topic, subscribers: sockets.size })).sort((a, b) => a.topic.localeCompare(b.topic));
  }

  /** Waits until every change received so far has been dispatched. */
  async drainChanges(): Promise<void> {
    await this.#changes;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribeChanges();
    for (const { timer, socket } of this.#pendingRefusals) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.#pendingRefusals.clear();
    for (const s of [...this.#sockets]) s.terminate();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await this.#changes;
  }

  /** Rows inserted into `realtime.messages` are Broadcast from Database; the rest are postgres_changes. */
  async #dispatch(change: RowChange): Promise<void> {
    if (!isRealtimeMessage(change)) return dispatchChange(this.db, this.#allChannels(), change);
    const message = readDatabaseMessage(change.record);
    if (message) deliverDatabaseMessage(this, message);
  }

  *#allChannels(): Iterable<JoinedChannel> {
    for (const set of this.#topics.values()) yield* [...set];
  }
}

/** Answers an upgrade request with plain HTTP and JSON `{error}` (the real handshake errors). */
function respond(socket: Duplex, status: number, body: unknown): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${text}`,
  );
}
