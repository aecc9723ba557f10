import type { LocalBackend } from './localBackend';
import type { BackendAttachment } from './tabBackend';
import type { TabMessage } from './tabProtocol';

/**
 * The leader's side of the group: it holds each follower's requests on its own manager (one
 * attachment per follower request, so the registry's counts include them) and sends back
 * states, events, gaps, members and the connection's health.
 */
export class LeaderService {
  readonly #tabId: string;
  readonly #backend: LocalBackend;
  readonly #post: (message: TabMessage) => void;
  /** `${tab} ${id}` → the attachment held for that follower request. */
  readonly #held = new Map<string, { tab: string; attachment: BackendAttachment }>();
  readonly #offHealth: () => void;

  constructor(tabId: string, backend: LocalBackend, post: (message: TabMessage) => void) {
    this.#tabId = tabId;
    this.#backend = backend;
    this.#post = post;
    this.#offHealth = backend.health.subscribe(() => this.publishHealth());
    this.publishHealth();
  }

  publishHealth(): void {
    this.#post({ t: 'health', from: this.#tabId, health: this.#backend.health.getSnapshot() });
  }

  receive(message: TabMessage): void {
    switch (message.t) {
      case 'attach': {
        const key = `${message.from} ${message.id}`;
        if (this.#held.has(key)) return; // re-sent after a leader change we already served
        const to = message.from;
        const id = message.id;
        const attachment = this.#backend.attach(message.request, {
          state: (state) => this.#post({ t: 'state', to, id, state }),
          event: (payload) => this.#post({ t: 'event', to, id, payload }),
          gap: () => this.#post({ t: 'gap', to, id }),
          members: (members) => this.#post({ t: 'members', to, id, members }),
        });
        this.#held.set(key, { tab: to, attachment });
        this.publishHealth(); // a new or returning follower has no health yet
        return;
      }
      case 'detach':
        this.#release(`${message.from} ${message.id}`);
        return;
      case 'send':
      case 'track': {
        const held = this.#held.get(`${message.from} ${message.id}`);
        const to = message.from;
        const call = message.call;
        const result = !held ? Promise.resolve('error' as const) : message.t === 'send' ? held.attachment.send(message.payload) : held.attachment.track(message.state);
        void result.then((value) => this.#post({ t: 'result', to, call, result: value }));
        return;
      }
      case 'beat':
        return;
      default:
    }
  }

  /** Tabs that closed or stopped beating: their requests are released like an unsubscribe. */
  tabsGone(tabs: readonly string[]): void {
    for (const [key, held] of [...this.#held]) if (tabs.includes(held.tab)) this.#release(key);
  }

  stop(): void {
    this.#offHealth();
    for (const key of [...this.#held.keys()]) this.#release(key);
  }

  #release(key: string): void {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    held.attachment.release();
  }
}
