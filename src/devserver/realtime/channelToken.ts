import { verifyJwt } from '../jwt';
import type { JwtClaims } from '../types';
import type { ExpiredTokens } from './expiredTokens';

export type ChannelTokenCheck =
  | { ok: true; claims: JwtClaims }
  | {
      ok: false;
      /** Join error reason with its code, e.g. `InvalidJWTToken: Token has expired 3 seconds ago`. */
      reason: string;
      /** The same without the code, as `system` shutdown messages carry it. */
      message: string;
    };

const CODES = {
  malformed: 'MalformedJWT',
  signature: 'JwtSignatureError',
  claims: 'InvalidJWTToken',
  expired: 'InvalidJWTToken',
} as const;

/** Verifies a channel's token the way the real server's join and `confirm_token` do (docs/realtime-protocol.md, "Join refusals" and "Tokens"). */
export function checkChannelToken(token: string, secret: string, expired: ExpiredTokens): ChannelTokenCheck {
  const result = verifyJwt(token, secret);
  if (!result.ok) return { ok: false, reason: `${CODES[result.kind]}: ${result.message}`, message: result.message };
  const ago = expired.secondsAgo(token);
  if (ago !== undefined) {
    const message = `Token has expired ${ago} seconds ago`;
    return { ok: false, reason: `InvalidJWTToken: ${message}`, message };
  }
  return result;
}
