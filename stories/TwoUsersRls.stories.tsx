import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoClient } from './components/DemoClient';
import type { DemoUser } from './components/demoSignIn';
import { PrivateNotes } from './components/PrivateNotes';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/** A new email user, created through `supabase.auth.signUp` (auto-confirmed on the dev server). */
function newEmailUser(name: string): DemoUser {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  // Only this page ever knows the password; it is never shown or logged.
  return { kind: 'email', email: `${name}-${suffix}@example.com`, password: crypto.randomUUID(), signUp: true };
}

/**
 * Two people, each signed in with email and password on their own supabase-js client (own
 * socket, own session, own `<RealtimeProvider>`), subscribed to the same table with no filter.
 * Row Level Security (`auth.uid() = owner_id`, see stories/demo-schema.sql) decides what each
 * one receives: a note appears live in its owner's list and never in the other's.
 *
 * Against your own project: run stories/demo-schema.sql, and turn off "Confirm email" so the
 * sign-ups get a session at once.
 */
function TwoUsersRlsDemo() {
  const [ada] = useState(() => newEmailUser('ada'));
  const [grace] = useState(() => newEmailUser('grace'));
  return (
    <div className="demo">
      <div className="demo-row">
        <DemoClient label="ada" user={ada}>
          <PrivateNotes title="Ada's notes" />
        </DemoClient>
        <DemoClient label="grace" user={grace}>
          <PrivateNotes title="Grace's notes" />
        </DemoClient>
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Two users, RLS',
  component: TwoUsersRlsDemo,
} satisfies Meta<typeof TwoUsersRlsDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 20_000 };

/** The notes a list shows, in order, as exact texts. */
const bodies = (list: HTMLElement) => Array.from(list.querySelectorAll('li')).map((item) => item.textContent);

export const TwoUsers: Story = {
  name: 'Two users, RLS',
  play: async ({ canvasElement }) => {
    await waitForSignIn(canvasElement);
    const canvas = within(canvasElement);
    const adaCard = canvas.getByRole('region', { name: "Ada's notes" });
    const graceCard = canvas.getByRole('region', { name: "Grace's notes" });
    for (const card of [adaCard, graceCard]) {
      await waitFor(() => expect(card).toHaveAttribute('data-subscription', 'joined'), LONG);
    }
    const adaId = adaCard.dataset.userId;
    const graceId = graceCard.dataset.userId;
    await expect(adaId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(graceId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(adaId).not.toBe(graceId);
    await expect(within(adaCard).getByTestId('signed-in-as')).toHaveTextContent(/^Signed in as ada-[a-z0-9-]+@example\.com$/);
    await expect(within(graceCard).getByTestId('signed-in-as')).toHaveTextContent(/^Signed in as grace-[a-z0-9-]+@example\.com$/);

    const adaList = within(adaCard).getByRole('list');
    const graceList = within(graceCard).getByRole('list');
    const add = async (card: HTMLElement, body: string) => userEvent.type(within(card).getByRole('textbox'), `${body}{enter}`);

    // Each insert is not read back: a note shows only through its realtime event.
    await add(adaCard, 'Ada: first');
    await waitFor(() => expect(bodies(adaList)).toEqual(['Ada: first']), LONG);
    await add(graceCard, 'Grace: first');
    await waitFor(() => expect(bodies(graceList)).toEqual(['Grace: first']), LONG);

    // Each later note is committed after the other user's: had the other's row reached this
    // list, it would sit there and these exact lists could never be reached.
    await add(adaCard, 'Ada: second');
    await waitFor(() => expect(bodies(adaList)).toEqual(['Ada: first', 'Ada: second']), LONG);
    await add(graceCard, 'Grace: second');
    await waitFor(() => expect(bodies(graceList)).toEqual(['Grace: first', 'Grace: second']), LONG);
    await expect(bodies(adaList)).toEqual(['Ada: first', 'Ada: second']);

    // Every row a list shows is owned by that list's user.
    for (const item of adaList.querySelectorAll('li')) await expect(item).toHaveAttribute('data-owner-id', adaId);
    for (const item of graceList.querySelectorAll('li')) await expect(item).toHaveAttribute('data-owner-id', graceId);
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const Explore: Story = {};
