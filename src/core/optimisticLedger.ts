import type { QueryCacheNotifyEvent, QueryClient, QueryKey } from '@tanstack/query-core';
import { deepEqual } from './optimistic/deepEqual';
import { hashQueryKey } from './optimistic/hashQueryKey';
import { foldResultRows, rebaseConfirmed } from './optimistic/rebaseConfirmed';
import { isForeignChange, resolveConflict, yieldedFields, type ConflictStrategy } from './optimistic/resolveConflict';
import { rowsByKey, shapeOf, type Row, type RowIdentity } from './optimistic/rowShape';

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

interface Layer {
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
type Override = { kind: 'yield'; fields: Set<string> } | { kind: 'row'; server: Row; resolved: Row };

interface Entry {
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

/**
 * How long a key stays watched after its last layer settled. Realtime echoes arrive in
 * commit order but may trail the HTTP response: an echo of an older write landing after
 * ours was folded would otherwise flash the older value.
 */
const ECHO_GUARD_MS = 5_000;

const ledgers = new WeakMap<QueryClient, OptimisticLedger>();

/** The ledger of a QueryClient: one per client, shared by every optimistic mutation on it. */
export function getOptimisticLedger(client: QueryClient): OptimisticLedger {
  let ledger = ledgers.get(client);
  if (!ledger) {
    ledger = new OptimisticLedger(client);
    ledgers.set(client, ledger);
  }
  return ledger;
}

/**
 * Optimistic changes as layers over confirmed data, one per mutation, per query key.
 * The cache always shows `layers.reduce(apply, confirmed)`. Writes to the cache that are
 * not ours (realtime echoes via `setQueryData`, refetches) are new confirmed data: the
 * layers are re-applied on top in the same notification batch, so no render sees the
 * pre-mutation value. A failed layer is removed alone; a succeeded one is folded into
 * confirmed data. No React here.
 */
export class OptimisticLedger {
  readonly #client: QueryClient;
  readonly #entries = new Map<string, Entry>();
  readonly #layers = new Map<number, Layer>();
  readonly #listeners = new Set<() => void>();
  #nextId = 1;
  #writing = false;
  #unsubscribeCache: (() => void) | undefined;

  constructor(client: QueryClient) {
    this.#client = client;
  }

  /** Adds a layer and shows it in the cache synchronously. Returns its id. */
  add<TData, TVariables>(spec: OptimisticLayerSpec<TData, TVariables>): number {
    const layer: Layer = {
      id: this.#nextId++,
      spec: spec as unknown as OptimisticLayerSpec,
      status: 'pending',
      result: undefined,
      overrides: new Map(),
      timer: undefined,
    };
    this.#layers.set(layer.id, layer);
    this.#ensureCacheSubscription();
    for (const queryKey of spec.queryKeys) {
      const hash = hashQueryKey(queryKey);
      let entry = this.#entries.get(hash);
      if (!entry) {
        const current = this.#client.getQueryData(queryKey);
        entry = { queryKey, confirmed: current, written: undefined, layers: [], identity: spec.identity, guardTimer: undefined };
        this.#entries.set(hash, entry);
      }
      if (entry.guardTimer !== undefined) clearTimeout(entry.guardTimer);
      entry.guardTimer = undefined;
      entry.layers.push(layer);
      try {
        this.#render(hash, entry);
      } catch (error) {
        // A throwing `apply` is a bug in the caller: leave no half-added layer behind.
        this.#drop(layer, false);
        throw error;
      }
    }
    this.#emit();
    return layer.id;
  }

  /** The write failed for good: remove exactly this layer. */
  fail(id: number): void {
    const layer = this.#layers.get(id);
    if (!layer) return;
    this.#drop(layer, false);
  }

  /** The write succeeded with `result`: fold it into confirmed data (now, or once confirmed). */
  succeed(id: number, result: unknown): void {
    const layer = this.#layers.get(id);
    if (!layer) return;
    layer.status = 'succeeded';
    layer.result = result;
    const { isConfirmed, confirmTimeoutMs } = layer.spec;
    if (!isConfirmed) {
      this.#drop(layer, true);
      return;
    }
    if (this.#isConfirmed(layer)) {
      this.#drop(layer, false);
      return;
    }
    // The echo may never come (no subscription, or it was lost): fold after a while.
    layer.timer = unrefTimer(setTimeout(() => this.#drop(layer, true), confirmTimeoutMs ?? 10_000));
  }

  /** Layers (pending or awaiting confirmation) made by `owner`, or all of them. */
  pendingCount(owner?: object): number {
    if (owner === undefined) return this.#layers.size;
    let n = 0;
    for (const layer of this.#layers.values()) if (layer.spec.owner === owner) n++;
    return n;
  }

  /**
   * The layers as they stand, for devtools: each layer's id (the `layerId` of its mutation's
   * variables), its query keys, and whether its write is still `pending` or `succeeded` and
   * awaiting confirmation (the realtime echo).
   */
  layers(): { id: number; queryKeys: readonly QueryKey[]; status: 'pending' | 'succeeded' }[] {
    return [...this.#layers.values()].map((layer) => ({ id: layer.id, queryKeys: layer.spec.queryKeys, status: layer.status }));
  }

  /** Called whenever layers are added or removed. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The confirmed data the ledger holds for a key (undefined when nothing is layered on it). */
  getConfirmed(queryKey: QueryKey): unknown {
    return this.#entries.get(hashQueryKey(queryKey))?.confirmed;
  }

  #drop(layer: Layer, fold: boolean): void {
    if (layer.timer !== undefined) clearTimeout(layer.timer);
    this.#layers.delete(layer.id);
    for (const queryKey of layer.spec.queryKeys) {
      const hash = hashQueryKey(queryKey);
      const entry = this.#entries.get(hash);
      if (!entry) continue;
      if (fold && entry.confirmed !== undefined) {
        const applied = this.#applyLayer(hash, entry, layer, entry.confirmed);
        entry.confirmed = foldResultRows(entry.confirmed, applied, layer.result, layer.spec.identity) ?? applied;
      }
      entry.layers = entry.layers.filter((l) => l !== layer);
      this.#render(hash, entry);
      if (entry.layers.length === 0 && entry.guardTimer === undefined) {
        entry.guardTimer = unrefTimer(setTimeout(() => this.#forget(hash, entry), ECHO_GUARD_MS));
      }
    }
    this.#emit();
  }

  #forget(hash: string, entry: Entry): void {
    if (this.#entries.get(hash) !== entry || entry.layers.length > 0) return;
    this.#entries.delete(hash);
    if (this.#entries.size === 0) {
      this.#unsubscribeCache?.();
      this.#unsubscribeCache = undefined;
    }
  }

  #isConfirmed(layer: Layer): boolean {
    const check = layer.spec.isConfirmed;
    if (!check) return false;
    return layer.spec.queryKeys.every((queryKey) => {
      const entry = this.#entries.get(hashQueryKey(queryKey));
      return entry === undefined || entry.confirmed === undefined || check(entry.confirmed, layer.spec.variables, layer.result);
    });
  }

  #applyLayer(hash: string, entry: Entry, layer: Layer, data: unknown): unknown {
    const next = layer.spec.apply(data, layer.spec.variables, entry.queryKey);
    const overrides = layer.overrides.get(hash);
    if (!overrides || overrides.size === 0) return next;
    const { identity } = layer.spec;
    const before = rowsByKey(data, identity);
    const confirmedRows = rowsByKey(entry.confirmed, identity);
    return replaceRows(next, identity, (key, row) => {
      const o = overrides.get(key);
      if (o === undefined) return undefined;
      if (o.kind === 'row') return confirmedRows.get(key) === o.server ? o.resolved : undefined;
      const prior = before.get(key);
      if (prior === undefined) return undefined;
      const out: Row = { ...row };
      for (const f of o.fields) {
        if (f in prior) out[f] = prior[f];
        else delete out[f];
      }
      return out;
    });
  }

  #view(hash: string, entry: Entry): unknown {
    if (entry.confirmed === undefined) return undefined;
    return entry.layers.reduce<unknown>((acc, layer) => this.#applyLayer(hash, entry, layer, acc), entry.confirmed);
  }

  #render(hash: string, entry: Entry): void {
    const view = this.#view(hash, entry);
    if (view === undefined) return;
    const current = this.#client.getQueryData(entry.queryKey);
    if (current !== undefined && deepEqual(current, view)) {
      entry.written = current;
      return;
    }
    this.#writing = true;
    try {
      this.#client.setQueryData(entry.queryKey, () => view);
    } finally {
      this.#writing = false;
    }
    entry.written = this.#client.getQueryData(entry.queryKey);
  }

  #ensureCacheSubscription(): void {
    if (this.#unsubscribeCache) return;
    this.#unsubscribeCache = this.#client.getQueryCache().subscribe((event) => this.#onCacheEvent(event));
  }

  /**
   * Someone else wrote a key we layer over. This runs inside TanStack's notification batch,
   * before observers are told, so re-applying the layers here means no render ever sees
   * the cache without them.
   */
  #onCacheEvent(event: QueryCacheNotifyEvent): void {
    if (this.#writing || event.type !== 'updated' || event.action.type !== 'success') return;
    const hash = hashQueryKey(event.query.queryKey);
    const entry = this.#entries.get(hash);
    if (!entry) return;
    const incoming: unknown = event.query.state.data;
    if (incoming === entry.written) return;
    const identity = entry.identity;
    const previous = entry.confirmed;
    const { confirmed, changedKeys } = rebaseConfirmed(previous, entry.written, incoming, identity);
    this.#detectConflicts(hash, entry, previous, confirmed, changedKeys);
    entry.confirmed = confirmed;
    this.#render(hash, entry);
    for (const layer of [...entry.layers]) {
      if (layer.status === 'succeeded' && this.#isConfirmed(layer)) this.#drop(layer, false);
    }
  }

  /**
   * For each row a server write changed, ask every pending layer that touches it whether
   * the change is its own echo or someone else's write; resolve the latter by strategy.
   * Layer i is judged against the data it was stacked on (confirmed plus layers before it),
   * so the echo of an earlier pending change of ours is never taken for a conflict.
   */
  #detectConflicts(hash: string, entry: Entry, previous: unknown, confirmed: unknown, changedKeys: Set<unknown>): void {
    if (changedKeys.size === 0 || previous === undefined) return;
    let stacked: unknown = previous;
    for (const layer of entry.layers) {
      const { identity, conflict } = layer.spec;
      const local = this.#applyLayer(hash, { ...entry, confirmed: previous }, layer, stacked);
      if (shapeOf(local, identity) === 'opaque') return;
      const baseRows = rowsByKey(stacked, identity);
      const localRows = rowsByKey(local, identity);
      const serverRows = rowsByKey(confirmed, identity);
      for (const key of changedKeys) {
        const base = baseRows.get(key);
        const mine = localRows.get(key);
        const server = serverRows.get(key);
        if (!base || !mine || !server || deepEqual(base, mine)) continue; // layer does not touch this row
        if (!isForeignChange(base, mine, server, identity)) continue; // our own echo
        let overrides = layer.overrides.get(hash);
        if (!overrides) layer.overrides.set(hash, (overrides = new Map()));
        if (typeof conflict === 'function') {
          overrides.set(key, { kind: 'row', server, resolved: resolveConflict(conflict, base, mine, server, identity) });
        } else {
          const fields = yieldedFields(conflict, base, mine, server, identity);
          const existing = overrides.get(key);
          if (existing?.kind === 'yield') fields.forEach((f) => existing.fields.add(f));
          else if (fields.size > 0) overrides.set(key, { kind: 'yield', fields });
        }
      }
      stacked = local;
    }
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function replaceRows(data: unknown, identity: RowIdentity, replacement: (key: unknown, row: Row) => Row | undefined): unknown {
  const shape = shapeOf(data, identity);
  if (shape === 'row') return replacement(identity.getRowKey(data as Row), data as Row) ?? data;
  if (shape === 'rows') {
    let changed = false;
    const out = (data as Row[]).map((row) => {
      const r = replacement(identity.getRowKey(row), row);
      if (r === undefined) return row;
      changed = true;
      return r;
    });
    return changed ? out : data;
  }
  return data;
}

/** In Node (server rendering, tests), a pending ledger timer must not keep the process alive. */
function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
