import { createRealtimeManager, RealtimeProvider, type RealtimeManager } from '../src/index';
import type { DevServer } from '../src/devserver/types';
import type { BenchRow } from './benchRow';
import { bucketFilter } from './benchSchema';
import { BenchSink } from './benchSink';
import { createBenchClient, type BenchClient } from './createBenchClient';
import { mountRoot } from './mountRoot';
import { PackageSubscriber } from './PackageSubscriber';
import { RawSubscriber } from './RawSubscriber';
import { waitFor } from './waitFor';

/** The server allows 100 channels per socket, as Supabase does: 200 channels need 2 clients. */
const PER_SOCKET = 100;

/**
 * Scenario 4: `channels` joined channels (100 per client), then the server closes every
 * socket with 1011. Measures the time until every channel is joined again on the server and
 * on the client, and the `phx_join` frames the clients sent meanwhile (per topic, so a
 * duplicate join is visible).
 */
export async function scenarioReconnect(server: DevServer, channels: number): Promise<BenchRow[]> {
  const sockets = Math.ceil(channels / PER_SOCKET);
  const scenario = `1011 close, ${channels} channels (${sockets} socket${sockets === 1 ? '' : 's'})`;
  const raw = await runRaw(server, channels);
  const pkg = await runPackage(server, channels);
  return [
    { scenario, metric: 'time until all rejoined (ms)', raw: raw.ms, pkg: pkg.ms, target: '—' },
    { scenario, metric: '`phx_join` frames sent', raw: raw.joins, pkg: pkg.joins, target: String(channels), met: pkg.joins === channels },
    { scenario, metric: 'duplicate joins', raw: raw.duplicates, pkg: pkg.duplicates, target: '0', met: pkg.duplicates === 0 },
  ];
}

function serverJoined(server: DevServer): number {
  return server.stats().channels.reduce((n, c) => n + c.subscribers, 0);
}

async function dropAndMeasure(server: DevServer, clients: BenchClient[], channels: number, clientJoined: () => boolean) {
  await waitFor(() => serverJoined(server) === channels && clientJoined(), 'all channels joined before the drop');
  for (const c of clients) c.joins.reset();
  const start = performance.now();
  server.faults.close({ code: 1011 });
  // The server forgets a socket's channels when it closes. Back to `channels` on the server means
  // every client saw the drop and joined again; the client side must agree that it is joined.
  await waitFor(() => serverJoined(server) === 0, 'the drop');
  await waitFor(() => serverJoined(server) === channels && clientJoined(), 'all channels rejoined', 120_000);
  const ms = Math.round(performance.now() - start);
  return {
    ms,
    joins: clients.reduce((n, c) => n + c.joins.total, 0),
    duplicates: clients.reduce((n, c) => n + c.joins.duplicates, 0),
  };
}

async function runRaw(server: DevServer, channels: number) {
  const clients = groups(channels).map(() => createBenchClient(server));
  const sink = new BenchSink();
  const root = mountRoot(
    <>
      {groups(channels).map((size, g) =>
        Array.from({ length: size }, (_, i) => <RawSubscriber key={`${g}-${i}`} client={clients[g]!.client} filter={bucketFilter(i)} sink={sink} />),
      )}
    </>,
  );
  const result = await dropAndMeasure(server, clients, channels, () => sink.countStatus('SUBSCRIBED') === channels);
  root.unmount();
  await Promise.all(clients.map((c) => c.client.removeAllChannels()));
  await waitFor(() => server.stats().channels.length === 0, 'raw reconnect channels left');
  return result;
}

async function runPackage(server: DevServer, channels: number) {
  const clients = groups(channels).map(() => createBenchClient(server));
  const managers: RealtimeManager[] = clients.map((c) => createRealtimeManager(c.client));
  const root = mountRoot(
    <>
      {groups(channels).map((size, g) => (
        <RealtimeProvider key={g} manager={managers[g]!}>
          {Array.from({ length: size }, (_, i) => (
            <PackageSubscriber key={i} filter={bucketFilter(i)} sink={new BenchSink()} />
          ))}
        </RealtimeProvider>
      ))}
    </>,
  );
  const allJoined = () => managers.every((m) => m.getStats().channels.every((c) => c.state === 'joined')) && managers.reduce((n, m) => n + m.getStats().channels.length, 0) === channels;
  const result = await dropAndMeasure(server, clients, channels, allJoined);
  root.unmount();
  await Promise.all(managers.map((m) => m.destroy()));
  await waitFor(() => server.stats().channels.length === 0, 'package reconnect channels left');
  return result;
}

/** Channel counts per client: 100, 100, … and the remainder. */
function groups(channels: number): number[] {
  const sizes: number[] = [];
  for (let left = channels; left > 0; left -= PER_SOCKET) sizes.push(Math.min(PER_SOCKET, left));
  return sizes;
}
