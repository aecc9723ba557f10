import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from '../support/devServer';
import type { DevServer } from '../../src/devserver/types';
import type { RealtimeManagerStats } from '../../src/index';

export interface TabRecord {
  events: number[][];
  eventTimes: Record<number, number>;
  rows: number[];
  role: string;
  tabs: number;
  members: Record<string, string[]>;
  /** Ids of `secrets` rows whose INSERT this tab received (with `&secrets=1`). */
  secrets: number[];
  /** The signed-in user's id, or null. */
  userId: string | null;
}

/**
 * The dev server, a Vite dev server for test/browser/crossTabPage and one Chromium context:
 * several pages of one context are tabs of one browser (they share BroadcastChannel and Web
 * Locks), as in a user's browser.
 */
export interface CrossTabHarness {
  server: DevServer;
  context: BrowserContext;
  /** Opens the page with `query`; `prepare` runs on the new page before it loads (e.g. `addInitScript`). */
  openTab(query?: Record<string, string>, prepare?: (page: Page) => Promise<unknown>): Promise<Page>;
  record(page: Page): Promise<TabRecord>;
  /** The tab's `manager.getStats()`. */
  stats(page: Page): Promise<RealtimeManagerStats>;
  close(): Promise<void>;
}

export async function startCrossTabHarness(): Promise<CrossTabHarness> {
  const server = await startTestServer();
  const root = fileURLToPath(new URL('./crossTabPage/', import.meta.url));
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  let vite: ViteDevServer | null = null;
  let browser: Browser | null = null;
  try {
    vite = await createServer({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      cacheDir: fileURLToPath(new URL('../../node_modules/.vite-cross-tab', import.meta.url)),
      server: { port: 0, host: '127.0.0.1', fs: { allow: [repo] } },
    });
    await vite.listen();
    const address = vite.httpServer!.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}/`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const context = await browser.newContext();
    const openedBrowser = browser;
    const openedVite = vite;
    return {
      server,
      context,
      async openTab(query = {}, prepare) {
        const page = await context.newPage();
        await prepare?.(page);
        const search = new URLSearchParams({ url: server.url, key: server.anonKey, ...query });
        await page.goto(`${base}?${search}`);
        return page;
      },
      record: (page) => page.evaluate(() => structuredClone((window as unknown as { __crossTab: TabRecord }).__crossTab)),
      stats: (page) => page.evaluate(() => (window as unknown as { __stats: () => RealtimeManagerStats }).__stats()),
      async close() {
        await openedBrowser.close();
        await openedVite.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await vite?.close();
    await server.close();
    throw error;
  }
}

/**
 * The setup every cross-tab test file shares: a harness started before the file's tests (then
 * `prepare`, e.g. users to sign in as) and closed after them. The returned harness forwards to
 * the started one, so files use it like a module-level constant.
 */
export function setUpCrossTabTests(prepare?: (harness: CrossTabHarness) => Promise<unknown>): CrossTabHarness {
  let current: CrossTabHarness | undefined;
  const started = (): CrossTabHarness => {
    if (!current) throw new Error('The cross-tab harness is not started yet: use it inside a test, not at module level.');
    return current;
  };
  beforeAll(async () => {
    current = await startCrossTabHarness();
    await prepare?.(current);
  }, 120_000);
  afterAll(async () => {
    await current?.close();
  });
  return {
    get server() {
      return started().server;
    },
    get context() {
      return started().context;
    },
    openTab: (query, prepareTab) => started().openTab(query, prepareTab),
    record: (page) => started().record(page),
    stats: (page) => started().stats(page),
    close: () => started().close(),
  };
}

/** Each page's role (`leader`, `follower` or `''` before the group has one). */
export async function tabRoles(harness: CrossTabHarness, pages: Page[]): Promise<string[]> {
  return Promise.all(pages.map(async (page) => (await harness.record(page)).role));
}

/** Insert a todo as the server and return its id. */
export async function insertTodo(harness: CrossTabHarness, title: string, priority: number): Promise<number> {
  const { rows } = await harness.server.sql<{ id: number }>('insert into todos (title, priority) values ($1, $2) returning id', [title, priority]);
  return Number(rows[0]!.id);
}
