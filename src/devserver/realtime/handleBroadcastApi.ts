import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, BadRequestError } from '../http/readJsonBody';
import { sendJson } from '../http/sendJson';
import { verifyJwt } from '../jwt';
import type { JwtClaims } from '../types';
import type { RealtimeServer } from './realtimeServer';

const BROADCAST_PATH = '/realtime/v1/api/broadcast';

/** Whether `pathname` belongs to the REST broadcast API. */
export const isBroadcastApiPath = (pathname: string) => pathname === BROADCAST_PATH || pathname.startsWith(`${BROADCAST_PATH}/`);

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
}

/**
 * `POST /realtime/v1/api/broadcast` (`{messages:[{topic, event, payload, private}]}`) and
 * `POST /realtime/v1/api/broadcast/:topic/events/:event` (body = payload, `?private=true`),
 * as realtime-js's send() fallback and httpSend() call them. Both answer 202 with an empty
 * body; private messages the caller may not read are dropped, as on the real server.
 */
export async function handleBroadcastApi(realtime: RealtimeServer, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST for the broadcast API.' });
  const apikeyHeader = req.headers.apikey;
  const apikey = (Array.isArray(apikeyHeader) ? apikeyHeader[0] : apikeyHeader) ?? url.searchParams.get('apikey') ?? '';
  if (!apikey) return sendJson(res, 401, { error: 'API key is missing' });
  const key = verifyJwt(apikey, realtime.jwtSecret);
  if (!key.ok) return sendJson(res, 401, { error: key.message });
  let claims: JwtClaims = key.claims;
  const token = bearer(req);
  if (token && token !== apikey) {
    const user = verifyJwt(token, realtime.jwtSecret);
    if (!user.ok) return sendJson(res, 401, { error: user.message });
    claims = user.claims;
  }

  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    if (error instanceof BadRequestError) return sendJson(res, 400, { error: error.message });
    throw error;
  }

  const rest = url.pathname.slice(BROADCAST_PATH.length);
  const messages: { topic: string; event: string; payload: unknown; private: boolean }[] = [];
  if (rest === '' || rest === '/') {
    const list = (body as { messages?: unknown } | undefined)?.messages;
    if (!Array.isArray(list)) return sendJson(res, 400, { error: 'Body must be {"messages": [{"topic", "event", "payload", "private"?}]}.' });
    for (const [i, m] of list.entries()) {
      const msg = (m ?? {}) as Record<string, unknown>;
      if (typeof msg.topic !== 'string' || typeof msg.event !== 'string') {
        return sendJson(res, 400, { error: `messages[${i}] needs a string "topic" and a string "event".` });
      }
      messages.push({ topic: msg.topic, event: msg.event, payload: msg.payload ?? {}, private: msg.private === true });
    }
  } else {
    const match = /^\/([^/]+)\/events\/([^/]+)$/.exec(rest);
    if (!match) return sendJson(res, 404, { error: 'Not found. Use /realtime/v1/api/broadcast/:topic/events/:event.' });
    messages.push({
      topic: decodeURIComponent(match[1]!),
      event: decodeURIComponent(match[2]!),
      payload: body,
      private: url.searchParams.get('private') === 'true',
    });
  }

  for (const m of messages) {
    if (m.private && !(await realtime.canReadPrivate(claims, m.topic))) continue;
    realtime.broadcastFromRest(m.topic, m.private, { event: m.event, payload: m.payload });
  }
  res.writeHead(202, { 'Content-Length': '0' });
  res.end();
}
