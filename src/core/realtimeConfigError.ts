import { redactSecrets } from './errors/redactSecrets';

/** Codes of the configuration errors the manager and hooks throw before anything reaches the server. */
export type RealtimeConfigErrorCode =
  | 'invalid-filter'
  | 'invalid-option'
  | 'channel-limit'
  | 'channel-conflict'
  | 'missing-provider'
  | 'manager-destroyed'
  | 'manager-exists'
  | 'unsupported-client';

/**
 * Bad input, reported before the server would reject it. `message` says what was wrong
 * and how to fix it; it never contains a token or an API key.
 */
export class RealtimeConfigError extends Error {
  readonly code: RealtimeConfigErrorCode;

  constructor(code: RealtimeConfigErrorCode, message: string) {
    // Messages quote the offending input, which may be a token pasted into the wrong option.
    super(redactSecrets(message));
    this.name = 'RealtimeConfigError';
    this.code = code;
  }
}
