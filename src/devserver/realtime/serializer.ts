/**
 * Phoenix frame encoding for both protocol versions (docs/realtime-protocol.md, "Frames"):
 * vsn 1.0.0 JSON objects, vsn 2.0.0 JSON arrays, and the vsn 2.0.0 binary broadcast
 * frames (kind 3 from the client, kind 4 to the client).
 */

export type Vsn = '1.0.0' | '2.0.0';

/** A decoded frame from the client. */
export interface InboundFrame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
  /** Set for a kind-3 binary broadcast: the user payload's encoding (so fan-out can keep it). */
  binary?: { encoding: 'json' | 'binary'; bytes: Uint8Array };
}

/** A frame to send; `payload` must be JSON-serialisable. */
export interface OutboundFrame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Decodes a text or binary frame; undefined when it is not a valid Phoenix message. */
export function decodeFrame(data: Buffer | string, isBinary: boolean, vsn: Vsn): InboundFrame | undefined {
  if (isBinary) return vsn === '2.0.0' ? decodeBroadcastPush(typeof data === 'string' ? Buffer.from(data) : data) : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    return undefined;
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string') return undefined;
    return { joinRef: str(joinRef), ref: str(ref), topic, event, payload };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const m = parsed as Record<string, unknown>;
  if (typeof m.topic !== 'string' || typeof m.event !== 'string') return undefined;
  return { joinRef: str(m.join_ref), ref: str(m.ref), topic: m.topic, event: m.event, payload: m.payload };
}

function decodeBroadcastPush(buf: Buffer): InboundFrame | undefined {
  if (buf.length < 7 || buf[0] !== KIND_USER_BROADCAST_PUSH) return undefined;
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, enc] = [buf[1]!, buf[2]!, buf[3]!, buf[4]!, buf[5]!, buf[6]!];
  let offset = 7;
  const take = (n: number) => {
    const out = buf.subarray(offset, offset + n);
    offset += n;
    return decoder.decode(out);
  };
  const joinRef = take(joinRefLen);
  const ref = take(refLen);
  const topic = take(topicLen);
  const event = take(eventLen);
  const metaText = take(metaLen);
  if (offset > buf.length) return undefined;
  const bytes = new Uint8Array(buf.subarray(offset));
  let userPayload: unknown;
  if (enc === 1) {
    try {
      userPayload = JSON.parse(decoder.decode(bytes));
    } catch {
      return undefined;
    }
  } else userPayload = bytes;
  const payload: Record<string, unknown> = { type: 'broadcast', event, payload: userPayload };
  if (metaText) {
    try {
      payload.meta = JSON.parse(metaText);
    } catch {
      /* ignore malformed meta */
    }
  }
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload,
    binary: { encoding: enc === 1 ? 'json' : 'binary', bytes },
  };
}

/** Encodes a text frame. vsn 1.0.0 sends only topic, event, payload and ref, like Phoenix's V1 serializer. */
export function encodeFrame(frame: OutboundFrame, vsn: Vsn): string {
  if (vsn === '2.0.0') return JSON.stringify([frame.joinRef, frame.ref, frame.topic, frame.event, frame.payload]);
  return JSON.stringify({ topic: frame.topic, event: frame.event, payload: frame.payload, ref: frame.ref });
}

/** Kind-4 binary broadcast for vsn 2.0.0 clients: header, topic, event, meta, payload. */
export function encodeBroadcastBinary(
  topic: string,
  event: string,
  payload: { encoding: 'json' | 'binary'; bytes: Uint8Array },
  meta?: unknown,
): Buffer {
  const t = encoder.encode(topic);
  const e = encoder.encode(event);
  const m = meta === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(meta));
  const header = Buffer.from([KIND_USER_BROADCAST, t.length, e.length, m.length, payload.encoding === 'json' ? 1 : 0]);
  return Buffer.concat([header, t, e, m, payload.bytes]);
}
