import { expect, waitFor } from 'storybook/test';

/**
 * Waits until every `<DemoClient>` in the story has signed in (they render their children only
 * then), and fails with the sign-in error when one could not.
 */
export async function waitForSignIn(canvasElement: HTMLElement, timeout = 20_000): Promise<void> {
  await waitFor(
    () => {
      const clients = Array.from(canvasElement.querySelectorAll<HTMLElement>('[data-demo-client]'));
      const failed = clients.find((client) => client.dataset.auth === 'failed');
      if (failed) throw new Error(`Demo client "${failed.dataset.demoClient}": ${failed.textContent ?? 'sign-in failed'}`);
      expect(clients.length).toBeGreaterThan(0);
      for (const client of clients) expect(client).toHaveAttribute('data-auth', 'signed-in');
    },
    { timeout },
  );
}
