declare module 'virtual:realtime-demo-backend' {
  const backend: {
    /** Supabase (or dev server) URL. */
    url: string;
    /** The public anon key. */
    anonKey: string;
    /** True with the embedded dev server: fault routes and stats are available. */
    devServer: boolean;
  };
  export default backend;
}
