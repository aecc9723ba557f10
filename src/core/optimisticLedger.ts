import type { QueryCacheNotifyEvent, QueryClient, QueryKey } from '@tanstack/query-core';
import { applyLayer } from './optimistic/applyLayer';
import { deepEqual } from './optimistic/deepEqual';
import { detectConflicts } from './optimistic/detectConflicts';
import { hashQueryKey } from './optimistic/hashQueryKey';
import type { Entry, Layer, OptimisticLayerSpec } from './optimistic/ledgerTypes';
import { foldResultRows, rebaseConfirmed } from './optimistic/rebaseConfirmed';

export type { OptimisticLayerSpec } from './optimistic/ledgerTypes';

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
        const applied = applyLayer(hash, entry, layer, entry.confirmed);
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

  #view(hash: string, entry: Entry): unknown {
    if (entry.confirmed === undefined) return undefined;
    return entry.layers.reduce<unknown>((acc, layer) => applyLayer(hash, entry, layer, acc), entry.confirmed);
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
    detectConflicts(hash, entry, previous, confirmed, changedKeys);
    entry.confirmed = confirmed;
    this.#render(hash, entry);
    for (const layer of [...entry.layers]) {
      if (layer.status === 'succeeded' && this.#isConfirmed(layer)) this.#drop(layer, false);
    }
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** In Node (server rendering, tests), a pending ledger timer must not keep the process alive. */
function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
