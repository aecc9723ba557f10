import { createContext } from 'react';
import type { RealtimeManagerContract } from '../core/types';

/**
 * The manager provided by `<RealtimeProvider>`; null outside one. Consumers that work
 * without a provider (the ErrorBoundary) read it directly; hooks that need one use
 * `useRealtimeManager()`, which throws a clear error instead.
 */
export const RealtimeManagerContext = createContext<RealtimeManagerContract | null>(null);
RealtimeManagerContext.displayName = 'RealtimeManagerContext';
