/**
 * A simulated offline switch for the demos: makes `navigator.onLine` report the chosen
 * value and fires the `offline`/`online` window events the browser itself would fire, so
 * the provider reacts exactly as it does when the device loses its network.
 */
let simulatedOffline = false;
let patched = false;

function patchNavigator(): void {
  if (patched) return;
  const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine');
  Object.defineProperty(navigator, 'onLine', {
    configurable: true,
    get: () => (simulatedOffline ? false : original?.get ? original.get.call(navigator) : true),
  });
  patched = true;
}

export function setSimulatedOffline(offline: boolean): void {
  patchNavigator();
  if (simulatedOffline === offline) return;
  simulatedOffline = offline;
  window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
}

export function isSimulatedOffline(): boolean {
  return simulatedOffline;
}
