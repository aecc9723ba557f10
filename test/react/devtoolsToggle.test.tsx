/**
 * `<RealtimeDevtools />`: the toggle button opens and closes the panel by mouse and keyboard,
 * focus moves into the panel and back to the toggle, and the props `initialIsOpen`,
 * `buttonPosition` and `manager` do what they say. Real provider, real dev server.
 */
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { RealtimeDevtools } from '../../src/devtools/index';
import { RealtimeConfigError, RealtimeProvider, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import { waitUntil } from '../support/waitUntil';
import { devtools, devtoolsHosts, devtoolsRoot, setUpDevtoolsTests, waitForPanel, waitForToggle } from './devtoolsHarness';

const fixture = setUpDevtoolsTests();
const manager = (): RealtimeManager => fixture.manager();

function Todos() {
  const { status } = useRealtimeSubscription({ table: 'todos', label: 'todo-list' });
  return <p data-testid="status">{status}</p>;
}

/** Where focus is inside the shadow root (document.activeElement is the host). */
const focused = () => devtoolsRoot().activeElement;

/** The todo list and the devtools in a provider; resolves with the toggle once it is rendered. */
async function renderTodosWithDevtools(): Promise<HTMLElement> {
  render(
    <RealtimeProvider manager={manager()}>
      <Todos />
      <RealtimeDevtools />
    </RealtimeProvider>,
  );
  return waitForToggle();
}

/** Waits until no panel is rendered; `why` names the step in a timeout. */
const panelClosed = (why: string) => waitUntil(() => devtoolsRoot().querySelector('[role=dialog]') === null, why);

test('the toggle opens the panel, moves focus into it, and closes it again; closed, the panel is gone', async () => {
  const user = userEvent.setup();
  const toggle = await renderTodosWithDevtools();
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(devtools().getByRole('button', { name: 'Open realtime devtools' })).toBe(toggle);
  expect(devtoolsRoot().querySelector('[role=dialog]')).toBeNull();

  await user.click(toggle);
  const panel = await waitForPanel();
  expect(devtools().getByRole('dialog', { name: 'Realtime devtools' })).toBe(panel);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  expect(devtools().getByRole('button', { name: 'Close realtime devtools' })).toBe(toggle);
  await waitUntil(() => focused()?.tagName === 'H2', 'focus on the panel heading');

  await user.click(toggle);
  await panelClosed('the panel closed');
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(focused()).toBe(toggle);

  // The panel's own close button does the same, and focus returns to the toggle.
  await user.click(toggle);
  await waitForPanel();
  await user.click(devtools().getByRole('button', { name: 'Close realtime devtools panel' }));
  await panelClosed('the panel closed by its ✕');
  expect(focused()).toBe(toggle);
});

test('keyboard: Enter and Space on the toggle open the panel, Escape closes it and focus returns to the toggle', async () => {
  const user = userEvent.setup();
  const toggle = await renderTodosWithDevtools();
  act(() => toggle.focus());
  expect(focused()).toBe(toggle);

  await user.keyboard('{Enter}');
  await waitForPanel();
  await waitUntil(() => focused()?.tagName === 'H2', 'focus moved into the panel');
  await user.keyboard('{Escape}');
  await panelClosed('Escape closed the panel');
  expect(focused()).toBe(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('false');

  await user.keyboard(' ');
  await waitForPanel();
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  // Arrow keys move between tabs, selecting and focusing each.
  const tabNames = () => devtools().getAllByRole('tab').map((tab) => `${tab.textContent}:${tab.getAttribute('aria-selected')}`);
  const connectionTab = devtools().getByRole('tab', { name: 'Connection' });
  act(() => connectionTab.focus());
  await user.keyboard('{ArrowRight}');
  const channelsTab = devtools().getByRole('tab', { name: /^Channels/ });
  expect(focused()).toBe(channelsTab);
  expect(tabNames().filter((t) => t.endsWith(':true'))).toEqual([`${channelsTab.textContent}:true`]);
  await user.keyboard('{ArrowLeft}{ArrowLeft}');
  expect(focused()).toBe(devtools().getByRole('tab', { name: 'Optimistic writes' }));
  await user.keyboard('{ArrowRight}{ArrowRight}');
  expect(focused()).toBe(channelsTab);
  // Escape from deeper inside the panel (a tab button) closes it too.
  await user.keyboard('{Escape}');
  await panelClosed('Escape from a tab closed the panel');
  expect(focused()).toBe(toggle);
});

test('initialIsOpen renders the panel open on first render; without it the panel starts closed', async () => {
  const m = manager();
  const view = render(
    <RealtimeProvider manager={m}>
      <RealtimeDevtools initialIsOpen />
    </RealtimeProvider>,
  );
  await waitForPanel();
  expect(devtoolsRoot().querySelector('button.toggle')?.getAttribute('aria-expanded')).toBe('true');
  view.unmount();
  expect(devtoolsHosts()).toHaveLength(0);

  render(
    <RealtimeProvider manager={m}>
      <RealtimeDevtools initialIsOpen={false} />
    </RealtimeProvider>,
  );
  const toggle = await waitForToggle();
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(devtoolsRoot().querySelector('[role=dialog]')).toBeNull();
});

test('buttonPosition puts the toggle in that corner (bottom-right by default); an unknown corner is a typed error', async () => {
  const m = manager();
  for (const position of ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const) {
    const view = render(
      <RealtimeProvider manager={m}>
        <RealtimeDevtools buttonPosition={position} />
      </RealtimeProvider>,
    );
    const toggle = await waitForToggle();
    expect([...toggle.classList].sort()).toEqual([position, 'toggle'].sort());
    view.unmount();
  }
  const byDefault = render(
    <RealtimeProvider manager={m}>
      <RealtimeDevtools />
    </RealtimeProvider>,
  );
  expect((await waitForToggle()).classList.contains('bottom-right')).toBe(true);
  byDefault.unmount();

  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => {
    errors.push(event.error);
    event.preventDefault();
  };
  window.addEventListener('error', onError);
  try {
    expect(() =>
      render(
        <RealtimeProvider manager={m}>
          <RealtimeDevtools buttonPosition={'middle' as never} />
        </RealtimeProvider>,
      ),
    ).toThrow(RealtimeConfigError);
  } finally {
    window.removeEventListener('error', onError);
  }
  expect(() =>
    render(
      <RealtimeProvider manager={m}>
        <RealtimeDevtools buttonPosition={'middle' as never} />
      </RealtimeProvider>,
    ),
  ).toThrow(/buttonPosition> must be one of top-left, top-right, bottom-left, bottom-right \(got middle\)/);
});

test('the manager prop shows that manager, not the provider\'s; without either it is a typed error', async () => {
  const shown = manager();
  const other = manager();
  function Rooms() {
    useRealtimeSubscription({ table: 'notes', label: 'provider-notes' });
    return null;
  }
  // The provider's manager subscribes to notes; the devtools show `shown`, which has todos.
  const releaseShown = shown.retain();
  const todos = shown.subscribe({ table: 'todos', label: 'shown-todos' });
  render(
    <RealtimeProvider manager={other}>
      <Rooms />
      <RealtimeDevtools manager={shown} initialIsOpen />
    </RealtimeProvider>,
  );
  await waitForPanel();
  await act(async () => devtools().getByRole('tab', { name: /^Channels/ }).click());
  await waitUntil(() => devtoolsRoot().querySelectorAll('table[aria-label=Channels] tbody tr').length === 1, 'one channel row', 20_000);
  const row = devtoolsRoot().querySelector('table[aria-label=Channels] tbody tr')!;
  expect(row.textContent).toContain('shown-todos');
  expect(row.textContent).not.toContain('provider-notes');
  expect(other.getStats().channels.map((c) => c.labels)).toEqual([['provider-notes']]);
  todos.unsubscribe();
  releaseShown();
  cleanup();

  expect(() => render(<RealtimeDevtools />)).toThrow(RealtimeConfigError);
  expect(() => render(<RealtimeDevtools />)).toThrow(/needs a manager: render it inside <RealtimeProvider>, or pass manager=\{manager\}/);
});

test('under StrictMode (effects run twice) there is one host and one shadow root, removed on unmount', async () => {
  const user = userEvent.setup();
  const view = render(
    <StrictMode>
      <RealtimeProvider manager={manager()}>
        <Todos />
        <RealtimeDevtools />
      </RealtimeProvider>
    </StrictMode>,
  );
  const toggle = await waitForToggle();
  expect(devtoolsHosts()).toHaveLength(1);
  await user.click(toggle);
  await waitForPanel();
  expect(devtoolsRoot().querySelectorAll('button.toggle')).toHaveLength(1);
  view.unmount();
  expect(devtoolsHosts()).toHaveLength(0);
});
