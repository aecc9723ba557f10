/**
 * Size budgets per import set (`npm run size`, after `npm run build`), measured by size-limit
 * with its esbuild plugin: the built `dist/index.js` bundled the way an app's bundler would,
 * minified, gzipped. Peer dependencies are left out (size-limit does that on its own);
 * `use-sync-external-store` is a real dependency and is counted.
 *
 * `limit` is a regression budget: the size measured when it was last set plus a small
 * margin. `target` is where each set should get to; scripts/size-table.mjs prints both in
 * README.md's size table, and `npm run size` fails when that table is out of date.
 */

/** The production build an app ships: React's dev-only branches are dropped. */
function asProduction(config) {
  return {
    ...config,
    platform: 'browser',
    format: 'esm',
    define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
    // The cross-tab chunk is loaded by import() only with the `crossTab` option: an app's
    // bundler splits it off, while esbuild without splitting would inline it into every set.
    external: [...(config.external ?? []), '../crossTab/*'],
    logLevel: 'silent',
  };
}

const entry = 'dist/index.js';

/**
 * Import sets. Each `target` is the size this set should get down to (gzip, peers left out);
 * the provider set and the whole entry are far from theirs (docs/size.md says where the bytes go
 * and what reaching the targets would take).
 */
export const checks = [
  {
    name: 'RealtimeProvider + useRealtimeSubscription + useConnectionHealth',
    path: entry,
    import: '{ RealtimeProvider, useRealtimeSubscription, useConnectionHealth }',
    limit: '23 KiB',
    target: '7 KiB',
  },
  {
    name: 'classifyError',
    path: entry,
    import: '{ classifyError }',
    limit: '6 KiB',
    target: '2.5 KiB',
  },
  {
    // In a production build the entry renders nothing, so the whole panel is dropped.
    name: 'RealtimeDevtools in a production build',
    path: 'dist/devtools/index.js',
    import: '{ RealtimeDevtools }',
    limit: '0.5 KiB',
    target: '0.1 KiB',
  },
  {
    name: 'RealtimeDevtools from devtools/production (panel included)',
    path: 'dist/devtools/production.js',
    import: '{ RealtimeDevtools }',
    limit: '12.5 KiB',
    target: '10 KiB',
  },
  {
    name: 'the whole main entry',
    path: entry,
    import: '*',
    limit: '32.5 KiB',
    target: '14 KiB',
  },
];

export default checks.map(({ target: _target, ...check }) => ({ ...check, gzip: true, modifyEsbuildConfig: asProduction }));
