import { rule, type ErrorRule } from './errorRule';

/**
 * PostgREST's own error codes (https://docs.postgrest.org/en/stable/references/errors.html).
 * Codes not listed fall back to their group in `postgrestGroupRules`.
 */
export const postgrestRules: Readonly<Record<string, ErrorRule>> = {
  PGRST000: rule('connection', true, 'retry', 'db_connection_failed'),
  PGRST001: rule('connection', true, 'retry', 'db_connection_internal'),
  PGRST002: rule('connection', true, 'retry', 'schema_cache_loading'),
  PGRST003: rule('timeout', true, 'retry', 'pool_timeout'),
  PGRST102: rule('query', false, 'contact-admin', 'invalid_body'),
  PGRST103: rule('query', false, 'none', 'invalid_range'),
  PGRST116: rule('not-found', false, 'none', 'singular_row_mismatch'),
  PGRST200: rule('query', false, 'contact-admin', 'relationship_not_found'),
  PGRST202: rule('query', false, 'contact-admin', 'function_not_found'),
  PGRST204: rule('query', false, 'contact-admin', 'column_not_found'),
  PGRST205: rule('query', false, 'contact-admin', 'table_not_found'),
  PGRST300: rule('auth', false, 'contact-admin', 'jwt_secret_missing'),
  PGRST301: rule('auth', false, 'reauthenticate', 'jwt_invalid'),
  PGRST302: rule('auth', false, 'reauthenticate', 'anonymous_disabled'),
  PGRST303: rule('auth', false, 'reauthenticate', 'jwt_claims_invalid'),
};

/** Fallback by group: the first digit after `PGRST`. */
export const postgrestGroupRules: Readonly<Record<string, ErrorRule>> = {
  '0': rule('connection', true, 'retry', 'connection'),
  '1': rule('query', false, 'contact-admin', 'api_request'),
  '2': rule('query', false, 'contact-admin', 'schema_cache'),
  '3': rule('auth', false, 'reauthenticate', 'jwt'),
  '5': rule('unknown', false, 'contact-admin', 'internal'),
};
