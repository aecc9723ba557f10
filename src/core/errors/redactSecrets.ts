/**
 * Patterns for credentials that must never reach a log line: JWTs (user tokens and legacy
 * anon/service keys), new-style `sb_publishable_…`/`sb_secret_…` keys, bearer headers and
 * key/token query parameters.
 */
const secretPatterns: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g,
  /\bBearer\s+[^\s,;"']+/gi,
  /\b(apikey|api_key|access_token|refresh_token|token|key|password|secret)(["']?\s*[=:]\s*["']?)[^\s&,;"']+/gi,
  /sb_[A-Za-z0-9_-]+/g,
];

/** Replaces anything that looks like a token or API key with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of secretPatterns) {
    out = out.replace(pattern, (match, name?: unknown, sep?: unknown) =>
      typeof name === 'string' && typeof sep === 'string' ? `${name}${sep}[redacted]` : '[redacted]',
    );
  }
  return out;
}
