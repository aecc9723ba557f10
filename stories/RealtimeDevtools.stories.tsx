import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { RealtimeDevtools } from '../src/devtools/index';
import { useRealtimeSubscription } from '../src/index';
import { freshListId } from './demoBackend';
import { ChaosControls } from './components/ChaosControls';
import { DemoClient, simulatedOfflineManagerOptions } from './components/DemoClient';
import { TodoList } from './components/TodoList';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/** One more component listening to the list's changes, under its own label. */
function Watcher({ listId, label }: { listId: string; label: string }) {
  const { status } = useRealtimeSubscription({ table: 'todos', filter: `list_id=eq.${listId}`, label });
  return (
    <li>
      {label}: {status}
    </li>
  );
}

/**
 * The live todo demo with the devtools open: add and remove listening components and watch
 * the channel's subscriber count, break the connection with the chaos controls and watch the
 * timeline mark the fault and the reconnect.
 */
function DevtoolsDemo({ theme }: { theme?: 'light' | 'dark' | 'system' }) {
  const [listId] = useState(() => freshListId('devtools'));
  const [watchers, setWatchers] = useState(1);
  return (
    <div className="demo">
      <ChaosControls />
      <DemoClient label="devtools" options={simulatedOfflineManagerOptions}>
        <div className="demo-row">
          <TodoList listId={listId} title="Your list" />
          <section className="card" aria-label="Watchers">
            <h3>Extra components on the same channel</h3>
            <button type="button" onClick={() => setWatchers((n) => n + 1)}>
              Mount a watcher
            </button>{' '}
            <button type="button" onClick={() => setWatchers((n) => Math.max(0, n - 1))}>
              Unmount a watcher
            </button>
            <ul>
              {Array.from({ length: watchers }, (_, i) => (
                <Watcher key={i} listId={listId} label={`watcher-${i + 1}`} />
              ))}
            </ul>
          </section>
        </div>
        <RealtimeDevtools initialIsOpen buttonPosition="bottom-right" theme={theme} />
      </DemoClient>
    </div>
  );
}

const meta = {
  title: 'Demos/Realtime devtools',
  component: DevtoolsDemo,
} satisfies Meta<typeof DevtoolsDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

/** The devtools live in a shadow root on document.body; queries go through it. */
function devtools() {
  const host = document.querySelector('[data-srr-devtools]');
  if (!host?.shadowRoot) throw new Error('devtools not mounted yet');
  return within(host.shadowRoot as unknown as HTMLElement);
}

export const Explore: Story = {};

export const Dark: Story = { args: { theme: 'dark' } };

export const ChannelsAndSubscribers: Story = {
  name: 'Channels: subscriber counts follow mounts and unmounts',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    await waitFor(() => expect(devtools().getByRole('tab', { name: /^Channels/ })).toBeVisible(), LONG);
    await userEvent.click(devtools().getByRole('tab', { name: /^Channels/ }));
    // The list and one watcher share one channel: one row, two subscribers, joined.
    const row = () => devtools().getByRole('table', { name: 'Channels' }).querySelector('tbody tr') as HTMLElement;
    await waitFor(() => expect(within(row()).getByTestId('channel-state')).toHaveTextContent(/^joined$/), LONG);
    await waitFor(() => expect(within(row()).getByTestId('channel-subscribers')).toHaveTextContent(/^2$/), LONG);
    await expect(within(row()).getByText('watcher-1')).toBeVisible();
    // It is the demo's todo channel: the list's own subscription label, postgres_changes.
    await expect(within(row()).getByText(/^todos:devtools-/)).toBeVisible();
    await expect(within(row()).getByText('postgres_changes')).toBeVisible();
    await expect(devtools().getByRole('tab', { name: /^Channels/ })).toHaveTextContent('Channels (1)');

    await userEvent.click(canvas.getByRole('button', { name: 'Mount a watcher' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Mount a watcher' }));
    await waitFor(() => expect(within(row()).getByTestId('channel-subscribers')).toHaveTextContent(/^4$/), LONG);
    await expect(within(row()).getByText('watcher-3')).toBeVisible();

    await userEvent.click(canvas.getByRole('button', { name: 'Unmount a watcher' }));
    await waitFor(() => expect(within(row()).getByTestId('channel-subscribers')).toHaveTextContent(/^3$/), LONG);
    await expect(within(row()).queryByText('watcher-3')).toBeNull();
    await expect(devtools().getAllByRole('row')).toHaveLength(2); // header + the one channel

    // Every watcher unmounted: the list alone keeps the channel, still joined.
    await userEvent.click(canvas.getByRole('button', { name: 'Unmount a watcher' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Unmount a watcher' }));
    await waitFor(() => expect(within(row()).getByTestId('channel-subscribers')).toHaveTextContent(/^1$/), LONG);
    await expect(within(row()).queryByText(/^watcher-/)).toBeNull();
    await expect(within(row()).getByTestId('channel-state')).toHaveTextContent(/^joined$/);
  },
};

export const FaultOnTimeline: Story = {
  name: 'Connection: an injected fault is marked on the timeline',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    await waitFor(() => expect(devtools().getByTestId('devtools-status')).toHaveAttribute('data-status', 'connected'), LONG);
    await expect(devtools().queryAllByTestId('timeline-fault').filter((f) => f.dataset.code === '1011')).toHaveLength(0);
    const reconnectsBefore = devtools().queryAllByTestId('timeline-reconnect').length;
    await userEvent.click(canvas.getByRole('button', { name: 'Close 1011' }));
    await waitFor(() => expect(devtools().getAllByTestId('timeline-fault').filter((f) => f.dataset.code === '1011')).toHaveLength(1), LONG);
    await waitFor(() => expect(devtools().getByTestId('devtools-status')).toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(devtools().getAllByTestId('timeline-reconnect')).toHaveLength(reconnectsBefore + 1), LONG);
    await expect(devtools().getByTestId('status-timeline').getAttribute('aria-label')).toMatch(/: 1 faults, \d+ reconnects\.$/);
    await expect(devtools().getByRole('region', { name: 'Recent faults' })).toHaveTextContent(/1011/);
  },
};
