/** Bad options to `useOptimisticMutation`/`useRpcMutation`, thrown during render with what to fix. */
export class OptimisticOptionsError extends Error {
  readonly code = 'invalid-mutation-options';

  constructor(message: string) {
    super(message);
    this.name = 'OptimisticOptionsError';
  }
}
