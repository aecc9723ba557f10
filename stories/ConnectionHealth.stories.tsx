import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { freshListId } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { LiveHealthPanel } from './components/LiveHealthPanel';
import { TodoList } from './components/TodoList';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/** One app with a live list, and everything `useConnectionHealth()` knows about its socket. */
function ConnectionHealthDemo() {
  const [listId] = useState(() => freshListId('health'));
  return (
    <div className="demo">
      <DemoClient label="health">
        <div className="demo-row">
          <LiveHealthPanel />
          <TodoList listId={listId} title="Groceries" />
        </div>
      </DemoClient>
    </div>
  );
}

const meta = {
  title: 'Demos/Connection health panel',
  component: ConnectionHealthDemo,
} satisfies Meta<typeof ConnectionHealthDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

export const HealthPanel: Story = {
  play: async ({ canvas, canvasElement }) => {
    await waitForSignIn(canvasElement);
    const panel = within(canvas.getByRole('region', { name: 'Connection health' }));
    await waitFor(() => expect(panel.getByRole('status')).toHaveAttribute('data-status', 'connected'), { timeout: 10_000 });
    await waitFor(() => expect(panel.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), { timeout: 10_000 });
    await expect(panel.getByTestId('circuit')).toHaveTextContent(/^closed$/);
    await expect(panel.getByTestId('attempts')).toHaveTextContent(/^0$/);
    await expect(panel.getByTestId('subscribers')).toHaveTextContent(/^1$/);
    // The first heartbeat reply gives a round-trip time and a score near 100.
    await waitFor(() => expect(panel.getByTestId('latency')).toHaveTextContent(/\d+ ms/), { timeout: 10_000 });
    await waitFor(() => expect(Number(panel.getByTestId('score').textContent?.split('/')[0])).toBeGreaterThanOrEqual(90));
  },
};
