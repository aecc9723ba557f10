import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ErrorBoundary, type FallbackProps } from '../../src/index';

// Real timers with short recovery delays: TanStack Query schedules its own work on timers.
const recovery = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function Fallback({ recovering, attempt }: FallbackProps): ReactNode {
  return <p role="alert">{`recovering=${recovering} attempt=${attempt}`}</p>;
}

let client: QueryClient;
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});
afterEach(() => {
  cleanup();
  client.clear();
  vi.restoreAllMocks();
});

function renderTodos(queryFn: () => Promise<string>, onReset = vi.fn()) {
  function Todos(): ReactNode {
    const { data } = useQuery({ queryKey: ['todos'], queryFn, throwOnError: true });
    return <p>{data ?? 'loading'}</p>;
  }
  render(
    <QueryClientProvider client={client}>
      <ErrorBoundary FallbackComponent={Fallback} onReset={onReset} recovery={recovery}>
        <Todos />
      </ErrorBoundary>
    </QueryClientProvider>,
  );
  return onReset;
}

it('refetches a failed query once on recovery instead of rethrowing its cached error', async () => {
  let calls = 0;
  const onReset = renderTodos(async () => {
    calls++;
    if (calls === 1) throw new TypeError('Failed to fetch');
    return 'todos loaded';
  });
  await screen.findByText('todos loaded');
  expect(onReset).toHaveBeenCalledTimes(1);
  expect(onReset).toHaveBeenCalledWith(expect.objectContaining({ reason: 'retry' }));
  await sleep(100);
  expect(calls).toBe(2);
});

it('does not retry on mount in a loop while a query keeps failing', async () => {
  let calls = 0;
  const onReset = renderTodos(async () => {
    calls++;
    throw new TypeError('Failed to fetch');
  });
  await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('recovering=false attempt=3'));
  // One initial fetch plus one per automatic reset, and nothing while the fallback stays.
  expect(calls).toBe(4);
  expect(onReset).toHaveBeenCalledTimes(3);
  await sleep(150);
  expect(calls).toBe(4);
});

it('works without a QueryClientProvider', async () => {
  function Plain(): ReactNode {
    throw { code: '23505', message: 'duplicate key value violates unique constraint "todos_pkey"' };
  }
  render(
    <ErrorBoundary FallbackComponent={Fallback} recovery={recovery}>
      <Plain />
    </ErrorBoundary>,
  );
  expect(screen.getByRole('alert').textContent).toBe('recovering=false attempt=0');
});
