import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
// The semantics useConnectionHealth relies on, checked against the package it uses.
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';

interface Snapshot {
  a: number;
  b: number;
}

function createStore(initial: Snapshot) {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    set(next: Snapshot) {
      snapshot = next;
      for (const listener of listeners) listener();
    },
  };
}

describe('useSyncExternalStoreWithSelector', () => {
  it('re-renders only when the selected slice changes, keeping the equal selection object', () => {
    const store = createStore({ a: 1, b: 1 });
    const seen: Array<{ a: number }> = [];
    function Probe() {
      // An inline selector and comparator: new functions on every render.
      const slice = useSyncExternalStoreWithSelector(
        store.subscribe,
        store.getSnapshot,
        store.getSnapshot,
        (s) => ({ a: s.a }),
        (x, y) => x.a === y.a,
      );
      seen.push(slice);
      return <p>{slice.a}</p>;
    }
    const { container } = render(<Probe />);
    const renders = seen.length;
    act(() => store.set({ a: 1, b: 2 }));
    expect(seen.length).toBe(renders);
    act(() => store.set({ a: 2, b: 2 }));
    expect(container.textContent).toBe('2');
    expect(seen.length).toBeGreaterThan(renders);
    const afterChange = seen[seen.length - 1];
    act(() => store.set({ a: 2, b: 3 }));
    expect(seen[seen.length - 1]).toBe(afterChange);
  });

  it('without isEqual, uses Object.is on the selection', () => {
    const store = createStore({ a: 1, b: 1 });
    let renders = 0;
    function Probe() {
      const a = useSyncExternalStoreWithSelector(store.subscribe, store.getSnapshot, store.getSnapshot, (s) => s.a);
      renders += 1;
      return <p>{a}</p>;
    }
    const { container } = render(<Probe />);
    const before = renders;
    act(() => store.set({ a: 1, b: 5 }));
    expect(renders).toBe(before);
    act(() => store.set({ a: 7, b: 5 }));
    expect(container.textContent).toBe('7');
  });
});
