import type { ComponentType, ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import type { ErrorBoundaryFallbackProps, ErrorBoundarySharedProps } from './errorBoundary/types';

/** Boundary props for `withErrorBoundary`: everything but `children`. */
export type WithErrorBoundaryProps = Omit<ErrorBoundarySharedProps, 'children'> & ErrorBoundaryFallbackProps;

/** Wraps `Component` in an `<ErrorBoundary {...boundaryProps}>`. */
export function withErrorBoundary<P extends object>(Component: ComponentType<P>, boundaryProps: WithErrorBoundaryProps): ComponentType<P> {
  function Wrapped(props: P): ReactNode {
    return (
      <ErrorBoundary {...boundaryProps}>
        <Component {...props} />
      </ErrorBoundary>
    );
  }
  Wrapped.displayName = `withErrorBoundary(${Component.displayName ?? Component.name ?? 'Component'})`;
  return Wrapped;
}
