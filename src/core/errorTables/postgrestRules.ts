import { rule, type ErrorRule } from './errorRule';

/**
 * PostgREST's own error codes (https://docs.postgrest.org/en/stable/references/errors.html).
 * Codes not listed fall back to their group in `postgrestGroupRules`.
 */
export const postgrestRules: Readonly<Record<string, ErrorRule>> = {
  PGRST000: rule('connection', true, 'retry', 'The database is unreachable. Please try again.', 'db_connection_failed'),
  PGRST001: rule('connection', true, 'retry', 'The database is unreachable. Please try again.', 'db_connection_internal'),
  PGRST002: rule('connection', true, 'retry', 'The service is starting. Please try again.', 'schema_cache_loading'),
  PGRST003: rule('timeout', true, 'retry', 'The service is busy. Please try again.', 'pool_timeout'),
  PGRST102: rule('query', false, 'contact-admin', 'The request could not be processed.', 'invalid_body'),
  PGRST103: rule('query', false, 'none', 'The requested range is not available.', 'invalid_range'),
  PGRST116: rule('not-found', false, 'none', 'The requested item was not found.', 'singular_row_mismatch'),
  PGRST200: rule('query', false, 'contact-admin', 'The request could not be processed.', 'relationship_not_found'),
  PGRST202: rule('query', false, 'contact-admin', 'The request could not be processed.', 'function_not_found'),
  PGRST204: rule('query', false, 'contact-admin', 'The request could not be processed.', 'column_not_found'),
  PGRST205: rule('query', false, 'contact-admin', 'The request could not be processed.', 'table_not_found'),
  PGRST300: rule('auth', false, 'contact-admin', 'Sign-in is not configured correctly.', 'jwt_secret_missing'),
  PGRST301: rule('auth', false, 'reauthenticate', 'Your session is not valid. Please sign in again.', 'jwt_invalid'),
  PGRST302: rule('auth', false, 'reauthenticate', 'Please sign in to continue.', 'anonymous_disabled'),
  PGRST303: rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.', 'jwt_claims_invalid'),
};

/** Fallback by group: the first digit after `PGRST`. */
export const postgrestGroupRules: Readonly<Record<string, ErrorRule>> = {
  '0': rule('connection', true, 'retry', 'The database is unreachable. Please try again.', 'connection'),
  '1': rule('query', false, 'contact-admin', 'The request could not be processed.', 'api_request'),
  '2': rule('query', false, 'contact-admin', 'The request could not be processed.', 'schema_cache'),
  '3': rule('auth', false, 'reauthenticate', 'Your session is not valid. Please sign in again.', 'jwt'),
  '5': rule('unknown', false, 'contact-admin', 'The service had an internal problem.', 'internal'),
};
