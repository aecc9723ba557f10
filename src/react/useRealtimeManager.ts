import { useContext } from 'react';
import type { RealtimeManager } from '../core/manager/realtimeManagerTypes';
import { RealtimeConfigError } from '../core/realtimeConfigError';
import { RealtimeManagerContext } from './realtimeContext';

/**
 * The manager of the nearest `<RealtimeProvider>`. Throws a `RealtimeConfigError`
 * (`missing-provider`) outside one, naming the hook that needed it.
 */
export function useRealtimeManager(hookName = 'useRealtimeManager'): RealtimeManager {
  const manager = useContext(RealtimeManagerContext);
  if (!manager) {
    throw new RealtimeConfigError(
      'missing-provider',
      `${hookName} must be used inside <RealtimeProvider client={supabase}> (or <RealtimeProvider manager={manager}>). Wrap your app, or this part of it, in the provider.`,
    );
  }
  return manager as RealtimeManager;
}
