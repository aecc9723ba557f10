#!/usr/bin/env node
/**
 * The `supabase-realtime-react` command (package.json `bin`):
 * `npx supabase-realtime-react sql broadcast-changes --table todos --topic "'todos:' || list_id"`
 * prints SQL on stdout; usage and input errors go to stderr with a non-zero exit code.
 */
import { runCli } from './runCli';

const result = runCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code;
