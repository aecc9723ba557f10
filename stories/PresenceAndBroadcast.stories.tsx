import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { freshListId } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { RoomPane } from './components/RoomPane';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/** Two people in one room, each with their own client: presence, a chat line, live cursors. */
function RoomDemo() {
  const [room] = useState(() => freshListId('room'));
  return (
    <div className="demo">
      <div className="demo-row">
        <DemoClient label="alice">
          <RoomPane room={room} me={{ name: 'Alice', color: '#3e63dd' }} />
        </DemoClient>
        <DemoClient label="bob">
          <RoomPane room={room} me={{ name: 'Bob', color: '#e5484d' }} />
        </DemoClient>
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Presence and broadcast',
  component: RoomDemo,
} satisfies Meta<typeof RoomDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

export const WhoIsHereAndChat: Story = {
  name: 'Who is here, chat and cursors',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    const alice = within(canvas.getByRole('region', { name: "Alice's screen" }));
    const bob = within(canvas.getByRole('region', { name: "Bob's screen" }));

    // Presence: each screen lists both people.
    for (const screen of [alice, bob]) {
      const here = within(screen.getByLabelText('Here now'));
      await waitFor(() => expect(here.getByText('Alice')).toBeVisible(), LONG);
      await waitFor(() => expect(here.getByText('Bob')).toBeVisible(), LONG);
    }

    // Broadcast: a line Alice sends shows on Bob's screen.
    await waitFor(() => expect(alice.getByRole('button', { name: 'Send' })).toBeEnabled(), LONG);
    await userEvent.type(alice.getByRole('textbox', { name: 'Message from Alice' }), 'Hi Bob, see my cursor?{enter}');
    await waitFor(() => expect(within(bob.getByLabelText('Chat')).getByText('Hi Bob, see my cursor?')).toBeVisible(), LONG);
    await expect(within(alice.getByLabelText('Chat')).getAllByText('Hi Bob, see my cursor?')).toHaveLength(1);

    // Live cursors: Alice moves over the canvas, Bob sees her pointer.
    const area = alice.getByLabelText('Shared canvas');
    const box = area.getBoundingClientRect();
    await userEvent.pointer({ target: area, coords: { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 } });
    await waitFor(() => expect(within(bob.getByLabelText('Shared canvas')).getByText(/Alice/)).toBeVisible(), LONG);
    await expect(within(area).queryByText(/Alice/)).toBeNull();
  },
};
