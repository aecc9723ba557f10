import { createRealtimeManager, RealtimeProvider } from '../src/index';
import type { DevServer } from '../src/devserver/types';
import type { BenchRow } from './benchRow';
import { bucketFilter } from './benchSchema';
import { BenchSink } from './benchSink';
import { createBenchClient } from './createBenchClient';
import { mountRoot } from './mountRoot';
import { PackageSubscriber } from './PackageSubscriber';
import { RawSubscriber } from './RawSubscriber';
import { sleep, waitFor } from './waitFor';

/**
 * Scenario 1: `components` mounted components over `filters` distinct filters. Counts the
 * sockets open and the `phx_join` frames the server received until every channel had its
 * first answer, and how many components actually receive changes.
 */
export async function scenarioSharing(server: DevServer, components: number, filters: number): Promise<BenchRow[]> {
  const scenario = `${components} components, ${filters} filters`;
  const raw = await runRaw(server, components, filters);
  const pkg = await runPackage(server, components, filters);
  return [
    { scenario, metric: 'sockets', raw: raw.sockets, pkg: pkg.sockets, target: '1', met: pkg.sockets === 1 },
    { scenario, metric: '`phx_join` frames', raw: raw.joins, pkg: pkg.joins, target: String(filters), met: pkg.joins === filters },
    { scenario, metric: 'components whose channel joined', raw: raw.live, pkg: pkg.live, target: String(components), met: pkg.live === components },
  ];
}

async function runRaw(server: DevServer, components: number, filters: number) {
  const { client } = createBenchClient(server);
  const sink = new BenchSink();
  const before = server.stats();
  const root = mountRoot(
    <>
      {Array.from({ length: components }, (_, i) => (
        <RawSubscriber key={i} client={client} filter={bucketFilter(i % filters)} sink={sink} />
      ))}
    </>,
  );
  // Every channel answered once (joined, or refused: the server allows 100 channels per socket).
  await waitFor(() => sink.rawStatus.size === components, 'raw channels answered');
  const sockets = server.stats().sockets;
  const joins = server.stats().joins - before.joins;
  const live = sink.countStatus('SUBSCRIBED');
  root.unmount();
  await waitFor(() => client.getChannels().length === 0 && server.stats().channels.length === 0, 'raw channels removed');
  await client.removeAllChannels();
  await sleep(100);
  return { sockets, joins, live };
}

async function runPackage(server: DevServer, components: number, filters: number) {
  const { client } = createBenchClient(server);
  const manager = createRealtimeManager(client);
  const sink = new BenchSink();
  const before = server.stats();
  const root = mountRoot(
    <RealtimeProvider manager={manager}>
      {Array.from({ length: components }, (_, i) => (
        <PackageSubscriber key={i} filter={bucketFilter(i % filters)} sink={sink} />
      ))}
    </RealtimeProvider>,
  );
  await waitFor(() => {
    const stats = manager.getStats();
    return stats.subscribers === components && stats.channels.every((c) => c.state !== 'joining');
  }, 'package channels answered');
  const stats = manager.getStats();
  const sockets = server.stats().sockets;
  const joins = server.stats().joins - before.joins;
  const live = stats.channels.filter((c) => c.state === 'joined').reduce((n, c) => n + c.subscribers, 0);
  root.unmount();
  await manager.destroy();
  await waitFor(() => server.stats().channels.length === 0 && server.stats().sockets === 0, 'package channels removed');
  return { sockets, joins, live };
}
