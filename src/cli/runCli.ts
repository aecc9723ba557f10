import { broadcastChangesSql, type BroadcastChangesSqlOptions } from '../sql/broadcastChangesSql';
import { SqlInputError } from '../sql/sqlInputError';

export const USAGE = `Usage: supabase-realtime-react sql broadcast-changes --table <name> --topic <sql expression>
         [--schema <name>] [--events INSERT,UPDATE,DELETE] [--policy <sql condition> | --no-policy]

Prints the trigger function, trigger and realtime.messages policy for Broadcast from Database.
Example: npx supabase-realtime-react sql broadcast-changes --table todos --topic "'todos:' || list_id"`;

/** What a CLI run printed and how it ended; main.ts writes it out. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class UsageError extends Error {}

function parseBroadcastChanges(argv: string[]): BroadcastChangesSqlOptions {
  const options: Partial<BroadcastChangesSqlOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--table':
        options.table = value();
        break;
      case '--schema':
        options.schema = value();
        break;
      case '--topic':
        options.topic = value();
        break;
      case '--events':
        options.events = value()
          .split(',')
          .map((e) => e.trim().toUpperCase()) as BroadcastChangesSqlOptions['events'];
        break;
      case '--policy':
        options.policy = value();
        break;
      case '--no-policy':
        options.policy = false;
        break;
      default:
        throw new UsageError(`Unknown option ${JSON.stringify(arg)}.`);
    }
  }
  if (options.table === undefined) throw new UsageError('--table is required.');
  if (options.topic === undefined) throw new UsageError('--topic is required.');
  return options as BroadcastChangesSqlOptions;
}

/** Runs the CLI on `argv` (without node and the script); pure, so tests need no process. */
export function runCli(argv: string[]): CliResult {
  const [group, command, ...rest] = argv;
  if (group === undefined) return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  if (group === '--help' || group === '-h') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  try {
    if (group !== 'sql' || command !== 'broadcast-changes') {
      throw new UsageError(`Unknown command ${JSON.stringify([group, command].filter(Boolean).join(' '))}.`);
    }
    if (rest.includes('--help') || rest.includes('-h')) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    return { code: 0, stdout: broadcastChangesSql(parseBroadcastChanges(rest)), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, stdout: '', stderr: `${error.message}\n\n${USAGE}\n` };
    if (error instanceof SqlInputError) return { code: 1, stdout: '', stderr: `${error.message}\n` };
    throw error;
  }
}
