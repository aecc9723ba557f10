/**
 * `supabase-realtime-react/devserver`: a local Supabase Realtime + PostgREST stand-in with
 * fault injection, for tests, Storybook and local development. Node only; never import it
 * from browser code.
 */
export { startDevServer } from './startDevServer';
export { signJwt, verifyJwt, decodeJwt } from './jwt';
export type {
  DevServer,
  DevServerOptions,
  DevServerFaults,
  DevServerAuth,
  DevServerUser,
  DevServerStats,
  DevServerChannelStats,
  DevServerLogger,
  CloseFault,
  JwtClaims,
  QueryResult,
  SignJwtOptions,
} from './types';
