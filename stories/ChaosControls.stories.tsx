import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { freshListId } from './demoBackend';
import { ChaosControls } from './components/ChaosControls';
import { DemoClient, simulatedOfflineManagerOptions } from './components/DemoClient';
import { LiveHealthPanel } from './components/LiveHealthPanel';
import { TodoList } from './components/TodoList';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/**
 * Break the connection on purpose and watch it heal: the fault buttons call the dev
 * server, the health panel shows the reconnect, and rows written on the other device while
 * this tab was cut off appear once it is back (gap recovery refetches the list). The
 * "Simulated offline" switch takes only this tab offline; the other device stays online.
 * Both clients sign in anonymously through supabase.auth, so "Expire tokens" expires a real
 * user session's token and the provider refreshes it through supabase.auth.
 *
 * Against a real project (SUPABASE_URL / SUPABASE_ANON_KEY) the fault buttons are disabled and
 * the offline switch still works; anonymous sign-ins must be enabled in that project.
 */
function ChaosDemo() {
  const [listId] = useState(() => freshListId('chaos'));
  return (
    <div className="demo">
      <ChaosControls />
      <div className="demo-row" style={{ gridTemplateColumns: '1fr 1fr 1fr' }}>
        {/* Only this tab follows the "Simulated offline" switch: the other client is another device. */}
        <DemoClient label="this-tab" options={simulatedOfflineManagerOptions}>
          <LiveHealthPanel title="This tab" />
          <TodoList listId={listId} title="Your list" />
        </DemoClient>
        <DemoClient label="other-device">
          <TodoList listId={listId} title="Same list on another device" />
        </DemoClient>
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Chaos controls',
  component: ChaosDemo,
} satisfies Meta<typeof ChaosDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

/** Both lists joined and the health panel connected. */
async function whenLive(canvasElement: HTMLElement) {
  await waitForSignIn(canvasElement);
  const canvas = within(canvasElement);
  const health = within(canvas.getByRole('region', { name: 'This tab' }));
  await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
  await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
  const mine = within(canvas.getByRole('region', { name: 'Your list' }));
  const other = within(canvas.getByRole('region', { name: 'Same list on another device' }));
  await waitFor(() => expect(other.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
  return { canvas, health, mine, other };
}

/** Type a todo into the other device's list. */
async function addOnOtherDevice(other: ReturnType<typeof within>, title: string) {
  await userEvent.type(other.getByRole('textbox'), `${title}{enter}`);
  // Shown at once as "saving…", then confirmed by the server.
  await waitFor(() => expect(other.getByText(title).closest('li')).toHaveAttribute('data-pending', 'false'), LONG);
}

export const Explore: Story = {};

export const Close1011AndRecover: Story = {
  name: 'Close 1011: reconnects, then catches up',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    // Refuse reconnects for a few seconds so "meanwhile" is a real window, then close.
    await userEvent.click(canvas.getByRole('button', { name: 'Refuse connections 5s' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Close 1011' }));
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'reconnecting'), LONG);
    // Reconnects are refused for 5 s, so at least one retry is counted while cut off…
    await waitFor(() => expect(health.getByTestId('attempts')).toHaveTextContent(/^[1-9]\d*$/), LONG);
    await addOnOtherDevice(other, 'Written while this tab was cut off');
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
    // …and the count starts again from zero once connected.
    await expect(health.getByTestId('attempts')).toHaveTextContent(/^0$/);
    await expect(await mine.findByText('Written while this tab was cut off', {}, LONG)).toBeVisible();
    await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
  },
};

export const AbruptDrop: Story = {
  name: 'Abrupt drop (1006): reconnects and gets new rows live',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Abrupt drop' }));
    await waitFor(() => expect(health.getByRole('status')).not.toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
    await addOnOtherDevice(other, 'Sent after the drop');
    await expect(await mine.findByText('Sent after the drop', {}, LONG)).toBeVisible();
  },
};

export const SimulatedOffline: Story = {
  name: 'Simulated offline: writes wait, then everything catches up',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    const toggle = canvas.getByRole('button', { name: 'Simulated offline' });
    await userEvent.click(toggle);
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'offline'), LONG);
    // Made offline, the write is paused, not lost: it stays on screen as "saving…".
    await userEvent.type(mine.getByRole('textbox'), 'Written while offline{enter}');
    await expect(mine.getByText('Written while offline').closest('li')).toHaveAttribute('data-pending', 'true');
    await expect(mine.getByText('saving…')).toBeVisible();
    await userEvent.click(toggle);
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(mine.getByText('Written while offline').closest('li')).toHaveAttribute('data-pending', 'false'), LONG);
    await expect(await other.findByText('Written while offline', {}, LONG)).toBeVisible();
  },
};

export const FailedJoins: Story = {
  name: 'Failed joins: channels retry until they are in',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Fail next 2 joins' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Close 1011' }));
    await waitFor(() => expect(health.getByTestId('channels')).not.toHaveTextContent(/^1\/1 joined$/), LONG);
    await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
    await addOnOtherDevice(other, 'After the failed joins');
    await expect(await mine.findByText('After the failed joins', {}, LONG)).toBeVisible();
  },
};

export const StalledHeartbeats: Story = {
  name: 'Stalled heartbeats: the dead socket is noticed and replaced',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Stall heartbeats 6s' }));
    // Heartbeats every 2.5 s in the demo: an unanswered one closes the socket.
    await waitFor(() => expect(health.getByRole('status')).not.toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
    await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
    await addOnOtherDevice(other, 'After the stall');
    await expect(await mine.findByText('After the stall', {}, LONG)).toBeVisible();
  },
};

export const Latency: Story = {
  name: 'Latency: the panel shows the slower round trip',
  play: async ({ canvasElement }) => {
    const { canvas, health } = await whenLive(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Latency 800ms' }));
    await waitFor(() => expect(parseInt(health.getByTestId('latency').textContent ?? '0', 10)).toBeGreaterThanOrEqual(800), LONG);
    await userEvent.click(canvas.getByRole('button', { name: 'Reset faults' }));
    await waitFor(() => expect(parseInt(health.getByTestId('latency').textContent ?? '9999', 10)).toBeLessThan(800), LONG);
    await expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected');
  },
};

export const ExpiredTokens: Story = {
  name: 'Expired tokens: refreshed through supabase.auth, then rejoined',
  play: async ({ canvasElement }) => {
    const { canvas, health, mine, other } = await whenLive(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Expire tokens' }));
    // The server closes the channel at the (simulated) expiry…
    await waitFor(() => expect(health.getByTestId('last-error')).toHaveTextContent(/^auth: .*Token has expired \d+ seconds ago$/), LONG);
    // …and joins with the old token now fail, so being back in proves supabase.auth refreshed the session.
    await waitFor(() => expect(health.getByTestId('channels')).toHaveTextContent(/^1\/1 joined$/), LONG);
    await expect(health.getByRole('status')).toHaveAttribute('data-status', 'connected');
    await addOnOtherDevice(other, 'After the token expired');
    await expect(await mine.findByText('After the token expired', {}, LONG)).toBeVisible();
  },
};
