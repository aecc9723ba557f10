import { rule, type ErrorRule } from './errorRule';

/**
 * Postgres SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Codes not listed fall back to their two-character class in `sqlstateClassRules`.
 */
export const sqlstateRules: Readonly<Record<string, ErrorRule>> = {
  '23505': rule('constraint', false, 'fix-data', 'This value is already taken. Please choose another one.', 'unique_violation'),
  '23503': rule('constraint', false, 'fix-data', 'This refers to something that does not exist or is still in use.', 'foreign_key_violation'),
  '23502': rule('constraint', false, 'fix-data', 'A required value is missing.', 'not_null_violation'),
  '23514': rule('constraint', false, 'fix-data', 'A value is not allowed. Please check your input.', 'check_violation'),
  '23P01': rule('constraint', false, 'fix-data', 'This conflicts with an existing entry.', 'exclusion_violation'),
  '22P02': rule('constraint', false, 'fix-data', 'A value has the wrong format.', 'invalid_text_representation'),
  '22001': rule('constraint', false, 'fix-data', 'A value is too long.', 'string_data_right_truncation'),
  '22003': rule('constraint', false, 'fix-data', 'A number is out of range.', 'numeric_value_out_of_range'),
  '22007': rule('constraint', false, 'fix-data', 'A date or time has the wrong format.', 'invalid_datetime_format'),
  '22008': rule('constraint', false, 'fix-data', 'A date or time is out of range.', 'datetime_field_overflow'),
  '40P01': rule('transaction', true, 'retry', 'The change collided with another one. Please try again.', 'deadlock_detected'),
  '40001': rule('transaction', true, 'retry', 'The change collided with another one. Please try again.', 'serialization_failure'),
  '40003': rule('transaction', false, 'retry', 'The outcome of the change is unknown. Please reload and check.', 'statement_completion_unknown'),
  '25006': rule('transaction', false, 'contact-admin', 'The database is read-only right now.', 'read_only_sql_transaction'),
  '08000': rule('connection', true, 'retry', 'The database connection failed. Please try again.', 'connection_exception'),
  '08003': rule('connection', true, 'retry', 'The database connection failed. Please try again.', 'connection_does_not_exist'),
  '08006': rule('connection', true, 'retry', 'The database connection failed. Please try again.', 'connection_failure'),
  '08001': rule('connection', true, 'retry', 'The database connection failed. Please try again.', 'sqlclient_unable_to_establish_sqlconnection'),
  '57014': rule('timeout', true, 'retry', 'The request took too long. Please try again.', 'query_canceled'),
  '57P01': rule('connection', true, 'retry', 'The database is restarting. Please try again.', 'admin_shutdown'),
  '57P03': rule('connection', true, 'retry', 'The database is starting. Please try again.', 'cannot_connect_now'),
  '55P03': rule('transaction', true, 'retry', 'The item is being changed by someone else. Please try again.', 'lock_not_available'),
  '42501': rule('permission', false, 'contact-admin', 'You do not have permission to do this.', 'insufficient_privilege'),
  '28000': rule('auth', false, 'reauthenticate', 'Please sign in again.', 'invalid_authorization_specification'),
  '28P01': rule('auth', false, 'reauthenticate', 'Please sign in again.', 'invalid_password'),
  '42P01': rule('query', false, 'contact-admin', 'The request could not be processed.', 'undefined_table'),
  '42703': rule('query', false, 'contact-admin', 'The request could not be processed.', 'undefined_column'),
  '42883': rule('query', false, 'contact-admin', 'The request could not be processed.', 'undefined_function'),
  '42601': rule('query', false, 'contact-admin', 'The request could not be processed.', 'syntax_error'),
  '42804': rule('query', false, 'contact-admin', 'The request could not be processed.', 'datatype_mismatch'),
  '53300': rule('rate-limit', true, 'retry', 'The service is busy. Please try again shortly.', 'too_many_connections'),
  '53000': rule('rate-limit', true, 'retry', 'The service is busy. Please try again shortly.', 'insufficient_resources'),
  '53100': rule('unknown', false, 'contact-admin', 'The service is out of space.', 'disk_full'),
  '53200': rule('rate-limit', true, 'retry', 'The service is busy. Please try again shortly.', 'out_of_memory'),
  P0001: rule('query', false, 'none', 'The change was rejected.', 'raise_exception'),
  P0002: rule('not-found', false, 'none', 'The requested item was not found.', 'no_data_found'),
};

/** Fallback by SQLSTATE class (the first two characters). */
export const sqlstateClassRules: Readonly<Record<string, ErrorRule>> = {
  '08': rule('connection', true, 'retry', 'The database connection failed. Please try again.', 'connection_exception'),
  '22': rule('constraint', false, 'fix-data', 'A value is not valid. Please check your input.', 'data_exception'),
  '23': rule('constraint', false, 'fix-data', 'This change conflicts with existing data. Please check your input.', 'integrity_constraint_violation'),
  '25': rule('transaction', false, 'retry', 'The change could not be completed. Please try again.', 'invalid_transaction_state'),
  '28': rule('auth', false, 'reauthenticate', 'Please sign in again.', 'invalid_authorization_specification'),
  '40': rule('transaction', true, 'retry', 'The change collided with another one. Please try again.', 'transaction_rollback'),
  '42': rule('query', false, 'contact-admin', 'The request could not be processed.', 'syntax_error_or_access_rule_violation'),
  '53': rule('rate-limit', true, 'retry', 'The service is busy. Please try again shortly.', 'insufficient_resources'),
  '54': rule('query', false, 'contact-admin', 'The request is too large to process.', 'program_limit_exceeded'),
  '57': rule('connection', true, 'retry', 'The database is unavailable. Please try again.', 'operator_intervention'),
  '58': rule('unknown', true, 'retry', 'The database had a problem. Please try again.', 'system_error'),
  XX: rule('unknown', false, 'contact-admin', 'The database had an internal problem.', 'internal_error'),
};
