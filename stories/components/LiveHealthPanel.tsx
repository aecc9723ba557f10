import { useConnectionHealth } from '../../src/index';
import { HealthPanel } from './HealthPanel';

/** `<HealthPanel>` fed by `useConnectionHealth()` of the enclosing provider. */
export function LiveHealthPanel({ title }: { title?: string }) {
  const health = useConnectionHealth();
  return <HealthPanel health={health} title={title} />;
}
