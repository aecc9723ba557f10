import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRefreshFaultStatus } from '../auth/refreshFaults';
import { isSendableCloseCode } from '../realtime/faultState';
import type { DevServerFaults, DevServerStats } from '../types';
import { BadRequestError, readJsonBody } from './readJsonBody';
import { sendJson } from './sendJson';

export const DEV_ROUTES_PREFIX = '/__devserver/';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Whether the request comes from this machine (the fault routes are not for the network). */
export const isLoopback = (req: IncomingMessage) => LOOPBACK.has(req.socket.remoteAddress ?? '');

type Body = Record<string, unknown>;

function duration(body: Body, route: string): number {
  const ms = body.ms;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new BadRequestError(`${route} needs {"ms": <milliseconds ≥ 0>}, got ${JSON.stringify(body.ms ?? null)}.`);
  }
  return ms;
}

const FAULTS: Record<string, (faults: DevServerFaults, body: Body) => Record<string, unknown> | Promise<Record<string, unknown>>> = {
  close(faults, body) {
    const { code, reason, abrupt } = body;
    if (code !== undefined && (typeof code !== 'number' || !isSendableCloseCode(code))) {
      throw new BadRequestError(`close: "code" must be a WebSocket close code a server may send (1000–1003, 1007–1014, 3000–4999), got ${JSON.stringify(code)}.`);
    }
    if (reason !== undefined && (typeof reason !== 'string' || Buffer.byteLength(reason) > 123)) {
      throw new BadRequestError('close: "reason" must be a string of at most 123 bytes.');
    }
    if (abrupt !== undefined && typeof abrupt !== 'boolean') throw new BadRequestError('close: "abrupt" must be true or false.');
    faults.close({ code: code as number | undefined, reason: reason as string | undefined, abrupt: abrupt as boolean | undefined });
    return {};
  },
  'stall-heartbeats': (faults, body) => (faults.stallHeartbeats(duration(body, 'stall-heartbeats')), {}),
  'delay-heartbeats': (faults, body) => (faults.delayHeartbeats(duration(body, 'delay-heartbeats')), {}),
  refuse: (faults, body) => (faults.refuse(duration(body, 'refuse')), {}),
  latency: (faults, body) => (faults.latency(duration(body, 'latency')), {}),
  'fail-joins'(faults, body) {
    const { count, reason } = body;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new BadRequestError(`fail-joins needs {"count": <integer ≥ 0>, "reason"?: string}, got count ${JSON.stringify(count ?? null)}.`);
    }
    if (reason !== undefined && typeof reason !== 'string') throw new BadRequestError('fail-joins: "reason" must be a string.');
    faults.failJoins(count, reason as string | undefined);
    return {};
  },
  'expire-tokens': (faults) => (faults.expireTokens(), {}),
  'fail-refresh'(faults, body) {
    const { count, status } = body;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new BadRequestError(`fail-refresh needs {"count": <integer ≥ 0>, "status"?: 400 | 500–599}, got count ${JSON.stringify(count ?? null)}.`);
    }
    if (status !== undefined && !isRefreshFaultStatus(status)) {
      throw new BadRequestError(`fail-refresh: "status" must be 400 (refresh_token_not_found) or 500–599 (retried by auth-js), got ${JSON.stringify(status)}.`);
    }
    faults.failRefresh(count, status);
    return {};
  },
  'revoke-sessions': async (faults) => (await faults.revokeSessions(), {}),
  blackhole: (faults, body) => ({ sockets: faults.blackhole(duration(body, 'blackhole')) }),
  'close-channels'(faults, body) {
    const { reason, topic } = body;
    if (typeof reason !== 'string' || reason === '') {
      throw new BadRequestError(`close-channels needs {"reason": <non-empty string>, "topic"?: "room" | "realtime:room"}, got reason ${JSON.stringify(reason ?? null)}.`);
    }
    if (topic !== undefined && (typeof topic !== 'string' || topic === '' || topic === 'realtime:')) {
      throw new BadRequestError(`close-channels: "topic" must be a channel name such as "room" or "realtime:room", got ${JSON.stringify(topic)}.`);
    }
    return { channels: faults.closeChannels(reason, topic as string | undefined) };
  },
  'fail-bindings'(faults, body) {
    const { count, message } = body;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new BadRequestError(`fail-bindings needs {"count": <integer ≥ 0>, "message"?: string}, got count ${JSON.stringify(count ?? null)}.`);
    }
    if (message !== undefined && (typeof message !== 'string' || message === '')) throw new BadRequestError('fail-bindings: "message" must be a non-empty string.');
    faults.failBindings(count, message as string | undefined);
    return {};
  },
  'ready-delay': (faults, body) => (faults.readyDelay(duration(body, 'ready-delay')), {}),
  reset: (faults) => (faults.reset(), {}),
};

/**
 * `/__devserver/faults/*` (POST, JSON body) and `GET /__devserver/stats`, for tests and the
 * Storybook chaos panel. The caller has checked dev mode and loopback.
 */
export async function handleDevRoutes(
  server: { faults: DevServerFaults; stats(): DevServerStats },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = url.pathname.slice(DEV_ROUTES_PREFIX.length);
  if (route === 'stats') {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET /__devserver/stats.' });
    return sendJson(res, 200, server.stats());
  }
  const fault = route.startsWith('faults/') ? FAULTS[route.slice('faults/'.length)] : undefined;
  if (!fault) {
    return sendJson(res, 404, { error: `Unknown dev route ${url.pathname}. Fault routes: ${Object.keys(FAULTS).map((f) => `/__devserver/faults/${f}`).join(', ')}; stats: /__devserver/stats.` });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: `Use POST ${url.pathname} with a JSON body.` });
  try {
    const body = await readJsonBody(req);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The body must be a JSON object.');
    return sendJson(res, 200, { ok: true, ...(await fault(server.faults, body as Body)) });
  } catch (error) {
    if (error instanceof BadRequestError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
