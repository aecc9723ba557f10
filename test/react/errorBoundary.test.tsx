import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { StrictMode, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ErrorBoundary,
  ErrorBoundaryUsageError,
  RecoveryOptionsError,
  useErrorBoundary,
  withErrorBoundary,
  type FallbackProps,
  type ResetDetails,
} from '../../src/index';
import type { RealtimeManager } from '../../src/core/manager/realtimeManagerTypes';
import type { ConnectionHealth, ConnectionStatus } from '../../src/core/types';
import { RealtimeManagerContext } from '../../src/react/realtimeContext';

// PostgREST-shaped errors, as supabase-js returns them.
const serializationFailure = { code: '40001', message: 'could not serialize access due to concurrent update', details: null, hint: null };
const uniqueViolation = { code: '23505', message: 'duplicate key value violates unique constraint "todos_pkey"', details: null, hint: null };

/** Throws `error` on every render while `state.broken` is true. */
function makeChild(error: unknown) {
  const state = { broken: true };
  function Child(): ReactNode {
    if (state.broken) throw error;
    return <p>children ok</p>;
  }
  return { state, Child };
}

function Fallback({ classification, recovering, attempt, resetBoundary }: FallbackProps): ReactNode {
  return (
    <div role="alert">
      <span>{`${classification.category} recovering=${recovering} attempt=${attempt}`}</span>
      <button onClick={resetBoundary}>Try again</button>
    </div>
  );
}

beforeEach(() => {
  // React reports every caught error on console.error; the tests look at the DOM instead.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('<ErrorBoundary> catching and rendering', () => {
  it('shows the FallbackComponent with the classification and reports onError', () => {
    const { Child } = makeChild(uniqueViolation);
    const onError = vi.fn();
    render(
      <ErrorBoundary FallbackComponent={Fallback} onError={onError}>
        <Child />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('constraint recovering=false attempt=0');
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, info, classification] = onError.mock.calls[0]!;
    expect(error).toBe(uniqueViolation);
    expect(typeof info.componentStack).toBe('string');
    expect(classification).toMatchObject({ category: 'constraint', retryable: false, code: '23505' });
  });

  it('renders `fallback` and `fallbackRender`', () => {
    const { Child } = makeChild(new Error('boom'));
    render(
      <>
        <ErrorBoundary fallback={<p>static fallback</p>}>
          <Child />
        </ErrorBoundary>
        <ErrorBoundary fallbackRender={({ classification }) => <p>{`render fallback: ${classification.userMessage}`}</p>}>
          <Child />
        </ErrorBoundary>
      </>,
    );
    expect(screen.getByText('static fallback')).toBeTruthy();
    expect(screen.getByText('render fallback: Something went wrong.')).toBeTruthy();
  });

  it('rejects a boundary without a fallback or with two, with a typed error', () => {
    const seen: unknown[] = [];
    const Outer = ({ children }: { children: ReactNode }) => (
      <ErrorBoundary fallback={<p>outer caught</p>} onError={(error) => seen.push(error)}>
        {children}
      </ErrorBoundary>
    );
    const Untyped = ErrorBoundary as unknown as (props: Record<string, unknown>) => ReactNode;
    render(
      <>
        <Outer>
          <Untyped>
            <p>a</p>
          </Untyped>
        </Outer>
        <Outer>
          <Untyped fallback={<p />} fallbackRender={() => null}>
            <p>b</p>
          </Untyped>
        </Outer>
        <Outer>
          <ErrorBoundary fallback={null} recovery={{ maxAttempts: -2 }}>
            <p>c</p>
          </ErrorBoundary>
        </Outer>
      </>,
    );
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeInstanceOf(ErrorBoundaryUsageError);
    expect(String(seen[0])).toMatch(/needs one of `fallback`, `FallbackComponent` or `fallbackRender`/);
    expect(String(seen[1])).toMatch(/got `fallback` and `fallbackRender`; pass exactly one/);
    expect(seen[2]).toBeInstanceOf(RecoveryOptionsError);
  });

  it('lets the nearest boundary handle an error and leaves the outer one alone', () => {
    const { Child } = makeChild(uniqueViolation);
    const outerError = vi.fn();
    const innerError = vi.fn();
    render(
      <ErrorBoundary fallback={<p>outer fallback</p>} onError={outerError}>
        <p>outer sibling</p>
        <ErrorBoundary fallback={<p>inner fallback</p>} onError={innerError}>
          <Child />
        </ErrorBoundary>
      </ErrorBoundary>,
    );
    expect(screen.getByText('inner fallback')).toBeTruthy();
    expect(screen.getByText('outer sibling')).toBeTruthy();
    expect(screen.queryByText('outer fallback')).toBeNull();
    expect(innerError).toHaveBeenCalledTimes(1);
    expect(outerError).not.toHaveBeenCalled();
  });

  it('withErrorBoundary wraps a component and passes its props through', () => {
    function Greeting({ name }: { name: string }): ReactNode {
      if (name === 'bad') throw new Error('bad name');
      return <p>{`hello ${name}`}</p>;
    }
    const Safe = withErrorBoundary(Greeting, { fallback: <p>greeting failed</p> });
    expect(Safe.displayName).toBe('withErrorBoundary(Greeting)');
    render(
      <>
        <Safe name="ada" />
        <Safe name="bad" />
      </>,
    );
    expect(screen.getByText('hello ada')).toBeTruthy();
    expect(screen.getByText('greeting failed')).toBeTruthy();
  });
});

describe('useErrorBoundary', () => {
  it('shows an async error in the nearest boundary and resets it', async () => {
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const onReset = vi.fn();
    function Loader(): ReactNode {
      const { showBoundary } = useErrorBoundary();
      const [text, setText] = useState('loading');
      useEffect(() => {
        failed.then(setText, showBoundary);
      }, [showBoundary]);
      return <p>{text}</p>;
    }
    function ResetFromFallback(): ReactNode {
      const { resetBoundary } = useErrorBoundary();
      return <button onClick={resetBoundary}>reset via hook</button>;
    }
    render(
      <ErrorBoundary fallback={<ResetFromFallback />} onReset={onReset}>
        <Loader />
      </ErrorBoundary>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await act(async () => {
      fail(uniqueViolation);
      await failed.catch(() => {});
    });
    fireEvent.click(screen.getByText('reset via hook'));
    expect(onReset).toHaveBeenCalledWith({ reason: 'imperative', error: uniqueViolation, attempt: 0 } satisfies ResetDetails);
    expect(screen.getByText('loading')).toBeTruthy();
  });

  it('throws a typed error outside a boundary', () => {
    expect(() => renderHook(() => useErrorBoundary())).toThrow(ErrorBoundaryUsageError);
    expect(() => renderHook(() => useErrorBoundary())).toThrow(/inside an <ErrorBoundary>/);
  });
});

describe('automatic recovery with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('resets a retryable error exactly maxAttempts times with growing delays, then waits for the user', () => {
    const { state, Child } = makeChild(serializationFailure);
    const onReset = vi.fn();
    let last!: FallbackProps;
    render(
      <ErrorBoundary
        fallbackRender={(props) => ((last = props), <Fallback {...props} />)}
        onReset={onReset}
        recovery={{ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 }}
      >
        <Child />
      </ErrorBoundary>,
    );
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(last.recovering).toBe(true);
      expect(last.attempt).toBe(attempt - 1);
      const delay = last.nextRetryAt! - Date.now();
      delays.push(delay);
      act(() => vi.advanceTimersByTime(delay - 1));
      expect(onReset).toHaveBeenCalledTimes(attempt - 1);
      // The child throws again right after the reset: that is the next attempt, not a new run.
      act(() => vi.advanceTimersByTime(1));
      expect(onReset).toHaveBeenCalledTimes(attempt);
      expect(onReset).toHaveBeenLastCalledWith({ reason: 'retry', error: serializationFailure, attempt });
    }
    expect(delays).toEqual([75, 150, 300]); // equal jitter with random() = 0.5: ceilings 100, 200, 400

    expect(screen.getByRole('alert').textContent).toContain('transaction recovering=false attempt=3');
    expect(last.nextRetryAt).toBeNull();
    act(() => vi.advanceTimersByTime(10 * 60_000));
    expect(onReset).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);

    state.broken = false;
    fireEvent.click(screen.getByText('Try again'));
    expect(onReset).toHaveBeenCalledTimes(4);
    expect(onReset).toHaveBeenLastCalledWith({ reason: 'imperative', error: serializationFailure, attempt: 0 });
    expect(screen.getByText('children ok')).toBeTruthy();
  });

  it('never resets a constraint error by itself; resetKeys and resetBoundary do', () => {
    const { state, Child } = makeChild(uniqueViolation);
    const onReset = vi.fn();
    const view = (key: number) => (
      <ErrorBoundary FallbackComponent={Fallback} onReset={onReset} resetKeys={[key]} recovery={{ baseDelayMs: 10 }}>
        <Child />
      </ErrorBoundary>
    );
    const { rerender } = render(view(1));
    act(() => vi.advanceTimersByTime(10 * 60_000));
    expect(onReset).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(screen.getByRole('alert').textContent).toContain('constraint recovering=false');

    rerender(view(1)); // same keys: nothing happens
    expect(onReset).not.toHaveBeenCalled();
    rerender(view(2)); // still broken: resets, then shows the fallback again
    expect(onReset).toHaveBeenLastCalledWith({ reason: 'keys', error: uniqueViolation, attempt: 0 });
    expect(screen.getByRole('alert')).toBeTruthy();

    state.broken = false;
    fireEvent.click(screen.getByText('Try again'));
    expect(onReset).toHaveBeenCalledTimes(2);
    expect(onReset).toHaveBeenLastCalledWith({ reason: 'imperative', error: uniqueViolation, attempt: 0 });
    expect(screen.getByText('children ok')).toBeTruthy();
  });

  it('starts counting attempts afresh once the children have stayed up for stableAfterMs', () => {
    // A tiny external store, so the test can break a mounted child.
    let broken = true;
    const listeners = new Set<() => void>();
    const setBroken = (value: boolean) => {
      broken = value;
      listeners.forEach((listener) => listener());
    };
    function Child(): ReactNode {
      const isBroken = useSyncExternalStore(
        (listener) => (listeners.add(listener), () => listeners.delete(listener)),
        () => broken,
      );
      if (isBroken) throw serializationFailure;
      return <p>children ok</p>;
    }
    const onReset = vi.fn();
    render(
      <ErrorBoundary FallbackComponent={Fallback} onReset={onReset} recovery={{ maxAttempts: 1, baseDelayMs: 100, stableAfterMs: 1000, random: () => 1 }}>
        <Child />
      </ErrorBoundary>,
    );
    broken = false;
    act(() => vi.advanceTimersByTime(100));
    expect(onReset).toHaveBeenLastCalledWith(expect.objectContaining({ reason: 'retry', attempt: 1 }));
    expect(screen.getByText('children ok')).toBeTruthy();

    // Up for stableAfterMs: the next error starts a new run and gets its automatic retry.
    act(() => vi.advanceTimersByTime(1000));
    act(() => setBroken(true));
    expect(screen.getByRole('alert').textContent).toContain('recovering=true attempt=0');
    broken = false;
    act(() => vi.advanceTimersByTime(100));
    expect(onReset).toHaveBeenCalledTimes(2);
    expect(onReset).toHaveBeenLastCalledWith(expect.objectContaining({ reason: 'retry', attempt: 1 }));

    // Up for less than stableAfterMs: the next error is out of attempts (maxAttempts 1).
    act(() => vi.advanceTimersByTime(500));
    act(() => setBroken(true));
    expect(screen.getByRole('alert').textContent).toContain('recovering=false attempt=1');
    act(() => vi.advanceTimersByTime(60_000));
    expect(onReset).toHaveBeenCalledTimes(2);
  });

  it('clears its pending retry when unmounted', () => {
    const { Child } = makeChild(serializationFailure);
    const onReset = vi.fn();
    const { unmount } = render(
      <ErrorBoundary fallback={<p>fallback</p>} onReset={onReset} recovery={{ baseDelayMs: 100 }}>
        <Child />
      </ErrorBoundary>,
    );
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
    act(() => vi.advanceTimersByTime(60_000));
    expect(onReset).not.toHaveBeenCalled();
  });
});

describe('under StrictMode', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('keeps its automatic retry through the simulated unmount and remount', () => {
    const { state, Child } = makeChild(serializationFailure);
    const onReset = vi.fn();
    render(
      <StrictMode>
        <ErrorBoundary fallback={<p>fallback</p>} onReset={onReset} recovery={{ baseDelayMs: 100, random: () => 1 }}>
          <Child />
        </ErrorBoundary>
      </StrictMode>,
    );
    state.broken = false;
    act(() => vi.advanceTimersByTime(100));
    expect(onReset).toHaveBeenCalledTimes(1);
    expect(screen.getByText('children ok')).toBeTruthy();
  });
});

describe('waiting for the connection (injected health store)', () => {
  /** A minimal manager: only `health` is read by the boundary (`retain` is absent: its call fails harmlessly). */
  function makeManager(status: ConnectionStatus) {
    const listeners = new Set<() => void>();
    let snapshot = { status } as ConnectionHealth;
    const manager = {
      health: {
        getSnapshot: () => snapshot,
        subscribe: (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener)),
      },
      connect() {},
      destroy: async () => {},
    } satisfies Partial<RealtimeManager> as unknown as RealtimeManager;
    const setStatus = (next: ConnectionStatus) => {
      snapshot = { status: next } as ConnectionHealth;
      listeners.forEach((listener) => listener());
    };
    return { manager, listeners, setStatus };
  }

  it('subscribes while waiting and releases the subscription on reset and on unmount', () => {
    const { manager, listeners, setStatus } = makeManager('reconnecting');
    const { state, Child } = makeChild(new TypeError('Failed to fetch'));
    const onReset = vi.fn();
    const { unmount } = render(
      <RealtimeManagerContext.Provider value={manager}>
        <ErrorBoundary FallbackComponent={Fallback} onReset={onReset}>
          <Child />
        </ErrorBoundary>
      </RealtimeManagerContext.Provider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('connection recovering=true');
    expect(listeners.size).toBe(1);
    act(() => setStatus('connecting'));
    expect(onReset).not.toHaveBeenCalled();

    state.broken = false;
    act(() => setStatus('connected'));
    expect(onReset).toHaveBeenCalledWith(expect.objectContaining({ reason: 'reconnected', attempt: 1 }));
    expect(screen.getByText('children ok')).toBeTruthy();
    expect(listeners.size).toBe(0);

    unmount();
    state.broken = true;
    const second = makeManager('reconnecting');
    render(
      <RealtimeManagerContext.Provider value={second.manager}>
        <ErrorBoundary FallbackComponent={Fallback} onReset={onReset}>
          <Child />
        </ErrorBoundary>
      </RealtimeManagerContext.Provider>,
    );
    expect(second.listeners.size).toBe(1);
    cleanup();
    expect(second.listeners.size).toBe(0);
  });
});
