import type { Meta, StoryObj } from '@storybook/react-vite';
import { StrictMode, useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { fetchServerStats, freshListId } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { SharedSubscribers } from './components/SharedSubscribers';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/**
 * 100 components subscribe to the same rows under StrictMode (which mounts, unmounts and
 * remounts every effect in development). They share one channel, so the server sees one
 * join — not 100, and not 200.
 */
function SharedChannelsDemo() {
  const [listId] = useState(() => freshListId('shared'));
  // The server's join counter before this demo connects, to show the joins it caused.
  const [baseline, setBaseline] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    void fetchServerStats()
      .then((stats) => setBaseline(stats?.joins ?? null))
      .catch(() => setBaseline(null));
  }, []);
  if (baseline === undefined) return <p className="muted">Reading the dev server's counters…</p>;
  return (
    <StrictMode>
      <div className="demo">
        <DemoClient label="shared">
          <SharedSubscribers count={100} listId={listId} baselineJoins={baseline} />
        </DemoClient>
      </div>
    </StrictMode>
  );
}

const meta = {
  title: 'Demos/Shared channels under StrictMode',
  component: SharedChannelsDemo,
} satisfies Meta<typeof SharedChannelsDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

export const HundredComponentsOneJoin: Story = {
  name: '100 components, one join',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    const panel = within(await canvas.findByRole('region', { name: 'Shared subscription' }, LONG));
    await waitFor(() => expect(panel.getAllByTestId('subscriber').filter((cell) => cell.dataset.status === 'joined')).toHaveLength(100), LONG);
    await waitFor(() => expect(panel.getByTestId('topic-sockets')).toHaveTextContent(/^1$/), LONG);
    await expect(panel.getByTestId('server-joins')).toHaveTextContent(/^1$/);
    await expect(panel.getByTestId('manager-channels')).toHaveTextContent(/^1$/);
    await expect(panel.getByTestId('manager-subscribers')).toHaveTextContent(/^100$/);

    // One change reaches every component through the one channel.
    await userEvent.click(panel.getByRole('button', { name: 'Insert a row' }));
    await waitFor(() => expect(panel.getAllByTestId('subscriber').filter((cell) => cell.textContent === '1')).toHaveLength(100), LONG);
    await expect(panel.getByTestId('server-joins')).toHaveTextContent(/^1$/);
  },
};
