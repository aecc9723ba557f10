import { JSDOM } from 'jsdom';

/**
 * Give Node the browser globals react-dom needs, from one jsdom window. Must run before
 * react-dom is imported. Node's own `navigator` is kept (jsdom's says online too).
 */
export function installDom(): JSDOM {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'http://localhost/' });
  const g = globalThis as Record<string, unknown>;
  for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Element', 'Event', 'CustomEvent', 'MutationObserver']) {
    if (!(name in g)) Object.defineProperty(g, name, { value: (dom.window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
  }
  return dom;
}
