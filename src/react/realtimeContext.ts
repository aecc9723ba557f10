import { createContext } from 'react';
import type { RealtimeManager } from '../core/manager/realtimeManagerTypes';

/**
 * The manager provided by `<RealtimeProvider>`; null outside one. Consumers that work
 * without a provider (the ErrorBoundary) read it directly; hooks that need one use
 * `useRealtimeManager()`, which throws a clear error instead.
 */
export const RealtimeManagerContext = createContext<RealtimeManager | null>(null);
RealtimeManagerContext.displayName = 'RealtimeManagerContext';
