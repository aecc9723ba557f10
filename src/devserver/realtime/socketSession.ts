import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { JwtClaims } from '../types';
import { discardIncoming } from './discardIncoming';
import { handleAccessToken, handleBroadcast, handlePresence } from './channelEvents';
import { joinChannel } from './joinChannel';
import { Outbox } from './outbox';
import type { PresenceDiff } from './presenceRegistry';
import { decodeFrame, encodeBroadcastBinary, encodeFrame, type InboundFrame, type OutboundFrame, type Vsn } from './serializer';
import type { BroadcastMessage, JoinedChannel, RealtimeHub, SocketPort } from './sessionContracts';


/**
 * One WebSocket connection: decodes frames, answers heartbeats, routes channel events and
 * owns the socket's channels, timers and ordered outbox.
 */
export class SocketSession implements SocketPort {
  readonly vsn: Vsn;
  /** The handshake's apikey (a JWT); channels that join without `access_token` use its claims. */
  readonly apikey: string;
  readonly apikeyClaims: JwtClaims;
  readonly hub: RealtimeHub;
  readonly channels = new Map<string, JoinedChannel>();
  /** The latest join ref per topic while a join is being checked (a newer join supersedes it). */
  readonly joining = new Map<string, string | null>();
  readonly #ws: WebSocket;
  /** The TCP connection under `#ws`, for the blackhole fault. */
  readonly #tcp: Duplex;
  readonly #outbox: Outbox;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;
  #blackholed = false;

  constructor(ws: WebSocket, init: { vsn: Vsn; apikey: string; apikeyClaims: JwtClaims; tcp: Duplex }, hub: RealtimeHub) {
    this.#ws = ws;
    this.#tcp = init.tcp;
    this.vsn = init.vsn;
    this.apikey = init.apikey;
    this.apikeyClaims = init.apikeyClaims;
    this.hub = hub;
    ws.binaryType = 'nodebuffer';
    this.#outbox = new Outbox((data) => {
      if (ws.readyState !== ws.OPEN) return;
      hub.stats.framesOut++;
      ws.send(data);
    });
    ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  get closed(): boolean {
    return this.#closed;
  }

  get blackholed(): boolean {
    return this.#blackholed;
  }

  /**
   * Half-open from now on (a laptop that slept, a background tab): nothing is sent, frames
   * from the client are read and discarded, no close frame either way. After `ms` the TCP
   * connection is destroyed without a close frame, so the client finally sees 1006.
   */
  blackhole(ms: number): void {
    if (this.#closed || this.#blackholed) return;
    this.#blackholed = true;
    this.#outbox.close(); // frames already queued (latency fault) are lost too
    discardIncoming(this.#tcp);
    this.later(ms, () => this.terminate());
  }

  push(frame: OutboundFrame): void {
    this.#outbox.send(encodeFrame(frame, this.vsn), this.hub.faults.latencyMs);
  }

  reply(frame: InboundFrame, status: 'ok' | 'error', response: unknown): void {
    this.push({ joinRef: frame.joinRef, ref: frame.ref, topic: frame.topic, event: 'phx_reply', payload: { status, response } });
  }

  /** Runs `fn` after `ms`, unless the socket closes first. */
  later(ms: number, fn: () => void): void {
    if (ms <= 0) return void queueMicrotask(() => !this.#closed && fn());
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) fn();
    }, ms);
    this.#timers.add(timer);
  }

  sendSystem(channel: JoinedChannel, extension: string, status: 'ok' | 'error', message: string): void {
    this.push({
      joinRef: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: 'system',
      payload: { extension, status, message, channel: channel.subTopic },
    });
  }

  /**
   * Binary kind 4 to vsn 2 clients when the message arrived as binary (kind 3), else a
   * text frame; vsn 1 clients never get binary, and binary payloads are dropped for them.
   */
  sendBroadcast(channel: JoinedChannel, message: BroadcastMessage): void {
    const { binary } = message;
    if (binary && this.vsn === '2.0.0') {
      const fits = [channel.topic, message.event].every((s) => Buffer.byteLength(s) <= 255);
      const metaFits = message.meta === undefined || Buffer.byteLength(JSON.stringify(message.meta)) <= 255;
      if (fits && metaFits) {
        this.#outbox.send(encodeBroadcastBinary(channel.topic, message.event, binary, message.meta), this.hub.faults.latencyMs);
        return;
      }
    }
    if (binary?.encoding === 'binary') return;
    const payload: Record<string, unknown> = { type: 'broadcast', event: message.event, payload: message.payload };
    if (message.meta !== undefined) payload.meta = message.meta;
    this.push({ joinRef: null, ref: null, topic: channel.topic, event: 'broadcast', payload });
  }

  sendPresenceDiff(channel: JoinedChannel, diff: PresenceDiff): void {
    this.push({ joinRef: null, ref: null, topic: channel.topic, event: 'presence_diff', payload: diff });
  }

  /** Stops a channel from the server side: optional `system` error, then `phx_close` (docs/realtime-protocol.md, "Channel close and refusal"). */
  closeChannel(channel: JoinedChannel, system?: { extension: string; message: string }): void {
    if (channel.closed) return;
    if (system) this.sendSystem(channel, system.extension, 'error', system.message);
    this.push({ joinRef: channel.joinRef, ref: channel.joinRef, topic: channel.topic, event: 'phx_close', payload: {} });
    this.removeChannel(channel);
  }

  /** Forgets a channel: registry, timers and presence (others get the leave diff). */
  removeChannel(channel: JoinedChannel): void {
    if (channel.closed) return;
    channel.closed = true;
    channel.clearExpiry();
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
    this.hub.unregister(channel);
    const diff = this.hub.presence.untrack(channel.key, channel.presenceKey, channel);
    if (diff) {
      for (const other of this.hub.channelsOn(channel.key)) {
        if (other.presenceEnabled) other.socket.sendPresenceDiff(other, diff);
      }
    }
  }

  /** Closes the WebSocket with a close frame, or drops the TCP connection when `abrupt`. */
  close(code: number, reason: string, abrupt = false): void {
    if (abrupt) this.#ws.terminate();
    else if (this.#blackholed) return; // a half-open connection carries no close frame
    else this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
    this.dispose();
  }

  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#outbox.close();
    for (const channel of [...this.channels.values()]) this.removeChannel(channel);
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    this.hub.stats.framesIn++;
    const frame = decodeFrame(data, isBinary, this.vsn);
    if (!frame) {
      this.hub.logger.warn('realtime: dropped an undecodable frame');
      return;
    }
    if (frame.topic === 'phoenix' && frame.event === 'heartbeat') {
      // A stalled heartbeat is simply not answered: the client's own timeout does the rest.
      if (this.hub.faults.heartbeatsStalled()) return;
      const delay = this.hub.faults.heartbeatDelayMs;
      if (delay > 0) this.later(delay, () => this.reply(frame, 'ok', {}));
      else this.reply(frame, 'ok', {});
      return;
    }
    if (frame.event === 'phx_join') {
      void joinChannel(this, frame).catch((error: unknown) => {
        this.hub.logger.error('realtime: join failed', { topic: frame.topic, error: String(error) });
        this.reply(frame, 'error', { reason: 'Unknown Error on Channel' });
      });
      return;
    }
    const channel = this.channels.get(frame.topic);
    if (frame.event === 'phx_leave') {
      this.hub.stats.leaves++;
      this.joining.delete(frame.topic); // a join still being checked is abandoned
      this.reply(frame, 'ok', {});
      if (channel) this.closeChannel(channel);
      return;
    }
    if (!channel) {
      this.reply(frame, 'error', { reason: 'unmatched topic' });
      return;
    }
    switch (frame.event) {
      case 'broadcast':
        return handleBroadcast(this, channel, frame);
      case 'presence':
        return handlePresence(this, channel, frame);
      case 'access_token':
        return void handleAccessToken(this, channel, frame).catch((error: unknown) =>
          this.hub.logger.error('realtime: access_token failed', { topic: frame.topic, error: String(error) }),
        );
      default:
        this.hub.logger.debug?.('realtime: ignored event', { topic: frame.topic, event: frame.event });
    }
  }
}
