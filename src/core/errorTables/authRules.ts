import { rule, type ErrorRule } from './errorRule';

/** Supabase Auth (auth-js / GoTrue) error codes (`AuthApiError.code`). */
export const authCodeRules: Readonly<Record<string, ErrorRule>> = {
  session_expired: rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.', 'session_expired'),
  session_not_found: rule('auth', false, 'reauthenticate', 'Your session has ended. Please sign in again.', 'session_not_found'),
  refresh_token_not_found: rule('auth', false, 'reauthenticate', 'Your session has ended. Please sign in again.', 'refresh_token_not_found'),
  refresh_token_already_used: rule('auth', false, 'reauthenticate', 'Your session has ended. Please sign in again.', 'refresh_token_already_used'),
  bad_jwt: rule('auth', false, 'reauthenticate', 'Your session is not valid. Please sign in again.', 'bad_jwt'),
  no_authorization: rule('auth', false, 'reauthenticate', 'Please sign in to continue.', 'no_authorization'),
  invalid_credentials: rule('auth', false, 'fix-data', 'The email or password is not correct.', 'invalid_credentials'),
  user_banned: rule('permission', false, 'contact-admin', 'This account is blocked.', 'user_banned'),
  user_not_found: rule('not-found', false, 'none', 'No account was found.', 'user_not_found'),
  over_request_rate_limit: rule('rate-limit', true, 'retry', 'Too many attempts. Please wait a moment and try again.', 'over_request_rate_limit'),
  over_email_send_rate_limit: rule('rate-limit', true, 'retry', 'Too many emails were sent. Please wait a moment.', 'over_email_send_rate_limit'),
  over_sms_send_rate_limit: rule('rate-limit', true, 'retry', 'Too many messages were sent. Please wait a moment.', 'over_sms_send_rate_limit'),
};

/** supabase-js error class names that say enough on their own. */
export const errorNameRules: Readonly<Record<string, ErrorRule>> = {
  AuthSessionMissingError: rule('auth', false, 'reauthenticate', 'Please sign in to continue.', 'session_missing'),
  AuthRetryableFetchError: rule('connection', true, 'check-network', 'You appear to be offline. Check your network and try again.', 'network_error'),
  FunctionsFetchError: rule('connection', true, 'check-network', 'You appear to be offline. Check your network and try again.', 'network_error'),
  FunctionsRelayError: rule('connection', true, 'retry', 'The service is unreachable. Please try again.', 'relay_error'),
  StorageUnknownError: rule('connection', true, 'check-network', 'You appear to be offline. Check your network and try again.', 'network_error'),
};
