import { useContext, useMemo, useState } from 'react';
import { ErrorBoundaryContext } from './errorBoundary/errorBoundaryContext';
import { ErrorBoundaryUsageError } from './errorBoundary/errorBoundaryUsageError';

/** What `useErrorBoundary()` returns. */
export interface UseErrorBoundaryResult {
  /** Hands an error (e.g. from an event handler or a promise) to the nearest `<ErrorBoundary>`. */
  showBoundary: (error: unknown) => void;
  /** Resets the nearest boundary (`onReset` reason `'imperative'`). */
  resetBoundary: () => void;
}

/**
 * Access to the nearest `<ErrorBoundary>` from its children or its fallback. React only
 * catches errors thrown while rendering, so `showBoundary` stores the error and rethrows it
 * on the next render. Throws `ErrorBoundaryUsageError` outside a boundary.
 */
export function useErrorBoundary(): UseErrorBoundaryResult {
  const context = useContext(ErrorBoundaryContext);
  if (context === null) {
    throw new ErrorBoundaryUsageError('useErrorBoundary() must be called inside an <ErrorBoundary>; wrap the component in one.');
  }
  const [state, setState] = useState<{ error: unknown } | null>(null);
  if (state !== null) throw state.error;
  const { resetBoundary } = context;
  return useMemo(
    () => ({
      showBoundary: (error: unknown) => setState({ error }),
      resetBoundary,
    }),
    [resetBoundary],
  );
}
