import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createDemoClient, freshListId } from './demoBackend';
import { CrossTabPane } from './components/CrossTabPane';
import { signInDemoUser, type DemoUser } from './components/demoSignIn';
import { waitForSignIn } from './components/waitForSignIn';
import './components/demo.css';

/**
 * `crossTab: true`: the tabs of one user share one socket. Each pane is an app instance with
 * its own supabase-js client, signed in as the same user, as tabs of one browser are; the
 * panes of one page share BroadcastChannel and Web Locks like tabs of one origin, so they elect
 * one leader, which alone opens the socket. Close the leader's pane and another takes over.
 */
function useSharedDemoUser(): { user: DemoUser | null; error: string | null } {
  const [state, setState] = useState<{ user: DemoUser | null; error: string | null }>({ user: null, error: null });
  useEffect(() => {
    // One email user for every pane (anonymous sign-ins would make each pane another user,
    // and tabs of different users never share a socket).
    const email = `${freshListId('cross-tab')}@example.com`;
    const password = 'cross-tab-demo-1';
    const client = createDemoClient(`realtime-demo:cross-tab-setup:${email}`);
    signInDemoUser(client, { kind: 'email', email, password, signUp: true }).then(
      () => setState({ user: { kind: 'email', email, password }, error: null }),
      (error: unknown) => setState({ user: null, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => void client.auth.stopAutoRefresh();
  }, []);
  return state;
}

function CrossTabDemo({ tabs }: { tabs: number }) {
  const [listId] = useState(() => freshListId('cross-tab'));
  const [open, setOpen] = useState(() => Array.from({ length: tabs }, (_, index) => `Tab ${index + 1}`));
  const { user, error } = useSharedDemoUser();
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!user) return <p className="muted">Creating the demo user…</p>;
  return (
    <div className="demo">
      <p className="muted">
        {open.length} of {tabs} tabs open. One leads and owns the socket; the others forward their subscriptions to it.
      </p>
      <div className="demo-row">
        {open.map((name) => (
          <CrossTabPane key={name} name={name} listId={listId} user={user} onClose={() => setOpen((names) => names.filter((other) => other !== name))} />
        ))}
      </div>
    </div>
  );
}

const meta = {
  title: 'Demos/Cross-tab',
  component: CrossTabDemo,
  args: { tabs: 3 },
} satisfies Meta<typeof CrossTabDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const LONG = { timeout: 30_000 };

const roleOf = (canvasElement: HTMLElement, name: string) => within(canvasElement).getByLabelText(`${name} role`).dataset.role;

export const ThreeTabsOneLeader: Story = {
  name: 'Three tabs, one leader',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-demo-client]')).toHaveLength(3), LONG);
    await waitForSignIn(canvasElement, 30_000);
    const names = ['Tab 1', 'Tab 2', 'Tab 3'];
    await waitFor(() => expect(names.map((name) => roleOf(canvasElement, name)).sort()).toEqual(['follower', 'follower', 'leader']), LONG);
    await waitFor(() => expect(canvas.getAllByTestId('cross-tab-role').filter((badge) => badge.dataset.role === 'leader')).toHaveLength(1), LONG);
    for (const name of names) await waitFor(() => expect(canvas.getByLabelText(`${name} tabs`)).toHaveTextContent('3 tabs share it'), LONG);

    // A row added in one tab shows in all three.
    await userEvent.type(canvas.getByLabelText('New todo in Tab 1 todos'), 'shared row{enter}');
    for (const name of names) {
      await waitFor(() => expect(within(canvas.getByRole('list', { name: `${name} todos items` })).getByText('shared row')).toBeInTheDocument(), LONG);
    }

    // Closing the leader: another tab leads, and rows keep arriving in the remaining two.
    const leader = names.find((name) => roleOf(canvasElement, name) === 'leader')!;
    const remaining = names.filter((name) => name !== leader);
    await userEvent.click(within(canvas.getByRole('region', { name: leader })).getByRole('button', { name: 'Close this tab' }));
    await waitFor(() => expect(remaining.map((name) => roleOf(canvasElement, name)).sort()).toEqual(['follower', 'leader']), LONG);
    for (const name of remaining) await waitFor(() => expect(canvas.getByLabelText(`${name} tabs`)).toHaveTextContent('2 tabs share it'), LONG);
    await userEvent.type(canvas.getByLabelText(`New todo in ${remaining[0]} todos`), 'after handover{enter}');
    for (const name of remaining) {
      await waitFor(() => expect(within(canvas.getByRole('list', { name: `${name} todos items` })).getByText('after handover')).toBeInTheDocument(), LONG);
    }
  },
};
