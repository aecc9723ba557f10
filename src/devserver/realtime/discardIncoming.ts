import type { Duplex } from 'node:stream';

/**
 * Makes a connection half-open from the server's side: bytes from the client are still read
 * off the TCP socket (so the client's writes succeed and nothing backs up) but reach nobody.
 * `ws` parses frames in its `data` listener; removing it means no heartbeat reply, no
 * automatic pong and no answer to a close frame, as when the peer's network silently died.
 */
export function discardIncoming(tcp: Duplex): void {
  tcp.removeAllListeners('data');
  tcp.on('data', () => {});
}
