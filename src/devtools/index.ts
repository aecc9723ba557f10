"use client";
/**
 * `supabase-realtime-react/devtools`: `<RealtimeDevtools />`, a floating panel showing the
 * connection, channels, problems and optimistic writes as they happen. In a production build
 * (`process.env.NODE_ENV === 'production'`) it renders nothing and the panel is never loaded;
 * import `supabase-realtime-react/devtools/production` to ship it anyway.
 */
import { RealtimeDevtools as Devtools } from './RealtimeDevtools';
import type { RealtimeDevtoolsProps } from './RealtimeDevtools';

export type { RealtimeDevtoolsProps, DevtoolsButtonPosition, DevtoolsTheme } from './RealtimeDevtools';

export const RealtimeDevtools: (props: RealtimeDevtoolsProps) => ReturnType<typeof Devtools> =
  process.env.NODE_ENV === 'production' ? () => null : Devtools;
