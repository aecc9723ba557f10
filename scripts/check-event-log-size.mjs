#!/usr/bin/env node
/**
 * What the event log (`manager.events`) adds to the main entry (`npm run size`, after
 * `npm run build`): the whole entry bundled twice the way the size check bundles it (esbuild,
 * minified, production, peers left out, gzip level 9), once as built and once with the log
 * taken out: `managerEventLog.js` replaced by a no-op of the same shape and the manager's
 * calls into it removed. The difference must stay within EVENT_LOG_BUDGET.
 *
 * The call sites are matched as text in dist/. When one is not found (the code moved), the
 * check fails and names it, rather than measuring something else.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const EVENT_LOG_BUDGET = 512;

const noOpLog = `const n = () => {};
export function createEventLog() { return { capacity: 0, listening: false, entries: () => [], subscribe: () => n, record: n, connection: n, channel: n, channelLeft: n }; }
export const redact = (v) => v;`;

/** Per built file, the calls into the log, each removed (or replaced) in the variant without it. */
const callSites = {
  'core/manager/createRealtimeManager.js': [
    ['createEventLog(env.now)', 'createEventLog()'],
    ['events.record("heartbeat", void 0, { latencyMs: latency ?? null });', ''],
    ['events.connection(this.#connection.snapshot);', ''],
    [/this\.events\.record\("fault", void 0, \{[^}]*\}\);/, ''],
  ],
  'core/manager/managerChannelHost.js': [
    [/samplePayload\(channel, payload\) \{[^}]*\}\)?;?\s*\}/, ''],
    ['this.#events.channel(channel);', ''],
    ['this.#events.channelLeft(channel.topic);', ''],
  ],
  'core/sharedChannel.js': [
    ['this.#host.samplePayload?.(this, payload);', ''],
    ['this.#host.samplePayload?.(this, message);', ''],
  ],
};

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(pkg.peerDependencies ?? {}).flatMap((name) => [name, `${name}/*`]), '../crossTab/*'];

async function bundledSize(withoutLog, problems) {
  const plugin = {
    name: 'without-event-log',
    setup(builder) {
      builder.onLoad({ filter: /dist[\\/].*\.js$/ }, (args) => {
        const path = args.path.replace(/\\/g, '/');
        if (path.endsWith('/dist/core/manager/managerEventLog.js')) return { contents: noOpLog, loader: 'js' };
        const file = Object.keys(callSites).find((name) => path.endsWith(`/dist/${name}`));
        if (!file) return undefined;
        let text = readFileSync(args.path, 'utf8');
        for (const [pattern, replacement] of callSites[file]) {
          const next = text.replace(pattern, replacement);
          if (next === text) problems.push(`event log size check: call site ${String(pattern)} not found in dist/${file}; update scripts/check-event-log-size.mjs.`);
          text = next;
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
  const result = await build({
    stdin: { contents: "export * from './dist/index.js';", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    plugins: withoutLog ? [plugin] : [],
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/** `{ bytes, problems }`: what the log costs the main entry, and anything that went wrong. */
export async function measureEventLogCost() {
  const problems = [];
  const withLog = await bundledSize(false, problems);
  const withoutLog = await bundledSize(true, problems);
  const bytes = withLog - withoutLog;
  if (problems.length === 0 && bytes > EVENT_LOG_BUDGET) {
    problems.push(`the event log adds ${String(bytes)} bytes to the main entry (budget ${String(EVENT_LOG_BUDGET)}); see docs/size.md.`);
  }
  return { bytes, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bytes, problems } = await measureEventLogCost();
  console.log(`event log in the main entry: ${String(bytes)} bytes min+gzip (budget ${String(EVENT_LOG_BUDGET)})`);
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length > 0) process.exit(1);
}
