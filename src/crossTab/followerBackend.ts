import { createStore } from '../core/createStore';
import { INITIAL_HEALTH } from '../core/healthStore';
import type { ConnectionHealth } from '../core/types';
import type { AttachmentSink, BackendAttachment, CallResult, TabBackend } from './tabBackend';
import type { RemoteRequest, TabMessage } from './tabProtocol';

/** A send or track the leader did not answer in this time resolves `'timed out'`. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * A follower's view of the leader: requests go out as `attach` messages and come back as
 * states, events, gaps and members addressed to this tab. When the leader changes, every
 * live request is sent again (the new leader joins what it does not hold yet).
 */
export class FollowerBackend implements TabBackend {
  readonly health = createStore<ConnectionHealth>(INITIAL_HEALTH);
  readonly #tabId: string;
  readonly #post: (message: TabMessage) => void;
  readonly #held = new Map<number, { request: RemoteRequest; sink: AttachmentSink }>();
  readonly #calls = new Map<number, (result: CallResult) => void>();
  #nextId = 0;

  constructor(tabId: string, post: (message: TabMessage) => void) {
    this.#tabId = tabId;
    this.#post = post;
  }

  attach(request: RemoteRequest, sink: AttachmentSink): BackendAttachment {
    const id = ++this.#nextId;
    this.#held.set(id, { request, sink });
    sink.state({ status: 'joining', error: null, lastEventAt: null });
    this.#post({ t: 'attach', from: this.#tabId, id, request });
    return {
      release: () => {
        if (this.#held.delete(id)) this.#post({ t: 'detach', from: this.#tabId, id });
      },
      send: (payload) => this.#call((call) => ({ t: 'send', from: this.#tabId, id, call, payload })),
      track: (state) => this.#call((call) => ({ t: 'track', from: this.#tabId, id, call, state })),
    };
  }

  /** A new leader (or none while one is being elected): re-send every live request. */
  leaderChanged(leaderId: string | null): void {
    for (const [id, { request, sink }] of this.#held) {
      sink.state({ status: 'rejoining', error: null, lastEventAt: null });
      if (leaderId) this.#post({ t: 'attach', from: this.#tabId, id, request });
    }
  }

  receive(message: TabMessage): void {
    if (message.t === 'health') {
      this.health.setState(message.health);
      return;
    }
    if (!('to' in message) || message.to !== this.#tabId) return;
    if (message.t === 'result') {
      this.#calls.get(message.call)?.(message.result);
      return;
    }
    if (!('id' in message)) return;
    const sink = this.#held.get(message.id)?.sink;
    if (!sink) return;
    if (message.t === 'state') sink.state(message.state);
    else if (message.t === 'event') sink.event(message.payload);
    else if (message.t === 'gap') sink.gap();
    else if (message.t === 'members') sink.members(message.members);
  }

  reconnect(): void {
    // The leader's socket is the leader's to retry; a follower has nothing to reconnect.
  }

  refreshAuth(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async dispose(): Promise<void> {
    for (const id of [...this.#held.keys()]) this.#post({ t: 'detach', from: this.#tabId, id });
    this.#held.clear();
    for (const resolve of this.#calls.values()) resolve('error');
    this.#calls.clear();
  }

  #call(message: (call: number) => TabMessage): Promise<CallResult> {
    const call = ++this.#nextId;
    return new Promise<CallResult>((resolve) => {
      const timer = setTimeout(() => finish('timed out'), CALL_TIMEOUT_MS);
      const finish = (result: CallResult) => {
        clearTimeout(timer);
        this.#calls.delete(call);
        resolve(result);
      };
      this.#calls.set(call, finish);
      this.#post(message(call));
    });
  }
}
