// Type tests, checked by `npx tsc --noEmit -p .`: every `@ts-expect-error` must be needed.
import type { ReactNode } from 'react';
import { ErrorBoundary, withErrorBoundary, type FallbackProps } from '../../src/index';

const Fallback = ({ classification }: FallbackProps): ReactNode => classification.userMessage;
const Child = ({ id }: { id: number }): ReactNode => id;

export const valid = [
  <ErrorBoundary fallback={<p>failed</p>} key="a" />,
  <ErrorBoundary fallback={null} key="b" />,
  <ErrorBoundary FallbackComponent={Fallback} key="c" />,
  <ErrorBoundary fallbackRender={({ error, resetBoundary, recovering, attempt, nextRetryAt }) => String([error, resetBoundary, recovering, attempt, nextRetryAt])} key="d" />,
  <ErrorBoundary
    fallback="failed"
    onError={(error, info, classification) => [error, info.componentStack, classification.category]}
    onReset={({ reason }) => reason satisfies 'reconnected' | 'retry' | 'imperative' | 'keys'}
    resetKeys={[1, 'a']}
    recovery={{ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 }}
    key="e"
  />,
];

export const twoFallbacks = [
  // @ts-expect-error fallback and FallbackComponent are mutually exclusive
  <ErrorBoundary fallback={<p />} FallbackComponent={Fallback} key="a" />,
  // @ts-expect-error fallback and fallbackRender are mutually exclusive
  <ErrorBoundary fallback={<p />} fallbackRender={() => null} key="b" />,
  // @ts-expect-error FallbackComponent and fallbackRender are mutually exclusive
  <ErrorBoundary FallbackComponent={Fallback} fallbackRender={() => null} key="c" />,
  // @ts-expect-error one fallback prop is required
  <ErrorBoundary key="d" />,
];

export const Wrapped = withErrorBoundary(Child, { fallback: 'failed' });
export const wrappedOk = <Wrapped id={1} />;
// @ts-expect-error the wrapped component keeps its own props
export const wrappedBad = <Wrapped id="1" />;
// @ts-expect-error withErrorBoundary takes exactly one fallback prop too
export const WrappedTwice = withErrorBoundary(Child, { fallback: 'failed', fallbackRender: () => null });
// @ts-expect-error reasons are a closed set
export const badReason = <ErrorBoundary fallback="x" onReset={({ reason }) => reason === 'timeout'} />;
