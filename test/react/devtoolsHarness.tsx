import { cleanup, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import type { RealtimeManager } from '../../src/index';
import { createRealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

/**
 * The devtools render into an open shadow root on a host `<div data-srr-devtools>` appended to
 * `document.body`; Testing Library's screen does not look inside shadow roots, so every query
 * goes through the host's `shadowRoot`.
 */
export function devtoolsHosts(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-srr-devtools]')];
}

export function devtoolsRoot(): ShadowRoot {
  const hosts = devtoolsHosts();
  if (hosts.length !== 1) throw new Error(`expected one devtools host, found ${hosts.length}`);
  const root = hosts[0]!.shadowRoot;
  if (!root) throw new Error('the devtools host has no open shadow root');
  return root;
}

/** Testing Library queries scoped to the devtools' shadow root. */
export function devtools() {
  return within(devtoolsRoot() as unknown as HTMLElement);
}

/** Waits for the host and its toggle button (the shadow root is attached after mount). */
export async function waitForToggle(): Promise<HTMLButtonElement> {
  await waitUntil(() => devtoolsHosts().length === 1 && !!devtoolsRoot().querySelector('button.toggle'), 'the devtools toggle button');
  return devtoolsRoot().querySelector<HTMLButtonElement>('button.toggle')!;
}

/** Waits for the lazily loaded panel (its chunk is imported on first open). */
export async function waitForPanel(): Promise<HTMLElement> {
  await waitUntil(() => devtoolsHosts().length === 1 && !!devtoolsRoot().querySelector('[role=dialog]'), 'the devtools panel', 20_000);
  return devtoolsRoot().querySelector<HTMLElement>('[role=dialog]')!;
}

/** A manager on a real supabase-js client (over `ws`) for the test dev server; quick retries. */
export function newDevtoolsManager(server: DevServer, realtime: Record<string, unknown> = {}): RealtimeManager {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000, ...realtime } });
  return createRealtimeManager(client, { gracePeriodMs: 100, backoff: { baseMs: 50 } });
}

/**
 * What every devtools test file sets up: one dev server for the file, and managers (made by
 * `manager()`) destroyed after each test, with the rendered tree cleaned up first.
 */
export function setUpDevtoolsTests() {
  let current: DevServer | undefined;
  const managers: RealtimeManager[] = [];
  beforeAll(async () => {
    current = await startTestServer();
  });
  afterEach(async () => {
    cleanup();
    await Promise.all(managers.splice(0).map((m) => m.destroy()));
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get server(): DevServer {
      if (!current) throw new Error('The dev server is not started yet: use it inside a test, not at module level.');
      return current;
    },
    manager(realtime: Record<string, unknown> = {}): RealtimeManager {
      const m = newDevtoolsManager(this.server, realtime);
      managers.push(m);
      return m;
    },
  };
}

/** How many sockets the dev server has joined to the manager's `topic` (the wire topic is `realtime:<topic>`). */
export function serverSubscribers(server: DevServer, topic: string): number {
  return server.stats().channels.find((c) => c.topic === `realtime:${topic}`)?.subscribers ?? 0;
}

/** The real `ws` transport, counting the sockets the client opens (each reconnect opens one). */
export function countingTransport() {
  let opened = 0;
  class CountingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      opened++;
    }
  }
  return { transport: CountingWebSocket, opened: () => opened };
}
