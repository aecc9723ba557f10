import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';

/**
 * `useSyncExternalStore` returning a slice of the snapshot: re-renders only when the
 * selected value changes (`Object.is`, or `isEqual`). Same semantics as the
 * `use-sync-external-store/with-selector` shim, written against React 18+'s built-in hook
 * so the browser bundle carries no CommonJS shim.
 */
export function useSyncExternalStoreWithSelector<S, T>(
  subscribe: (onChange: () => void) => () => void,
  getSnapshot: () => S,
  getServerSnapshot: () => S,
  selector: (snapshot: S) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  // The last committed selection, shared by every memoized selector of this component, so an
  // inline selector (new on every render) still returns the previous value when `isEqual` says so.
  const committed = useRef<{ value: T } | null>(null);
  const [getSelection, getServerSelection] = useMemo(() => {
    const memo: { last?: { snapshot: S; selection: T } } = {};
    const select = (snapshot: S): T => {
      const last = memo.last;
      if (last && Object.is(last.snapshot, snapshot)) return last.selection;
      const next = selector(snapshot);
      // Before the first pick, compare with what the component last rendered.
      const previous = last ? { value: last.selection } : committed.current;
      const selection = isEqual !== undefined && previous !== null && isEqual(previous.value, next) ? previous.value : next;
      memo.last = { snapshot, selection };
      return selection;
    };
    return [() => select(getSnapshot()), () => select(getServerSnapshot())];
  }, [getSnapshot, getServerSnapshot, selector, isEqual]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    committed.current = { value };
  }, [value]);
  return value;
}
