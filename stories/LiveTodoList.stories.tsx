import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { freshListId } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { TodoList } from './components/TodoList';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/**
 * Two clients side by side, each with its own socket and cache: a write in one appears in
 * the other. Writes are optimistic — shown at once as "saving…" — and a write the database
 * rejects (a duplicate title breaks the unique constraint) is rolled back with a message.
 */
function LiveTodoDemo({ slowWrites = false }: { slowWrites?: boolean }) {
  const [listId] = useState(() => freshListId('todos'));
  const [slow, setSlow] = useState(slowWrites);
  const slowWritesMs = slow ? 1_500 : 0;
  return (
    <div className="demo">
      <label className="muted">
        <input type="checkbox" checked={slow} onChange={(e) => setSlow(e.target.checked)} /> Slow network for writes (1.5 s), to
        watch the pending state
      </label>
      <div className="demo-row">
        <DemoClient label="alice">
          <TodoList listId={listId} title="Alice's laptop" slowWritesMs={slowWritesMs} />
        </DemoClient>
        <DemoClient label="bob">
          <TodoList listId={listId} title="Bob's phone" slowWritesMs={slowWritesMs} />
        </DemoClient>
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Live todo list',
  component: LiveTodoDemo,
} satisfies Meta<typeof LiveTodoDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

export const TwoClients: Story = {
  name: 'Two clients, optimistic writes',
  args: { slowWrites: true },
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    const alice = within(canvas.getByRole('region', { name: "Alice's laptop" }));
    const bob = within(canvas.getByRole('region', { name: "Bob's phone" }));
    for (const screen of [alice, bob]) {
      await waitFor(() => expect(screen.getByRole('status')).toHaveAttribute('data-status', 'connected'), LONG);
    }

    // A write shows at once as pending, is confirmed, and reaches the other client.
    await userEvent.type(alice.getByRole('textbox'), 'Buy milk{enter}');
    const pendingRow = alice.getByText('Buy milk').closest('li')!;
    await expect(pendingRow).toHaveAttribute('data-pending', 'true');
    await expect(within(pendingRow).getByText('saving…')).toBeVisible();
    await waitFor(() => expect(alice.getByText('Buy milk').closest('li')).toHaveAttribute('data-pending', 'false'), LONG);
    await waitFor(() => expect(bob.getByText('Buy milk')).toBeVisible(), LONG);

    // A rejected write: Bob adds the same title. It shows as pending, then is rolled back.
    await userEvent.type(bob.getByRole('textbox'), 'Buy milk{enter}');
    await waitFor(() => expect(bob.getAllByText('Buy milk')).toHaveLength(2));
    await expect(bob.getByText('saving…')).toBeVisible();
    await expect(await bob.findByRole('alert', {}, LONG)).toHaveTextContent('conflicts with existing data');
    await waitFor(() => expect(bob.getAllByText('Buy milk')).toHaveLength(1), LONG);
    await expect(bob.queryByText('saving…')).toBeNull();
    await expect(alice.getAllByText('Buy milk')).toHaveLength(1);

    // An edit: Bob ticks it off, Alice sees it done.
    await userEvent.click(bob.getByRole('checkbox', { name: 'Done: Buy milk' }));
    await waitFor(() => expect(alice.getByRole('checkbox', { name: 'Done: Buy milk' })).toBeChecked(), LONG);
    await waitFor(() => expect(bob.getByText('Buy milk').closest('li')).toHaveAttribute('data-pending', 'false'), LONG);
  },
};

export const Explore: Story = {};
