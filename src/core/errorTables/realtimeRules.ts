import { rule, stoppedMessage, type ErrorRule } from './errorRule';

/**
 * Private channels are admitted by SELECT policies on `realtime.messages` (checked against
 * `realtime.topic()` at join time); a refusal almost always means none matches this user and
 * topic, so the log line says where to look.
 */
const READ_POLICY_HINT =
  'no SELECT policy on realtime.messages admits this user to the topic (add one for realtime.topic(); broadcastChangesSql prints one)';

/**
 * Realtime join-error reason codes: the `<Code>` in `Error('<Code>: <message>')`
 * (REALTIME-PROTOCOL.md section 4, "Error reply").
 */
export const realtimeReasonRules: Readonly<Record<string, ErrorRule>> = {
  InvalidJWTToken: rule('auth', false, 'reauthenticate'),
  MalformedJWT: rule('auth', false, 'reauthenticate'),
  JwtSignatureError: rule('auth', false, 'reauthenticate'),
  JwtSignerError: rule('auth', false, 'contact-admin'),
  Unauthorized: rule('permission', false, 'contact-admin', READ_POLICY_HINT),
  PrivateOnly: rule('permission', false, 'contact-admin'),
  ChannelRateLimitReached: rule('rate-limit', true, 'retry'),
  ConnectionRateLimitReached: rule('rate-limit', true, 'retry'),
  ClientJoinRateLimitReached: rule('rate-limit', true, 'retry'),
  TopicNameRequired: rule('query', false, 'contact-admin'),
  RealtimeDisabledForTenant: rule('permission', false, 'contact-admin'),
  TenantNotFound: rule('not-found', false, 'contact-admin'),
  RealtimeRestarting: rule('connection', true, 'retry'),
  UnableToConnectToProject: rule('connection', true, 'retry'),
  IncreaseConnectionPool: rule('rate-limit', true, 'retry'),
  DatabaseLackOfConnections: rule('rate-limit', true, 'retry'),
  DatabaseConnectionRateLimitReached: rule('rate-limit', true, 'retry'),
  InitializingProjectConnection: rule('connection', true, 'retry'),
  UnableToReplayMessages: rule('connection', true, 'retry'),
  TimeoutOnRpcCall: rule('timeout', true, 'retry'),
  ErrorOnRpcCall: rule('connection', true, 'retry'),
  QueryCanceled: rule('timeout', true, 'retry'),
  MissingPartition: rule('connection', true, 'retry'),
};

/**
 * Realtime messages without a `<Code>:` prefix: channel errors, system shutdowns and
 * subscribe statuses. Tested in order against the message; the first match wins.
 */
export const realtimeMessageRules: ReadonlyArray<readonly [RegExp, string, ErrorRule]> = [
  [/heartbeat timeout/i, 'heartbeat_timeout', rule('timeout', true, 'check-network')],
  [/transport failure/i, 'transport_failure', rule('connection', true, 'check-network')],
  [/mismatch between server and client bindings/i, 'bindings_mismatch', rule('query', false, 'contact-admin')],
  [/Token has expired|Fields `role` and `exp` are required|not a valid JWT|Token expiration time is invalid/i, 'token_invalid', rule('auth', false, 'reauthenticate')],
  [/no longer have permission|do not have permissions? to read/i, 'unauthorized', rule('permission', false, 'contact-admin', READ_POLICY_HINT)],
  [/unable to connect to the project database/i, 'database_unreachable', rule('connection', true, 'retry')],
  [/Too many (messages|channels|joins|connected users|presence)/i, 'too_many', rule('rate-limit', true, 'retry')],
  [/Replication connection was not established/i, 'replication_timeout', rule('timeout', true, 'retry')],
  [/Unknown Error on Channel/i, 'unknown_channel_error', rule('unknown', true, 'retry')],
  [/^TIMED_OUT$|join timed out|push timed out/i, 'TIMED_OUT', rule('timeout', true, 'retry')],
  [/^CHANNEL_ERROR$/, 'CHANNEL_ERROR', rule('connection', true, 'retry')],
  [/^CLOSED$/, 'CLOSED', rule('connection', false, 'none', undefined, stoppedMessage)],
];

/** WebSocket close codes (RFC 6455 and Realtime's use of them, REALTIME-PROTOCOL.md section 3). */
export const closeCodeRules: Readonly<Record<number, ErrorRule>> = {
  1000: rule('connection', true, 'retry', 'normal_closure'),
  1001: rule('connection', true, 'retry', 'going_away'),
  1002: rule('connection', false, 'contact-admin', 'protocol_error'),
  1003: rule('connection', false, 'contact-admin', 'unsupported_data'),
  1005: rule('connection', true, 'check-network', 'no_status'),
  1006: rule('connection', true, 'check-network', 'abnormal_closure'),
  1007: rule('connection', false, 'contact-admin', 'invalid_payload'),
  1008: rule('permission', false, 'contact-admin', 'policy_violation'),
  1009: rule('query', false, 'contact-admin', 'message_too_big'),
  1011: rule('connection', true, 'retry', 'internal_error'),
  1012: rule('connection', true, 'retry', 'service_restart'),
  1013: rule('rate-limit', true, 'retry', 'try_again_later'),
  1015: rule('connection', false, 'contact-admin', 'tls_handshake'),
};
