import { useLayoutEffect, useRef, type RefObject } from 'react';

// useLayoutEffect warns during server rendering; nothing to sync there anyway.
const useIsomorphicLayoutEffect = typeof window !== 'undefined' ? useLayoutEffect : () => {};

/**
 * A ref that always holds the latest `value`. Callbacks read through it, so an inline
 * `onChange={() => …}` with a new identity on every render does not re-subscribe.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
