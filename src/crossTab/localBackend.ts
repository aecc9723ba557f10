import type { SupabaseClient } from '@supabase/supabase-js';
import { createRealtimeManager } from '../core/manager/createRealtimeManager';
import type { RealtimeManager, RealtimeManagerOptions } from '../core/manager/realtimeManagerTypes';
import type { SubscriptionState } from '../core/types';
import type { AttachmentSink, BackendAttachment, CallResult, TabBackend } from './tabBackend';
import type { RemoteRequest } from './tabProtocol';

const unsupported = () => Promise.resolve<CallResult>('error');

/**
 * This tab's own manager and socket. The leader attaches its own subscriptions and every
 * follower's here, so the manager's registry counts remote subscribers like local ones and
 * N identical subscriptions across all tabs are one join.
 */
export class LocalBackend implements TabBackend {
  readonly manager: RealtimeManager;
  readonly #releaseRetain: () => void;

  constructor(client: SupabaseClient, options: RealtimeManagerOptions) {
    this.manager = createRealtimeManager(client, options);
    this.#releaseRetain = this.manager.retain();
  }

  get health() {
    return this.manager.health;
  }

  attach(request: RemoteRequest, sink: AttachmentSink): BackendAttachment {
    const manager = this.manager;
    if (request.kind === 'postgres') {
      const handle = manager.subscribe({ ...request.spec, onChange: sink.event, onResubscribe: sink.gap });
      return { ...follow(handle, sink), send: unsupported, track: unsupported };
    }
    if (request.kind === 'broadcast') {
      const handle = manager.broadcast(request.channel, request.event, sink.event, { private: request.private });
      return { ...follow(handle, sink), send: (payload) => handle.send(payload), track: unsupported };
    }
    const handle = manager.presence(request.channel, request.state, { private: request.private });
    const publish = () => {
      const { status, members } = handle.getSnapshot();
      sink.state({ status, error: null, lastEventAt: null });
      sink.members(members as Record<string, unknown[]>);
    };
    const off = handle.subscribe(publish);
    publish();
    return {
      release: () => {
        off();
        handle.unsubscribe();
      },
      send: unsupported,
      track: (state) => (state ? handle.track(state) : handle.untrack()),
    };
  }

  reconnect(): void {
    this.manager.reconnect();
  }

  refreshAuth(): Promise<boolean> {
    return this.manager.refreshAuth();
  }

  async dispose(): Promise<void> {
    this.#releaseRetain();
    await this.manager.destroy();
  }
}

function follow(handle: { getSnapshot(): SubscriptionState; subscribe(listener: () => void): () => void; unsubscribe(): void }, sink: AttachmentSink) {
  const off = handle.subscribe(() => sink.state(handle.getSnapshot()));
  sink.state(handle.getSnapshot());
  return {
    release: () => {
      off();
      handle.unsubscribe();
    },
  };
}
