/**
 * An error the auth routes answer with GoTrue's status, `error_code` and message
 * (supabase/auth `internal/api/apierrors`), e.g. 400 `invalid_credentials`.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra body fields, e.g. `weak_password: { reasons }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
export const validationFailed = (message: string) => new AuthError(400, 'validation_failed', message);
export const sessionNotFound = () => new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
export const refreshTokenNotFound = () => new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
export const refreshTokenAlreadyUsed = () => new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
export const unexpectedFailure = (status = 500) =>
  new AuthError(status, 'unexpected_failure', 'Unexpected failure, please check server logs for more information');

/** GoTrue's password rules with its defaults: 6 to 72 characters. */
export function checkPassword(password: unknown, missingMessage: string): string {
  if (typeof password !== 'string' || password === '') throw validationFailed(missingMessage);
  if (password.length > 72) throw validationFailed('Password cannot be longer than 72 characters');
  if (password.length < 6) {
    throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', { weak_password: { reasons: ['length'] } });
  }
  return password;
}
