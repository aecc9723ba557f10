import { useEffect, useState } from 'react';
import { backend, injectFault, type FaultName } from '../demoBackend';
import { isSimulatedOffline, setSimulatedOffline } from './simulatedNetwork';

interface FaultButton {
  label: string;
  fault: FaultName;
  body?: Record<string, unknown>;
  hint: string;
}

/** Each button is one dev-server fault route; together they cover the ways a socket dies. */
const FAULTS: FaultButton[] = [
  { label: 'Close 1011', fault: 'close', body: { code: 1011, reason: 'demo: server error' }, hint: 'server closes every socket with 1011' },
  { label: 'Abrupt drop', fault: 'close', body: { abrupt: true }, hint: 'TCP dropped without a close frame (1006)' },
  { label: 'Stall heartbeats 6s', fault: 'stall-heartbeats', body: { ms: 6_000 }, hint: 'server stops answering heartbeats' },
  { label: 'Refuse connections 5s', fault: 'refuse', body: { ms: 5_000 }, hint: 'new WebSocket upgrades are refused' },
  { label: 'Fail next 2 joins', fault: 'fail-joins', body: { count: 2, reason: 'demo: join refused' }, hint: 'channel joins get an error reply' },
  { label: 'Expire tokens', fault: 'expire-tokens', hint: 'tokens issued so far count as expired' },
  { label: 'Latency 800ms', fault: 'latency', body: { ms: 800 }, hint: 'every frame from the server is delayed' },
  { label: 'Reset faults', fault: 'reset', hint: 'clear every fault' },
];

/**
 * Buttons calling the dev server's fault routes, plus a simulated offline switch, so a
 * person can break the connection in each way and watch the health panel and the todo
 * list recover (including the rows written while the socket was down).
 */
export function ChaosControls() {
  const [log, setLog] = useState<string[]>([]);
  const [offline, setOffline] = useState(isSimulatedOffline);

  // Leaving the story must not leave the page "offline" or the server faulty.
  useEffect(
    () => () => {
      setSimulatedOffline(false);
      if (backend.devServer) void injectFault('reset').catch(() => {});
    },
    [],
  );

  async function run(button: FaultButton): Promise<void> {
    const at = new Date().toLocaleTimeString();
    try {
      await injectFault(button.fault, button.body);
      setLog((lines) => [`${at} ${button.label}: ${button.hint}`, ...lines].slice(0, 20));
    } catch (error) {
      setLog((lines) => [`${at} ${button.label} failed: ${(error as Error).message}`, ...lines].slice(0, 20));
    }
  }

  function toggleOffline(): void {
    const next = !offline;
    setSimulatedOffline(next);
    setOffline(next);
    setLog((lines) => [`${new Date().toLocaleTimeString()} simulated ${next ? 'offline' : 'online'}`, ...lines].slice(0, 20));
  }

  return (
    <section className="card" aria-label="Chaos controls">
      <header>
        <h2>Chaos controls</h2>
        <span className="muted">{backend.devServer ? 'embedded dev server' : 'real project: faults unavailable'}</span>
      </header>
      <div className="chaos">
        {FAULTS.map((button) => (
          <button key={button.label} type="button" title={button.hint} disabled={!backend.devServer} onClick={() => void run(button)}>
            {button.label}
          </button>
        ))}
        <button type="button" aria-pressed={offline} onClick={toggleOffline}>
          Simulated offline
        </button>
      </div>
      <div className="log" aria-label="Fault log">
        {log.map((line, index) => (
          <div key={index}>{line}</div>
        ))}
      </div>
    </section>
  );
}
