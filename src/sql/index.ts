/**
 * `supabase-realtime-react/sql`: string builders for the SQL a Supabase project needs
 * (browser-safe, no Node imports). Paste their output into a migration.
 */
export { broadcastChangesSql, BROADCAST_CHANGE_EVENTS } from './broadcastChangesSql';
export type { BroadcastChangeEvent, BroadcastChangesSqlOptions } from './broadcastChangesSql';
export { SqlInputError } from './sqlInputError';
export type { SqlInputField } from './sqlInputError';
