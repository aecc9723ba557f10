import { createContext } from 'react';

/** What `useErrorBoundary()` reads from the nearest boundary. */
export interface ErrorBoundaryContextValue {
  hasError: boolean;
  error: unknown;
  resetBoundary: () => void;
}

/** Set by every `<ErrorBoundary>` around both its children and its fallback; null outside one. */
export const ErrorBoundaryContext = createContext<ErrorBoundaryContextValue | null>(null);
ErrorBoundaryContext.displayName = 'ErrorBoundaryContext';
