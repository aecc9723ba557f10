import { ErrorBoundaryUsageError } from './errorBoundaryUsageError';

/**
 * The types already demand exactly one fallback prop; this catches plain JavaScript
 * callers and casts, so a misconfigured boundary fails at render instead of showing
 * nothing when an error arrives.
 */
export function assertOneFallback(props: { fallback?: unknown; FallbackComponent?: unknown; fallbackRender?: unknown }): void {
  const given = [
    props.fallback !== undefined && 'fallback',
    props.FallbackComponent != null && 'FallbackComponent',
    props.fallbackRender != null && 'fallbackRender',
  ].filter((name): name is string => typeof name === 'string');
  if (given.length === 1) return;
  throw new ErrorBoundaryUsageError(
    given.length === 0
      ? '<ErrorBoundary> needs one of `fallback`, `FallbackComponent` or `fallbackRender` (use `fallback={null}` to render nothing).'
      : `<ErrorBoundary> got ${given.map((name) => `\`${name}\``).join(' and ')}; pass exactly one of them.`,
  );
}
