// Runs in the node project: no window, no document, as during server rendering.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { RealtimeProvider, useConnectionHealth, useRealtimeSubscription } from '../../src/index';
import { createTestClient } from '../support/clients';

test('server rendering sees status initial and opens nothing', () => {
  expect(typeof window).toBe('undefined');
  const client = createTestClient({ url: 'http://127.0.0.1:9', anonKey: 'anon-key-for-ssr' });
  function Badge() {
    const status = useConnectionHealth((h) => h.status);
    const sub = useRealtimeSubscription({ table: 'todos', filter: 'id=eq.1' });
    return createElement('b', null, `${status}/${sub.status}`);
  }
  const html = renderToString(createElement(RealtimeProvider, { client }, createElement(Badge)));
  expect(html).toBe('<b>initial/idle</b>');
  expect(client.realtime.isConnected() || client.realtime.isConnecting()).toBe(false);
  expect(client.realtime.channels).toHaveLength(0);
});
