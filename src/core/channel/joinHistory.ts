/**
 * How long a channel must have been joined for a server close to count as the first of a new
 * run: closes "in a row" are those without such a stable join in between.
 */
export const STABLE_JOIN_MS = 2000;

/**
 * What one shared channel remembers about its joins across its realtime-js instances. Plain
 * data with plain functions (no class): this is in the main entry, and a bundler can shorten
 * function names but not method names.
 */
export interface JoinHistory {
  /** `subscribe()` calls made on fresh instances (one per instance). */
  joins: number;
  /** When the last join reply arrived. */
  joinedAt: number | null;
  /** Joined at least once (a later join after being down is a gap). */
  hasJoined: boolean;
  /** Down (socket drop, join error, server close, new identity) since the last join. */
  wasDown: boolean;
  /** Server closes in a row, i.e. since the last stable join (the failure policy gives up after a few). */
  serverCloses: number;
  /** Auth refusals of a join since the channel last joined (bounds refresh-and-rejoin). */
  authRefusals: number;
  /** Closed or refused by the server: waits for an auth change or `reconnect()` to rejoin. */
  parked: boolean;
  /** The last server close ended a join that had lasted at least `STABLE_JOIN_MS`. */
  stableUntilClose: boolean;
}

export function newJoinHistory(): JoinHistory {
  return { joins: 0, joinedAt: null, hasJoined: false, wasDown: false, serverCloses: 0, authRefusals: 0, parked: false, stableUntilClose: false };
}

/** The channel is joined (live): returns whether it was down since an earlier join (a gap). */
export function markJoined(history: JoinHistory): boolean {
  // Before the first join nothing was missed, whatever happened while joining.
  const gap = history.hasJoined && history.wasDown;
  history.hasJoined = true;
  history.wasDown = false;
  // A join ends a run of auth refusals.
  history.authRefusals = 0;
  return gap;
}

/** The server closed the channel at `now`: note whether it ended a stable join (`wasJoined` until then, for `STABLE_JOIN_MS`). */
export function markClosedByServer(history: JoinHistory, wasJoined: boolean, now: number): void {
  history.stableUntilClose = wasJoined && history.joinedAt !== null && now - history.joinedAt >= STABLE_JOIN_MS;
}

/** Park the channel and return the server closes in a row (since the last stable join). */
export function countServerClose(history: JoinHistory): number {
  history.parked = true;
  if (history.stableUntilClose) history.serverCloses = 0;
  history.stableUntilClose = false;
  return ++history.serverCloses;
}

/** Park the channel and return the auth refusals since it last joined. */
export function countRefusal(history: JoinHistory, auth: boolean): number {
  history.parked = true;
  if (auth) history.authRefusals++;
  return history.authRefusals;
}
