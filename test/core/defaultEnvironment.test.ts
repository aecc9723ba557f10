/**
 * The default environment's page events: the unsubscribe removes exactly the listeners it
 * added, from the objects it added them to, even once the globals are gone (a provider's
 * grace-period teardown can run after a test environment, or an unloading page, dropped them).
 */
import { afterEach, expect, test, vi } from 'vitest';
import { createDefaultEnvironment } from '../../src/core/realtimeEnvironment';

afterEach(() => {
  vi.unstubAllGlobals();
});

test('the page-event unsubscribe works after window and document are gone, and stops the events', () => {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  const events: string[] = [];
  const unsubscribe = createDefaultEnvironment().subscribe((event) => events.push(event));
  win.dispatchEvent(new Event('online'));
  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));

  vi.unstubAllGlobals();
  expect(typeof window).toBe('undefined');
  expect(() => unsubscribe()).not.toThrow();
  win.dispatchEvent(new Event('offline'));
  doc.dispatchEvent(new Event('visibilitychange'));
  expect(events).toEqual(['online', 'hidden']);
});

test('a closed window (its methods gone, as jsdom leaves it) does not make the unsubscribe throw', () => {
  const win = new EventTarget() as EventTarget & { removeEventListener?: unknown };
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  const unsubscribe = createDefaultEnvironment().subscribe(() => {});
  // jsdom's window.close() deletes the window's own properties, methods included.
  Object.defineProperty(win, 'removeEventListener', { value: undefined });
  expect(() => unsubscribe()).not.toThrow();
});
