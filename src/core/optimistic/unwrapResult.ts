/**
 * Lets a mutationFn return a supabase-js response (`{ data, error, status }`) directly:
 * an `error` is thrown (with the response `status`, so `classifyError` sees it), `data` is
 * returned. Any other value passes through.
 */
export function unwrapResult(result: unknown): unknown {
  if (result === null || typeof result !== 'object' || !('error' in result) || !('data' in result)) return result;
  const { data, error, status } = result as { data: unknown; error: unknown; status?: unknown };
  if (error === null || error === undefined) return data;
  if (typeof status !== 'number' || (typeof error === 'object' && 'status' in error)) throw error;
  if (error instanceof Error) {
    try {
      Object.defineProperty(error, 'status', { value: status, enumerable: true, configurable: true });
    } catch {
      // A frozen error: throw it without the status.
    }
    throw error;
  }
  throw typeof error === 'object' ? { ...error, status } : error;
}
