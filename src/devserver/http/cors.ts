import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers supabase-js and Storybook send across origins. */
export const CORS_ALLOW_HEADERS =
  'apikey, authorization, content-type, x-client-info, prefer, accept-profile, content-profile, range, x-api-key, x-upsert, x-supabase-api-version';

/**
 * Adds CORS headers to every response, and answers preflights itself. Browsers call the
 * dev server from another port (Storybook, a Vite app), so REST, the broadcast API and the
 * fault routes all need them. Returns true when the request was a preflight (already answered).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'content-range, content-profile, preference-applied, location');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': '86400',
    'Content-Length': '0',
  });
  res.end();
  return true;
}
