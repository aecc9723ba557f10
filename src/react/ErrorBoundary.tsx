import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { useContext, useMemo, type ReactNode } from 'react';
import { resolveRecoveryOptions } from '../core/recoveryPolicy';
import { assertOneFallback } from './errorBoundary/assertOneFallback';
import { ErrorBoundaryImpl } from './errorBoundary/ErrorBoundaryImpl';
import type { ErrorBoundaryProps } from './errorBoundary/types';
import { RealtimeManagerContext } from './realtimeContext';

/**
 * Catches render errors (and errors passed to `useErrorBoundary().showBoundary`), classifies
 * them with `classifyError`, shows the fallback and recovers by category:
 * - `connection`, `timeout`, `auth`: reset once the realtime connection is healthy again
 *   (`'reconnected'`); outside a `RealtimeProvider`, or when the connection already looks
 *   healthy, a timed retry instead;
 * - other retryable errors: reset after a growing, jittered delay (`'retry'`);
 * - fatal errors: wait for `resetBoundary()` (`'imperative'`) or a `resetKeys` change (`'keys'`).
 * At most `recovery.maxAttempts` automatic resets per run of failures; the count returns to
 * zero once the children have rendered without error for `recovery.stableAfterMs`.
 * Queries inside (TanStack Query with `throwOnError`) are refetched on reset and do not
 * retry on mount while the fallback shows.
 */
export function ErrorBoundary(props: ErrorBoundaryProps): ReactNode {
  assertOneFallback(props);
  const manager = useContext(RealtimeManagerContext);
  const recovery = props.recovery;
  // Keyed by value so an inline `recovery={{…}}` does not re-resolve on every render.
  const options = useMemo(
    () => resolveRecoveryOptions(recovery),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [recovery?.maxAttempts, recovery?.baseDelayMs, recovery?.maxDelayMs, recovery?.stableAfterMs, recovery?.random],
  );
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => <ErrorBoundaryImpl {...props} manager={manager} options={options} queryReset={reset} />}
    </QueryErrorResetBoundary>
  );
}
