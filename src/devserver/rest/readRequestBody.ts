import type { IncomingMessage } from 'node:http';
import { RestError } from './restError';
import type { RpcBody } from './rpcRequest';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Reads a request body: JSON, except for a function call sent as `text/plain` or
 * `application/octet-stream`, which PostgREST hands whole to a single unnamed `text` or
 * `bytea` parameter.
 */
export async function readRequestBody(req: IncomingMessage, isRpc: boolean): Promise<RpcBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RestError(413, { code: 'PGRST102', message: 'Request body is larger than the dev server accepts (10 MB)' });
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (isRpc && type === 'text/plain') return { kind: 'text', value: raw.toString('utf8') };
  if (isRpc && type === 'application/octet-stream') return { kind: 'bytea', value: raw };
  const text = raw.toString('utf8');
  if (text.trim() === '') return { kind: 'json', value: undefined };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    throw new RestError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
  }
}
