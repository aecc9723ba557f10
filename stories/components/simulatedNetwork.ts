import { createDefaultEnvironment, type RealtimeEnvironment } from '../../src/core/realtimeEnvironment';

/**
 * A simulated offline switch for the demos. It takes only the app instance given
 * `simulatedNetworkEnvironment` offline ("this tab"): the other demo client stands for
 * another device, whose network does not drop because ours did. Nothing global is patched:
 * `navigator.onLine` and the window `online`/`offline` events stay the browser's own.
 */
let simulatedOffline = false;
const listeners = new Set<(event: 'online' | 'offline') => void>();

export function setSimulatedOffline(offline: boolean): void {
  if (simulatedOffline === offline) return;
  simulatedOffline = offline;
  for (const listener of [...listeners]) listener(offline ? 'offline' : 'online');
}

export function isSimulatedOffline(): boolean {
  return simulatedOffline;
}

const browser = createDefaultEnvironment();

/**
 * The manager environment of "this tab": offline while the switch is on (or while the
 * device really is), and told `offline`/`online` when the switch flips, exactly as the
 * browser's own events would tell it. Visibility, timers and randomness are the browser's.
 */
export const simulatedNetworkEnvironment: Partial<RealtimeEnvironment> = {
  isOnline: () => !simulatedOffline && browser.isOnline(),
  subscribe(listener) {
    const fromSwitch = (event: 'online' | 'offline') => {
      // Back from simulated offline while the device itself is offline: still offline.
      if (event === 'online' && !browser.isOnline()) return;
      listener(event);
    };
    listeners.add(fromSwitch);
    const stopBrowser = browser.subscribe((event) => {
      // The real network came back while simulated offline: stay offline.
      if (event === 'online' && simulatedOffline) return;
      listener(event);
    });
    return () => {
      listeners.delete(fromSwitch);
      stopBrowser();
    };
  },
};
