import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ErrorBoundary, useConnectionHealth, useRealtimeSubscription, type FallbackProps, type ResetReason } from '../src/index';
import { freshListId, injectFault } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { StatusBadge } from './components/HealthPanel';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/**
 * A widget that must not show stale numbers: while the live connection is down it throws
 * (the error realtime-js reports for a lost transport). The boundary classifies it as a
 * `connection` error and waits for the connection to be healthy again, then resets itself.
 */
function LiveCounter({ listId }: { listId: string }) {
  const status = useConnectionHealth((health) => health.status);
  const [events, setEvents] = useState(0);
  const subscription = useRealtimeSubscription({ table: 'todos', filter: `list_id=eq.${listId}`, onChange: () => setEvents((n) => n + 1) });
  if (status === 'reconnecting' || status === 'offline' || status === 'disconnected') {
    throw new Error('channel error: transport failure');
  }
  return (
    <div data-testid="live-counter" data-channel-status={subscription.status}>
      <strong>Live counter</strong> — {events} change{events === 1 ? '' : 's'} received, channel {subscription.status}
    </div>
  );
}

function Fallback({ classification, recovering, attempt, resetBoundary }: FallbackProps) {
  return (
    <div className="error" role="alert">
      <strong>{classification.userMessage}</strong>
      <div className="muted">
        {classification.category} error · {recovering ? 'recovering by itself when the connection is back' : 'waiting for you'} · attempt {attempt}
      </div>
      <button type="button" onClick={resetBoundary}>
        Try now
      </button>
    </div>
  );
}

function Status() {
  const status = useConnectionHealth((health) => health.status);
  return <StatusBadge status={status} />;
}

function ErrorBoundaryDemo() {
  const [listId] = useState(() => freshListId('boundary'));
  const [resets, setResets] = useState<ResetReason[]>([]);
  async function dropConnection() {
    // Refuse reconnects for a while, then close every socket: the outage lasts ~3 s.
    await injectFault('refuse', { ms: 3_000 });
    await injectFault('close', { code: 1011, reason: 'demo outage' });
  }
  return (
    <div className="demo">
      <DemoClient label="boundary">
        <section className="card" aria-label="ErrorBoundary demo">
          <header>
            <h2>A widget inside an ErrorBoundary</h2>
            <Status />
          </header>
          <ErrorBoundary FallbackComponent={Fallback} onReset={({ reason }) => setResets((all) => [...all, reason])}>
            <LiveCounter listId={listId} />
          </ErrorBoundary>
          <p className="muted" data-testid="resets">
            Resets: {resets.length === 0 ? 'none yet' : resets.join(', ')}
          </p>
          <button type="button" onClick={() => void dropConnection()}>
            Drop the connection for 3 s
          </button>
        </section>
      </DemoClient>
    </div>
  );
}

const meta = {
  title: 'Demos/ErrorBoundary recovery',
  component: ErrorBoundaryDemo,
} satisfies Meta<typeof ErrorBoundaryDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

export const RecoversByItself: Story = {
  name: 'Fails while the connection is down, comes back by itself',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('live-counter')).toHaveAttribute('data-channel-status', 'joined'), LONG);

    await userEvent.click(canvas.getByRole('button', { name: 'Drop the connection for 3 s' }));
    const alert = await canvas.findByRole('alert', {}, LONG);
    await expect(alert).toHaveTextContent('The connection failed');
    await expect(alert).toHaveTextContent('recovering by itself');

    // No click: the boundary resets once the connection is healthy again.
    await waitFor(() => expect(canvas.getByTestId('live-counter')).toBeVisible(), LONG);
    await expect(canvas.queryByRole('alert')).toBeNull();
    await expect(canvas.getByTestId('resets')).toHaveTextContent(/^Resets: reconnected$/);
    await waitFor(() => expect(canvas.getByTestId('live-counter')).toHaveAttribute('data-channel-status', 'joined'), LONG);
  },
};
