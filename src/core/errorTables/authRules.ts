import { rule, type ErrorRule } from './errorRule';

/** Supabase Auth (auth-js / GoTrue) error codes (`AuthApiError.code`). */
export const authCodeRules: Readonly<Record<string, ErrorRule>> = {
  session_expired: rule('auth', false, 'reauthenticate', 'session_expired'),
  session_not_found: rule('auth', false, 'reauthenticate', 'session_not_found'),
  refresh_token_not_found: rule('auth', false, 'reauthenticate', 'refresh_token_not_found'),
  refresh_token_already_used: rule('auth', false, 'reauthenticate', 'refresh_token_already_used'),
  bad_jwt: rule('auth', false, 'reauthenticate', 'bad_jwt'),
  no_authorization: rule('auth', false, 'reauthenticate', 'no_authorization'),
  invalid_credentials: rule('auth', false, 'fix-data', 'invalid_credentials'),
  user_banned: rule('permission', false, 'contact-admin', 'user_banned'),
  user_not_found: rule('not-found', false, 'none', 'user_not_found'),
  over_request_rate_limit: rule('rate-limit', true, 'retry', 'over_request_rate_limit'),
  over_email_send_rate_limit: rule('rate-limit', true, 'retry', 'over_email_send_rate_limit'),
  over_sms_send_rate_limit: rule('rate-limit', true, 'retry', 'over_sms_send_rate_limit'),
};

/** supabase-js error class names that say enough on their own. */
export const errorNameRules: Readonly<Record<string, ErrorRule>> = {
  AuthSessionMissingError: rule('auth', false, 'reauthenticate', 'session_missing'),
  AuthRetryableFetchError: rule('connection', true, 'check-network', 'network_error'),
  FunctionsFetchError: rule('connection', true, 'check-network', 'network_error'),
  FunctionsRelayError: rule('connection', true, 'retry', 'relay_error'),
  StorageUnknownError: rule('connection', true, 'check-network', 'network_error'),
};
