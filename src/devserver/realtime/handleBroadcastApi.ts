import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/sendJson';
import { verifyJwt } from '../jwt';
import type { JwtClaims } from '../types';
import type { RealtimeServer } from './realtimeServer';
import type { BroadcastMessage } from './sessionContracts';

const BROADCAST_PATH = '/realtime/v1/api/broadcast';
const BODY_LIMIT = 3 * 1024 * 1024;
const UNAUTHORIZED = { message: 'Unauthorized' };

/** Whether `pathname` belongs to the REST broadcast API. */
export const isBroadcastApiPath = (pathname: string) => pathname === BROADCAST_PATH || pathname.startsWith(`${BROADCAST_PATH}/`);

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `Authorization: Bearer …`, else the `apikey` header (or the `?apikey=` realtime-js copies from the socket URL). */
function requestToken(req: IncomingMessage, url: URL): string {
  const auth = header(req, 'authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return header(req, 'apikey') ?? url.searchParams.get('apikey') ?? '';
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * `POST /realtime/v1/api/broadcast` (`{messages:[{topic, event, payload, private?, id?}]}`) and
 * `POST /realtime/v1/api/broadcast/:topic/events/:event[?private=true]` (body = the payload),
 * as realtime-js's send() fallback and httpSend() call them, with the real server's statuses
 * (docs/broadcast-from-database.md): 202 and an empty body on success; 401 `Unauthorized` for
 * a bad token; 422 for invalid messages. Private messages need the INSERT policies: the batch
 * endpoint skips refused ones and still answers 202, the single one answers 403.
 */
export async function handleBroadcastApi(realtime: RealtimeServer, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { message: 'Use POST for the broadcast API.' });
  const verified = verifyJwt(requestToken(req, url), realtime.jwtSecret);
  if (!verified.ok) return sendJson(res, 401, UNAUTHORIZED);
  const claims = verified.claims;
  const rest = url.pathname.slice(BROADCAST_PATH.length);
  if (rest === '' || rest === '/') return batchBroadcast(realtime, claims, req, res);
  const match = /^\/([^/]+)\/events\/([^/]+)\/?$/.exec(rest);
  if (!match) return sendJson(res, 404, { message: 'Not found. Use /realtime/v1/api/broadcast/:topic/events/:event.' });
  return singleBroadcast(realtime, claims, req, res, {
    topic: decodeURIComponent(match[1]!),
    event: decodeURIComponent(match[2]!),
    isPrivate: url.searchParams.get('private') === 'true',
  });
}

async function batchBroadcast(realtime: RealtimeServer, claims: JwtClaims, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  if (!raw) return sendJson(res, 413, { message: `Request body is larger than ${BODY_LIMIT} bytes.` });
  let body: unknown;
  try {
    body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    return sendJson(res, 400, { message: 'Request body is not valid JSON. Send {"messages": [{"topic", "event", "payload"}]}.' });
  }
  const list = isMap(body) ? body.messages : undefined;
  if (!Array.isArray(list)) return sendJson(res, 422, { errors: { messages: [list === undefined ? "can't be blank" : 'is invalid'] } });
  // Ecto-style errors: one entry per message, empty for the valid ones.
  const errors = list.map((m) => {
    const e: Record<string, string[]> = {};
    const msg = isMap(m) ? m : {};
    for (const field of ['topic', 'event'] as const) {
      if (msg[field] === undefined || msg[field] === null || msg[field] === '') e[field] = ["can't be blank"];
      else if (typeof msg[field] !== 'string') e[field] = ['is invalid'];
    }
    if (msg.payload === undefined || msg.payload === null) e.payload = ["can't be blank"];
    else if (!isMap(msg.payload)) e.payload = ['is invalid'];
    if (msg.private !== undefined && typeof msg.private !== 'boolean') e.private = ['is invalid'];
    return e;
  });
  if (errors.some((e) => Object.keys(e).length > 0)) return sendJson(res, 422, { errors: { messages: errors } });

  const writable = new Map<string, Promise<boolean>>(); // per topic, like the real server's grouping
  for (const m of list as Record<string, unknown>[]) {
    const topic = m.topic as string;
    const isPrivate = m.private === true;
    if (isPrivate) {
      if (!writable.has(topic)) writable.set(topic, realtime.canWritePrivate(claims, topic));
      if (!(await writable.get(topic))) continue;
    }
    const message: BroadcastMessage = { event: m.event as string, payload: m.payload };
    if (typeof m.id === 'string') message.meta = { id: m.id };
    realtime.broadcastFromRest(topic, isPrivate, message);
  }
  res.writeHead(202, { 'Content-Length': '0' });
  res.end();
}

async function singleBroadcast(
  realtime: RealtimeServer,
  claims: JwtClaims,
  req: IncomingMessage,
  res: ServerResponse,
  target: { topic: string; event: string; isPrivate: boolean },
): Promise<void> {
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && type !== 'application/json' && type !== 'application/octet-stream') {
    return sendJson(res, 415, { error: 'Unsupported Media Type. Use application/json or application/octet-stream' });
  }
  const raw = await readBody(req);
  if (!raw) return sendJson(res, 413, { message: `Request body is larger than ${BODY_LIMIT} bytes.` });
  let message: BroadcastMessage;
  if (type === 'application/octet-stream') {
    const bytes = new Uint8Array(raw);
    message = { event: target.event, payload: bytes, binary: { encoding: 'binary', bytes } };
  } else {
    let payload: unknown;
    try {
      payload = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      return sendJson(res, 422, { errors: { payload: ['is invalid'] } });
    }
    // No meta: the real server sends these as a kind-4 frame without metadata.
    message = { event: target.event, payload, binary: { encoding: 'json', bytes: new TextEncoder().encode(JSON.stringify(payload)) } };
  }
  if (target.isPrivate && !(await realtime.canWritePrivate(claims, target.topic))) return sendJson(res, 403, UNAUTHORIZED);
  realtime.broadcastFromRest(target.topic, target.isPrivate, message);
  res.writeHead(202, { 'Content-Length': '0' });
  res.end();
}
