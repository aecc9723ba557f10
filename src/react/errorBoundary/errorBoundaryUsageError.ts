/** Thrown when the ErrorBoundary API is used wrongly; the message says how to fix it. */
export class ErrorBoundaryUsageError extends TypeError {
  override name = 'ErrorBoundaryUsageError';
}
