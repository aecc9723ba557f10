import type { SubscriptionState } from '../core/types';
import type { AttachmentSink, BackendAttachment, CallResult, TabBackend } from './tabBackend';
import type { RemoteRequest } from './tabProtocol';

/** Fingerprints kept per subscription to drop an event delivered twice around a handover. */
const SEEN_LIMIT = 512;

export interface MirrorCallbacks {
  event(payload: unknown): void;
  /** After a gap, or after a handover once joined again: refetch what may have been missed. */
  recover(): void;
  members?(members: Record<string, unknown[]>): void;
  changed(): void;
}

/**
 * One subscription of this tab, attached to whichever backend serves the tab now. On a
 * handover it is moved (released from the old backend, attached to the new) and, once joined
 * again, recovers its gap; events seen already (both leaders delivered them during the
 * overlap) are dropped by fingerprint, so none is applied twice.
 */
export class MirroredAttachment {
  readonly request: RemoteRequest;
  status: SubscriptionState['status'] = 'idle';
  error: SubscriptionState['error'] = null;
  lastEventAt: number | null = null;
  readonly #callbacks: MirrorCallbacks;
  readonly #seen = new Set<string>();
  #attachment: BackendAttachment | null = null;
  #boundTo: TabBackend | null = null;
  #wasJoined = false;
  #recoverOnJoin = false;
  /** Recovered already in this joined stretch: the backend's own gap signal is then redundant. */
  #recovered = false;
  #generation = 0;

  constructor(request: RemoteRequest, callbacks: MirrorCallbacks) {
    this.request = request;
    this.#callbacks = callbacks;
  }

  /** Attach to `backend` (or to nothing while the group elects), leaving the previous one. */
  bind(backend: TabBackend | null): void {
    // Already attached there (a tab's own socket that stays when its role changes): keep it.
    if (backend !== null && backend === this.#boundTo && this.#attachment) return;
    this.#boundTo = backend;
    this.#attachment?.release();
    this.#attachment = null;
    const generation = ++this.#generation;
    if (this.#wasJoined) this.#recoverOnJoin = true;
    if (!backend) {
      this.#setState({ status: this.#wasJoined ? 'rejoining' : 'joining', error: null, lastEventAt: this.lastEventAt });
      return;
    }
    const live = () => generation === this.#generation;
    const sink: AttachmentSink = {
      state: (state) => live() && this.#setState(state),
      event: (payload) => live() && this.#event(payload),
      gap: () => live() && !this.#recovered && this.#recover(),
      members: (members) => live() && this.#callbacks.members?.(members),
    };
    this.#attachment = backend.attach(this.request, sink);
  }

  send(payload: unknown): Promise<CallResult> {
    return this.#attachment ? this.#attachment.send(payload) : Promise.resolve('error');
  }

  track(state: Record<string, unknown> | null): Promise<CallResult> {
    return this.#attachment ? this.#attachment.track(state) : Promise.resolve('error');
  }

  release(): void {
    this.#boundTo = null;
    this.#generation += 1;
    this.#attachment?.release();
    this.#attachment = null;
    this.#setState({ status: 'closed', error: null, lastEventAt: this.lastEventAt });
  }

  #setState(state: SubscriptionState): void {
    // A remote state's lastEventAt is the leader's; keep ours when it has none.
    const lastEventAt = state.lastEventAt ?? this.lastEventAt;
    if (state.status === this.status && state.error === this.error && lastEventAt === this.lastEventAt) return;
    this.status = state.status;
    this.error = state.error;
    this.lastEventAt = lastEventAt;
    if (state.status === 'joined') {
      this.#wasJoined = true;
      if (this.#recoverOnJoin) this.#recover();
    } else if (this.#wasJoined) {
      // Down after having been joined (the leader left, or its socket dropped): whatever
      // brings it back, events of the meantime were missed.
      this.#recoverOnJoin = true;
      this.#recovered = false;
    }
    this.#callbacks.changed();
  }

  #recover(): void {
    this.#recoverOnJoin = false;
    this.#recovered = true;
    this.#callbacks.recover();
  }

  #event(payload: unknown): void {
    const fingerprint = fingerprintOf(payload);
    if (fingerprint !== null) {
      if (this.#seen.has(fingerprint)) return;
      this.#seen.add(fingerprint);
      if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value as string);
    }
    this.#callbacks.event(payload);
  }
}

/** A database change is identified by its commit time, type and rows; broadcasts have no identity. */
function fingerprintOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object' || !('commit_timestamp' in payload)) return null;
  const change = payload as { commit_timestamp: unknown; eventType?: unknown; new?: unknown; old?: unknown };
  return JSON.stringify([change.commit_timestamp, change.eventType, change.new, change.old]);
}
