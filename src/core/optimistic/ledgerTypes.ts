import type { QueryKey } from '@tanstack/query-core';
import type { ConflictStrategy } from './resolveConflict';
import type { Row, RowIdentity } from './rowShape';

/** One optimistic change, as given to `OptimisticLedger.add`. */
export interface OptimisticLayerSpec<TData = unknown, TVariables = unknown> {
  queryKeys: readonly QueryKey[];
  variables: TVariables;
  /** Returns the data with this change applied. Pure; called again whenever confirmed data changes. */
  apply: (current: TData, variables: TVariables, queryKey: QueryKey) => TData;
  conflict: ConflictStrategy;
  identity: RowIdentity;
  /**
   * When given, a succeeded write stays layered until this returns true for the confirmed
   * data of every key (e.g. the realtime echo arrived), or `confirmTimeoutMs` passes.
   * Without it, the write's returned rows are folded into confirmed data on success.
   */
  isConfirmed?: ((confirmed: TData, variables: TVariables, result: unknown) => boolean) | undefined;
  confirmTimeoutMs?: number | undefined;
  /** Who made the change; `pendingCount(owner)` counts its layers. */
  owner?: object | undefined;
}

export interface Layer {
  id: number;
  spec: OptimisticLayerSpec;
  status: 'pending' | 'succeeded';
  result: unknown;
  /** Per query hash, per row key: how a conflict on that row was resolved. */
  overrides: Map<string, Map<unknown, Override>>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A resolved conflict on one row. `yield`: this layer no longer changes these fields of the
 * row (they show the server's value) — valid until the layer settles, whatever the server
 * writes next. `row`: a conflict function's result, valid while confirmed still holds `server`.
 */
export type Override = { kind: 'yield'; fields: Set<string> } | { kind: 'row'; server: Row; resolved: Row };

export interface Entry {
  queryKey: QueryKey;
  /** Server truth as far as we know: the cache minus our pending layers. */
  confirmed: unknown;
  /** What we last put in the cache, so a write that is not ours can be recognised. */
  written: unknown;
  layers: Layer[];
  identity: RowIdentity;
  /** Set while the key is watched after its last layer settled (late-echo guard). */
  guardTimer: ReturnType<typeof setTimeout> | undefined;
}
