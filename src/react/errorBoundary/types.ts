import type { ComponentType, ErrorInfo, ReactNode } from 'react';
import type { ErrorClassification } from '../../core/types';
import type { RecoveryOptions } from '../../core/recoveryPolicy';

/** Why the boundary showed its children again. */
export type ResetReason =
  /** The realtime connection became healthy again after a connection, timeout or auth error. */
  | 'reconnected'
  /** A timed automatic retry of a retryable error. */
  | 'retry'
  /** `resetBoundary()` from the fallback or `useErrorBoundary()`. */
  | 'imperative'
  /** An element of `resetKeys` changed. */
  | 'keys';

export interface ResetDetails {
  reason: ResetReason;
  /** The error that was showing. */
  error: unknown;
  /** Automatic resets made in this run of failures, including this one when it is automatic. */
  attempt: number;
}

/** What the fallback receives. */
export interface FallbackProps {
  error: unknown;
  classification: ErrorClassification;
  /** Shows the children again now (`onReset` reason `'imperative'`). */
  resetBoundary: () => void;
  /** True while an automatic reset is scheduled or waits for the connection. */
  recovering: boolean;
  /** Automatic resets already made in this run of failures (0 when the error first shows). */
  attempt: number;
  /** Epoch ms of the scheduled timed retry; null when none is scheduled. */
  nextRetryAt: number | null;
}

/**
 * Exactly one way to render the fallback. The other two are typed `never`, so passing
 * two (or none) does not compile.
 */
export type ErrorBoundaryFallbackProps =
  | { fallback: ReactNode; FallbackComponent?: never; fallbackRender?: never }
  | { fallback?: never; FallbackComponent: ComponentType<FallbackProps>; fallbackRender?: never }
  | { fallback?: never; FallbackComponent?: never; fallbackRender: (props: FallbackProps) => ReactNode };

export interface ErrorBoundarySharedProps {
  children?: ReactNode;
  /** Called once per caught error (after classification), for logging or reporting. */
  onError?: (error: unknown, info: ErrorInfo, classification: ErrorClassification) => void;
  /** Called before the children are shown again, with the reason. */
  onReset?: (details: ResetDetails) => void;
  /** When an element changes (Object.is) while the fallback shows, the boundary resets (`'keys'`). */
  resetKeys?: readonly unknown[];
  /** Automatic recovery; see `RecoveryOptions`. */
  recovery?: RecoveryOptions;
}

/** Props of `<ErrorBoundary>`. */
export type ErrorBoundaryProps = ErrorBoundarySharedProps & ErrorBoundaryFallbackProps;
