import type { ManagerProblem } from '../../core/types';

/** Why each problem `getStats()` reports matters, and what to look at. */
const EXPLANATIONS: Record<ManagerProblem['kind'], string> = {
  'orphaned-channel':
    'A channel is held with nobody listening: realtime-js keeps a channel the manager does not know (something called supabase.channel() directly), or a channel lost its subscribers without being scheduled for removal. It costs a slot of the channel limit and server work.',
  'errored-channel':
    'The server refused or broke this channel. Open it in the Channels tab for the classified error and the suggested action; a refused channel rejoins after a sign-in, a token refresh or Reconnect.',
  'repeated-reconnects':
    'The socket keeps failing to connect. Check the network, the project URL and key, and the Connection tab for close codes; the circuit breaker pauses retries after several failures.',
  'near-channel-limit':
    'Close to the per-connection channel limit (Supabase allows 100 by default). Share channels (identical subscriptions already share one) or unsubscribe from ones you no longer need.',
};

export function ProblemsPanel({ problems }: { problems: readonly ManagerProblem[] }) {
  if (problems.length === 0) return <p className="muted">No problems detected.</p>;
  return (
    <ul className="plain" aria-label="Problems">
      {problems.map((problem, i) => (
        <li key={`${problem.kind}${problem.topic ?? ''}${i}`} data-kind={problem.kind}>
          <strong className="bad">{problem.kind}</strong> {problem.message}
          <p className="muted">{EXPLANATIONS[problem.kind]}</p>
        </li>
      ))}
    </ul>
  );
}
