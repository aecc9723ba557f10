import { rule, stoppedMessage, type ErrorRule } from './errorRule';

/**
 * Codes of this library's own typed errors (`RealtimeConfigError.code`): programming or
 * configuration mistakes, reported before anything reaches the server. Retrying cannot help.
 */
export const libraryCodeRules: Readonly<Record<string, ErrorRule>> = {
  'invalid-filter': rule('query', false, 'contact-admin', 'config_error'),
  'invalid-option': rule('query', false, 'contact-admin', 'config_error'),
  'channel-conflict': rule('query', false, 'contact-admin', 'config_error'),
  'missing-provider': rule('query', false, 'contact-admin', 'config_error'),
  'channel-limit': rule('rate-limit', false, 'contact-admin', 'config_error'),
  'manager-destroyed': rule('unknown', false, 'none', 'config_error', stoppedMessage),
  'invalid-rpc-options': rule('query', false, 'contact-admin', 'config_error'),
  'invalid-mutation-options': rule('query', false, 'contact-admin', 'config_error'),
};
