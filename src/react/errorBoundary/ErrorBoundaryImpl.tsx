import { Component, createElement, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { classifyError } from '../../core/classifyError';
import { planRecovery, type ResolvedRecoveryOptions } from '../../core/recoveryPolicy';
import type { RealtimeManager } from '../../core/manager/realtimeManagerTypes';
import type { ErrorClassification } from '../../core/types';
import { ErrorBoundaryContext, type ErrorBoundaryContextValue } from './errorBoundaryContext';
import { RecoveryScheduler } from './recoveryScheduler';
import type { ErrorBoundarySharedProps, FallbackProps, ResetReason } from './types';
import { resetKeysChanged } from './resetKeysChanged';

export interface ErrorBoundaryImplProps extends ErrorBoundarySharedProps {
  fallback?: ReactNode;
  FallbackComponent?: ComponentType<FallbackProps>;
  fallbackRender?: (props: FallbackProps) => ReactNode;
  /** The provider's manager, or null outside a `RealtimeProvider`. */
  manager: RealtimeManager | null;
  options: ResolvedRecoveryOptions;
  /** `reset` of this boundary's own QueryErrorResetBoundary. */
  queryReset: () => void;
}

interface State {
  hasError: boolean;
  error: unknown;
  classification: ErrorClassification | null;
  recovering: boolean;
  attempt: number;
  nextRetryAt: number | null;
}

const initialState: State = {
  hasError: false,
  error: null,
  classification: null,
  recovering: false,
  attempt: 0,
  nextRetryAt: null,
};

/** The class behind `<ErrorBoundary>`; use `ErrorBoundary`, which supplies manager, options and query reset. */
export class ErrorBoundaryImpl extends Component<ErrorBoundaryImplProps, State> {
  override state: State = initialState;
  /** Automatic resets in the current run of failures. */
  #attempts = 0;
  /** The pending automatic reset (timer or wait for a healthy connection). */
  #recovery = new RecoveryScheduler();
  /** Clears `#attempts` once the children have stayed up for `stableAfterMs`. */
  #stability = new RecoveryScheduler();
  #context: ErrorBoundaryContextValue | null = null;
  /** A recovery was pending when the component unmounted (see componentDidMount). */
  #interrupted = false;

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { hasError: true, error, classification: classifyError(error), recovering: false, nextRetryAt: null };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // An error right after a reset lands here before the stability timer fires: it keeps
    // counting as the next attempt instead of starting a fresh run (no reset loops).
    this.#stability.cancel();
    const classification = this.state.error === error && this.state.classification ? this.state.classification : classifyError(error);
    this.props.onError?.(error, info, classification);
    this.#plan(classification);
  }

  override componentDidUpdate(prevProps: ErrorBoundaryImplProps, prevState: State): void {
    if (prevState.hasError && !this.state.hasError) {
      this.#stability.after(this.props.options.stableAfterMs, () => {
        this.#attempts = 0;
      });
      return;
    }
    // `prevState.hasError` keeps a key change that arrives with the error itself from resetting it at once.
    if (this.state.hasError && prevState.hasError && resetKeysChanged(prevProps.resetKeys, this.props.resetKeys)) {
      this.#reset('keys');
    }
  }

  override componentDidMount(): void {
    // StrictMode simulates an unmount and a remount right after the first commit; the unmount
    // cancelled the recovery that componentDidCatch planned in that commit, so plan it again.
    if (this.#interrupted && this.state.hasError) this.#plan(this.state.classification ?? classifyError(this.state.error));
    this.#interrupted = false;
  }

  override componentWillUnmount(): void {
    this.#interrupted = this.#recovery.pending;
    this.#recovery.cancel();
    this.#stability.cancel();
  }

  #plan(classification: ErrorClassification): void {
    const health = this.props.manager?.health ?? null;
    const snapshot = health?.getSnapshot() ?? null;
    const plan = planRecovery({
      classification,
      attemptsMade: this.#attempts,
      connected: snapshot ? snapshot.status === 'connected' : null,
      needsAuth: snapshot?.status === 'needs-auth',
      options: this.props.options,
    });
    const attempt = this.#attempts;
    switch (plan.kind) {
      case 'reconnect':
        this.setState({ recovering: true, attempt, nextRetryAt: null });
        this.#recovery.whenHealthy(
          health!,
          () => this.#reset('reconnected'),
          // Keeps the socket connecting while we wait (released on reset and unmount).
          () => holdConnection(this.props.manager),
          (authError) => this.#sessionEnded(authError),
        );
        return;
      case 'retry':
        this.setState({ recovering: true, attempt, nextRetryAt: Date.now() + plan.delayMs });
        this.#recovery.after(plan.delayMs, () => this.#reset('retry'));
        return;
      case 'manual':
        this.#recovery.cancel();
        if (plan.why === 'needs-auth') return this.#sessionEnded(snapshot?.authError ?? null);
        this.setState({ recovering: false, attempt, nextRetryAt: null });
        return;
    }
  }

  /** The session ended: the fallback stays, showing the auth classification ("sign in again"). */
  #sessionEnded(authError: ErrorClassification | null): void {
    this.setState((state) => ({
      recovering: false,
      attempt: this.#attempts,
      nextRetryAt: null,
      classification: authError ?? state.classification,
    }));
  }

  #reset(reason: ResetReason): void {
    if (!this.state.hasError) return;
    this.#recovery.cancel();
    const automatic = reason === 'reconnected' || reason === 'retry';
    // A person acting (or new keys) starts a fresh run; automatic resets count toward the cap.
    this.#attempts = automatic ? this.#attempts + 1 : 0;
    this.props.onReset?.({ reason, error: this.state.error, attempt: this.#attempts });
    // Lets queries inside fetch again on mount instead of rethrowing their cached error.
    this.props.queryReset();
    this.setState(initialState);
  }

  #resetImperative = (): void => {
    this.#reset('imperative');
  };

  #contextValue(): ErrorBoundaryContextValue {
    const { hasError, error } = this.state;
    if (this.#context === null || this.#context.hasError !== hasError || this.#context.error !== error) {
      this.#context = { hasError, error, resetBoundary: this.#resetImperative };
    }
    return this.#context;
  }

  override render(): ReactNode {
    const { hasError, error, classification, recovering, attempt, nextRetryAt } = this.state;
    let content: ReactNode = this.props.children;
    if (hasError) {
      const fallbackProps: FallbackProps = {
        error,
        classification: classification ?? classifyError(error),
        resetBoundary: this.#resetImperative,
        recovering,
        attempt,
        nextRetryAt,
      };
      const { FallbackComponent, fallbackRender, fallback } = this.props;
      if (FallbackComponent) content = createElement(FallbackComponent, fallbackProps);
      else if (fallbackRender) content = fallbackRender(fallbackProps);
      else content = fallback ?? null;
    }
    return <ErrorBoundaryContext.Provider value={this.#contextValue()}>{content}</ErrorBoundaryContext.Provider>;
  }
}

/** `retain({ keepConnected: true })` of the manager, or a no-op release (no manager, or a destroyed one). */
function holdConnection(manager: RealtimeManager | null): () => void {
  try {
    return manager?.retain({ keepConnected: true }) ?? (() => {});
  } catch {
    return () => {};
  }
}
