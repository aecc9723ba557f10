import { rule, type ErrorRule } from './errorRule';

/**
 * Postgres SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Codes not listed fall back to their two-character class in `sqlstateClassRules`.
 */
export const sqlstateRules: Readonly<Record<string, ErrorRule>> = {
  '23505': rule('constraint', false, 'fix-data', 'unique_violation'),
  '23503': rule('constraint', false, 'fix-data', 'foreign_key_violation'),
  '23502': rule('constraint', false, 'fix-data', 'not_null_violation'),
  '23514': rule('constraint', false, 'fix-data', 'check_violation'),
  '23P01': rule('constraint', false, 'fix-data', 'exclusion_violation'),
  '22P02': rule('constraint', false, 'fix-data', 'invalid_text_representation'),
  '22001': rule('constraint', false, 'fix-data', 'string_data_right_truncation'),
  '22003': rule('constraint', false, 'fix-data', 'numeric_value_out_of_range'),
  '22007': rule('constraint', false, 'fix-data', 'invalid_datetime_format'),
  '22008': rule('constraint', false, 'fix-data', 'datetime_field_overflow'),
  '40P01': rule('transaction', true, 'retry', 'deadlock_detected'),
  '40001': rule('transaction', true, 'retry', 'serialization_failure'),
  '40003': rule('transaction', false, 'retry', 'statement_completion_unknown'),
  '25006': rule('transaction', false, 'contact-admin', 'read_only_sql_transaction'),
  '08000': rule('connection', true, 'retry', 'connection_exception'),
  '08003': rule('connection', true, 'retry', 'connection_does_not_exist'),
  '08006': rule('connection', true, 'retry', 'connection_failure'),
  '08001': rule('connection', true, 'retry', 'sqlclient_unable_to_establish_sqlconnection'),
  '57014': rule('timeout', true, 'retry', 'query_canceled'),
  '57P01': rule('connection', true, 'retry', 'admin_shutdown'),
  '57P03': rule('connection', true, 'retry', 'cannot_connect_now'),
  '55P03': rule('transaction', true, 'retry', 'lock_not_available'),
  '42501': rule('permission', false, 'contact-admin', 'insufficient_privilege'),
  '28000': rule('auth', false, 'reauthenticate', 'invalid_authorization_specification'),
  '28P01': rule('auth', false, 'reauthenticate', 'invalid_password'),
  '42P01': rule('query', false, 'contact-admin', 'undefined_table'),
  '42703': rule('query', false, 'contact-admin', 'undefined_column'),
  '42883': rule('query', false, 'contact-admin', 'undefined_function'),
  '42601': rule('query', false, 'contact-admin', 'syntax_error'),
  '42804': rule('query', false, 'contact-admin', 'datatype_mismatch'),
  '53300': rule('rate-limit', true, 'retry', 'too_many_connections'),
  '53000': rule('rate-limit', true, 'retry', 'insufficient_resources'),
  '53100': rule('unknown', false, 'contact-admin', 'disk_full'),
  '53200': rule('rate-limit', true, 'retry', 'out_of_memory'),
  P0001: rule('query', false, 'none', 'raise_exception'),
  P0002: rule('not-found', false, 'none', 'no_data_found'),
};

/** Fallback by SQLSTATE class (the first two characters). */
export const sqlstateClassRules: Readonly<Record<string, ErrorRule>> = {
  '08': rule('connection', true, 'retry', 'connection_exception'),
  '22': rule('constraint', false, 'fix-data', 'data_exception'),
  '23': rule('constraint', false, 'fix-data', 'integrity_constraint_violation'),
  '25': rule('transaction', false, 'retry', 'invalid_transaction_state'),
  '28': rule('auth', false, 'reauthenticate', 'invalid_authorization_specification'),
  '40': rule('transaction', true, 'retry', 'transaction_rollback'),
  '42': rule('query', false, 'contact-admin', 'syntax_error_or_access_rule_violation'),
  '53': rule('rate-limit', true, 'retry', 'insufficient_resources'),
  '54': rule('query', false, 'contact-admin', 'program_limit_exceeded'),
  '57': rule('connection', true, 'retry', 'operator_intervention'),
  '58': rule('unknown', true, 'retry', 'system_error'),
  XX: rule('unknown', false, 'contact-admin', 'internal_error'),
};
