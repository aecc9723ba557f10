import { createRequire } from 'node:module';
import { createClient } from '@supabase/supabase-js';
import { expect, test } from 'vitest';

// Node's own resolution, untouched by the project's `resolve.alias`.
const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/**
 * The core tests run twice: against the newest supabase-js (project `node`) and against the
 * oldest supported one (project `node-oldest-supabase`, which aliases the import and names the
 * package in SUPABASE_JS_UNDER_TEST). This proves each run loads the release it claims to.
 */
test('the tests load the supabase-js release they are meant to test', () => {
  const underTest = process.env.SUPABASE_JS_UNDER_TEST ?? '@supabase/supabase-js';
  const client = createClient('http://127.0.0.1:1', 'anon-key', { auth: { persistSession: false, autoRefreshToken: false } });
  const clientInfo = (client as unknown as { headers: Record<string, string> }).headers['X-Client-Info'];
  // 'supabase-js-node/2.105.0' in older releases, 'supabase-js/2.119.0; runtime=node; …' in newer ones.
  const loaded = /^supabase-js(?:-node)?\/(\d+\.\d+\.\d+)(?:;|$)/.exec(clientInfo ?? '')?.[1];
  expect(loaded).toBe(versionOf(underTest));
  if (underTest !== '@supabase/supabase-js') expect(versionOf(underTest)).not.toBe(versionOf('@supabase/supabase-js'));
});
