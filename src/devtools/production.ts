"use client";
/** `supabase-realtime-react/devtools/production`: `<RealtimeDevtools />` in every build. */
export { RealtimeDevtools } from './RealtimeDevtools';
export type { RealtimeDevtoolsProps, DevtoolsButtonPosition, DevtoolsTheme } from './RealtimeDevtools';
