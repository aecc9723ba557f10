import { rule, type ErrorRule } from './errorRule';

/**
 * Realtime join-error reason codes: the `<Code>` in `Error('<Code>: <message>')`
 * (REALTIME-PROTOCOL.md section 4, "Error reply").
 */
export const realtimeReasonRules: Readonly<Record<string, ErrorRule>> = {
  InvalidJWTToken: rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.'),
  MalformedJWT: rule('auth', false, 'reauthenticate', 'Your session is not valid. Please sign in again.'),
  JwtSignatureError: rule('auth', false, 'reauthenticate', 'Your session is not valid. Please sign in again.'),
  JwtSignerError: rule('auth', false, 'contact-admin', 'Sign-in is not configured correctly.'),
  Unauthorized: rule('permission', false, 'contact-admin', 'You do not have permission to see these live updates.'),
  PrivateOnly: rule('permission', false, 'contact-admin', 'Live updates need a private channel here.'),
  ChannelRateLimitReached: rule('rate-limit', true, 'retry', 'Too many live connections. Please close some tabs or wait a moment.'),
  ConnectionRateLimitReached: rule('rate-limit', true, 'retry', 'The live service is busy. Please try again shortly.'),
  ClientJoinRateLimitReached: rule('rate-limit', true, 'retry', 'The live service is busy. Please try again shortly.'),
  TopicNameRequired: rule('query', false, 'contact-admin', 'Live updates are not configured correctly.'),
  RealtimeDisabledForTenant: rule('permission', false, 'contact-admin', 'Live updates are disabled for this project.'),
  TenantNotFound: rule('not-found', false, 'contact-admin', 'The live service does not know this project.'),
  RealtimeRestarting: rule('connection', true, 'retry', 'The live service is restarting. We will reconnect shortly.'),
  UnableToConnectToProject: rule('connection', true, 'retry', 'The live service cannot reach the database. We will keep trying.'),
  IncreaseConnectionPool: rule('rate-limit', true, 'retry', 'The live service is busy. Please try again shortly.'),
  DatabaseLackOfConnections: rule('rate-limit', true, 'retry', 'The live service is busy. Please try again shortly.'),
  DatabaseConnectionRateLimitReached: rule('rate-limit', true, 'retry', 'The live service is busy. Please try again shortly.'),
  InitializingProjectConnection: rule('connection', true, 'retry', 'The live service is starting. We will reconnect shortly.'),
  UnableToReplayMessages: rule('connection', true, 'retry', 'Some live updates could not be replayed.'),
  TimeoutOnRpcCall: rule('timeout', true, 'retry', 'The live service took too long. We will keep trying.'),
  ErrorOnRpcCall: rule('connection', true, 'retry', 'The live service had a problem. We will keep trying.'),
  QueryCanceled: rule('timeout', true, 'retry', 'The live service took too long. We will keep trying.'),
  MissingPartition: rule('connection', true, 'retry', 'The live service had a problem. We will keep trying.'),
};

/**
 * Realtime messages without a `<Code>:` prefix: channel errors, system shutdowns and
 * subscribe statuses. Tested in order against the message; the first match wins.
 */
export const realtimeMessageRules: ReadonlyArray<readonly [RegExp, string, ErrorRule]> = [
  [/heartbeat timeout/i, 'heartbeat_timeout', rule('timeout', true, 'check-network', 'The live connection stopped answering. Reconnecting…')],
  [/transport failure/i, 'transport_failure', rule('connection', true, 'check-network', 'The live connection was lost. Reconnecting…')],
  [/mismatch between server and client bindings/i, 'bindings_mismatch', rule('query', false, 'contact-admin', 'Live updates are not configured correctly.')],
  [/Token has expired|Fields `role` and `exp` are required|not a valid JWT|Token expiration time is invalid/i, 'token_invalid', rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.')],
  [/no longer have permission|do not have permissions? to read/i, 'unauthorized', rule('permission', false, 'contact-admin', 'You do not have permission to see these live updates.')],
  [/unable to connect to the project database/i, 'database_unreachable', rule('connection', true, 'retry', 'The live service cannot reach the database. We will keep trying.')],
  [/Too many (messages|channels|joins|connected users|presence)/i, 'too_many', rule('rate-limit', true, 'retry', 'Too many live updates. Please wait a moment.')],
  [/Replication connection was not established/i, 'replication_timeout', rule('timeout', true, 'retry', 'The live service took too long. We will keep trying.')],
  [/Unknown Error on Channel/i, 'unknown_channel_error', rule('unknown', true, 'retry', 'Live updates had a problem. We will keep trying.')],
  [/^TIMED_OUT$|join timed out|push timed out/i, 'TIMED_OUT', rule('timeout', true, 'retry', 'The live service took too long to answer. Retrying…')],
  [/^CHANNEL_ERROR$/, 'CHANNEL_ERROR', rule('connection', true, 'retry', 'Live updates had a problem. Reconnecting…')],
  [/^CLOSED$/, 'CLOSED', rule('connection', false, 'none', 'Live updates were stopped.')],
];

/** WebSocket close codes (RFC 6455 and Realtime's use of them, REALTIME-PROTOCOL.md section 3). */
export const closeCodeRules: Readonly<Record<number, ErrorRule>> = {
  1000: rule('connection', true, 'retry', 'The live connection was closed. Reconnecting…', 'normal_closure'),
  1001: rule('connection', true, 'retry', 'The live service went away. Reconnecting…', 'going_away'),
  1002: rule('connection', false, 'contact-admin', 'The live connection failed.', 'protocol_error'),
  1003: rule('connection', false, 'contact-admin', 'The live connection failed.', 'unsupported_data'),
  1005: rule('connection', true, 'check-network', 'The live connection was lost. Reconnecting…', 'no_status'),
  1006: rule('connection', true, 'check-network', 'The live connection was lost. Reconnecting…', 'abnormal_closure'),
  1007: rule('connection', false, 'contact-admin', 'The live connection failed.', 'invalid_payload'),
  1008: rule('permission', false, 'contact-admin', 'The live service refused the connection.', 'policy_violation'),
  1009: rule('query', false, 'contact-admin', 'A live message was too large.', 'message_too_big'),
  1011: rule('connection', true, 'retry', 'The live service had a problem. Reconnecting…', 'internal_error'),
  1012: rule('connection', true, 'retry', 'The live service is restarting. Reconnecting…', 'service_restart'),
  1013: rule('rate-limit', true, 'retry', 'The live service is busy. Reconnecting shortly…', 'try_again_later'),
  1015: rule('connection', false, 'contact-admin', 'A secure live connection could not be made.', 'tls_handshake'),
};
