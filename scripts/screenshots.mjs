#!/usr/bin/env node
/**
 * Screenshots of the main stories in headless Chromium, for a visual check.
 * Needs a running Storybook (`npm start`); writes PNGs to $SCREENSHOT_DIR (default /tmp/screens).
 *
 *   node scripts/screenshots.mjs [http://localhost:6006]
 *
 * Stories with a play function are captured after it finished (the end state a person sees).
 */
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:6006';
const outDir = process.env.SCREENSHOT_DIR ?? '/tmp/screens';
const stories = [
  ['live-todo-list', 'demos-live-todo-list--two-clients'],
  ['connection-health', 'demos-connection-health-panel--health-panel'],
  ['chaos-controls', 'demos-chaos-controls--close-1011-and-recover'],
  ['error-boundary', 'demos-errorboundary-recovery--recovers-by-itself'],
  ['shared-channels', 'demos-shared-channels-under-strictmode--hundred-components-one-join'],
  ['presence-broadcast', 'demos-presence-and-broadcast--who-is-here-and-chat'],
];

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const [name, id] of stories) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
    // Storybook marks the end of the play function on the root element's parent document.
    await page.waitForFunction(() => !document.querySelector('.sb-show-preparing-story') && document.querySelector('#storybook-root')?.childElementCount, null, { timeout: 60_000 });
    await page.waitForTimeout(12_000);
    const path = `${outDir}/${name}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(path);
    await page.close();
  }
} finally {
  await browser.close();
}
