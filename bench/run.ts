/**
 * `npm run bench`: this package against the pattern from Supabase's docs, on the dev server.
 * React's production build is measured unless NODE_ENV says otherwise; run with
 * `--expose-gc` (the npm script does) for the heap figures.
 */
import { installDom } from './installDom';

process.env.NODE_ENV ??= 'production';
installDom();
const { runBench } = await import('./runBench');
await runBench();
