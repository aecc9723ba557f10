import WebSocket from 'ws';

export interface SentFrame {
  topic: string;
  event: string;
}

/**
 * A `ws` transport that records every frame the client sends (topic and event), so a test can
 * assert exactly what went over the wire. Text frames are vsn 2.0.0 JSON arrays
 * `[join_ref, ref, topic, event, payload]`; binary frames (broadcasts) are recorded as `binary`.
 */
export function createFrameRecorder() {
  const sent: SentFrame[] = [];
  class RecordingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (typeof data === 'string') {
        const [, , topic, event] = JSON.parse(data) as [unknown, unknown, string, string];
        sent.push({ topic, event });
      } else {
        sent.push({ topic: '?', event: 'binary' });
      }
      (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest);
    }
  }
  return {
    transport: RecordingWebSocket,
    sent,
    /** Frames sent from index `from` on. */
    since: (from: number) => sent.slice(from),
  };
}
