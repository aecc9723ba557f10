import type { IncomingMessage } from 'node:http';

/** Thrown for a body that is not the JSON a route expects; routes answer it with 400. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** Reads a JSON body (empty means `{}`), at most `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit = 3 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BadRequestError(`Request body is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('Request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
  }
}
