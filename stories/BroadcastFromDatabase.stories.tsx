import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { freshListId } from './demoBackend';
import { DemoClient } from './components/DemoClient';
import { TodoList } from './components/TodoList';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

type Mechanism = 'postgres_changes' | 'broadcast';

/**
 * The live todo list on Broadcast from Database: a trigger (printed by `broadcastChangesSql`,
 * see stories/demo-schema.sql) sends each change to the private topic `todos:<list>`, and
 * `useRealtimeSubscription({ table: 'todos', topic })` receives it in the same payload shape as
 * `postgres_changes`. The switch moves both clients between the two mechanisms; the list
 * code is the same, one option apart. Private topics need a signed-in user (the demo schema's
 * policy on `realtime.messages` is for `authenticated`): each DemoClient signs in anonymously
 * before its list subscribes, so the first join already carries the user's token.
 */
function BroadcastFromDatabaseDemo({ initial = 'broadcast' }: { initial?: Mechanism }) {
  const [listId] = useState(() => freshListId('todos'));
  const [mechanism, setMechanism] = useState<Mechanism>(initial);
  const topic = mechanism === 'broadcast' ? `todos:${listId}` : undefined;
  return (
    <div className="demo">
      <fieldset className="muted">
        <legend>Changes arrive by</legend>
        <label>
          <input type="radio" name="mechanism" checked={mechanism === 'broadcast'} onChange={() => setMechanism('broadcast')} /> Broadcast
          from Database (private topic <code>todos:{listId}</code>)
        </label>{' '}
        <label>
          <input type="radio" name="mechanism" checked={mechanism === 'postgres_changes'} onChange={() => setMechanism('postgres_changes')} />{' '}
          postgres_changes (filter <code>list_id=eq.{listId}</code>)
        </label>
      </fieldset>
      <div className="demo-row">
        <DemoClient label="alice">
          <TodoList listId={listId} title="Alice's laptop" topic={topic} />
        </DemoClient>
        <DemoClient label="bob">
          <TodoList listId={listId} title="Bob's phone" topic={topic} />
        </DemoClient>
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Broadcast from Database',
  component: BroadcastFromDatabaseDemo,
} satisfies Meta<typeof BroadcastFromDatabaseDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

export const BothMechanisms: Story = {
  name: 'A row arrives under both mechanisms',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    const region = (name: string) => canvas.getByRole('region', { name });
    const joined = async () => {
      for (const name of ["Alice's laptop", "Bob's phone"]) {
        await waitFor(() => expect(region(name)).toHaveAttribute('data-subscription', 'joined'), LONG);
      }
    };
    const addAndSee = async (title: string) => {
      const alice = within(region("Alice's laptop"));
      await userEvent.type(alice.getByRole('textbox'), `${title}{enter}`);
      // Bob's list is not refetched by Alice's write: the row reaches it only through realtime.
      await waitFor(() => expect(within(region("Bob's phone")).getByText(title)).toBeVisible(), LONG);
    };

    await waitFor(() => expect(canvas.getByRole('radio', { name: /Broadcast from Database/ })).toBeChecked());
    await joined();
    await addAndSee('Sent by the trigger');

    await userEvent.click(canvas.getByRole('radio', { name: /postgres_changes/ }));
    await joined();
    await addAndSee('Sent by postgres_changes');
    await expect(within(region("Bob's phone")).getAllByRole('listitem')).toHaveLength(2);
  },
};

export const Explore: Story = {};
