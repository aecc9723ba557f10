import { useState } from 'react';
import type { RealtimeManager } from '../../core/manager/realtimeManagerTypes';
import type { ErrorAction } from '../../core/types';
import { Sparkline } from '../charts/Sparkline';
import { time } from '../charts/StatusTimeline';
import type { DevtoolsData } from '../useDevtoolsData';
import { ChannelDetail } from './ChannelDetail';

/** What each classified error's suggested action means in practice. */
export const ACTION_HELP: Record<ErrorAction, string> = {
  retry: 'Transient: it is retried with backoff.',
  'fix-data': 'The request or data is invalid: fix the subscription (table, filter, publication).',
  'check-network': 'The network or server is unreachable: check connectivity.',
  reauthenticate: 'The session is missing or expired: sign in again.',
  none: 'Nothing to do.',
  'contact-admin': 'Permissions or configuration: check RLS policies on realtime.messages and the project settings.',
};

/** Every channel with its subscribers, activity and errors; one selected shows its payloads. */
export function ChannelsPanel({ data, manager }: { data: DevtoolsData; manager: RealtimeManager }) {
  const [selected, setSelected] = useState<string | null>(null);
  const { stats, events, rates } = data;
  if (stats.channels.length === 0) return <p className="muted">No channels. Subscriptions, broadcasts and presence create them.</p>;
  const current = stats.channels.find((c) => c.topic === selected) ?? null;
  return (
    <>
      <table aria-label="Channels">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Subscribers</th>
            <th scope="col">Events/s</th>
            <th scope="col">Last event</th>
            <th scope="col">Joins</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {stats.channels.map((channel) => {
            const own = events.filter((e) => e.topic === channel.topic);
            const lastPayload = own.findLast((e) => e.type === 'payload');
            const joins = own.filter((e) => e.type === 'channel-join').length;
            const series = rates.get(channel.topic) ?? [];
            return (
              <tr key={channel.topic} data-topic={channel.topic} aria-selected={channel.topic === selected}>
                <td>
                  <button type="button" aria-pressed={channel.topic === selected} onClick={() => setSelected(channel.topic === selected ? null : channel.topic)}>
                    {channel.topic}
                  </button>
                </td>
                <td>{channel.kind === 'room' ? 'broadcast/presence' : 'postgres_changes'}</td>
                <td data-testid="channel-state" className={channel.state === 'joined' ? 'ok' : channel.state === 'errored' ? 'bad' : 'warn'}>
                  {channel.state}
                </td>
                <td>
                  <span data-testid="channel-subscribers">{channel.subscribers}</span>{' '}
                  {channel.labels.map((label) => (
                    <span key={label} className="chip">
                      {label}
                    </span>
                  ))}
                </td>
                <td>
                  <Sparkline values={series} label={`${channel.topic}: ${series.at(-1) ?? 0} events in the last second, ${channel.events} in all`} />
                </td>
                <td>{lastPayload ? time(lastPayload.at) : channel.events > 0 ? `${channel.events} so far` : '—'}</td>
                <td>{joins}</td>
                <td>
                  {channel.error ? (
                    <span title={channel.error.technicalMessage}>
                      <span className="bad">{channel.error.category}</span> · {channel.error.action}
                      <br />
                      <span className="muted">{ACTION_HELP[channel.error.action]}</span>
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {current && <ChannelDetail topic={current.topic} events={events} manager={manager} state={current.state} />}
    </>
  );
}
