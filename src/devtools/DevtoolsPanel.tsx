import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RealtimeManager } from '../core/manager/realtimeManagerTypes';
import { reconnectNow } from './actions/reconnectNow';
import { ChannelsPanel } from './panels/ChannelsPanel';
import { ConnectionPanel } from './panels/ConnectionPanel';
import { OptimisticPanel } from './panels/OptimisticPanel';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { useDevtoolsData } from './useDevtoolsData';

const TABS = ['Connection', 'Channels', 'Problems', 'Optimistic writes'] as const;
type Tab = (typeof TABS)[number];

/**
 * The panel (its own lazily loaded chunk): a header with the actions, a tab list (arrow keys
 * move between tabs, Escape closes) and the selected tab.
 */
export default function DevtoolsPanel({ manager, onClose }: { manager: RealtimeManager; onClose: () => void }) {
  const data = useDevtoolsData(manager);
  const [tab, setTab] = useState<Tab>('Connection');
  const [offline, setOffline] = useState(manager.simulatedOffline);
  const heading = useRef<HTMLHeadingElement>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Focus moves into the panel when it opens, so keyboard users land on it.
  useEffect(() => heading.current?.focus(), []);

  function onTabKey(event: KeyboardEvent, index: number) {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = (index + delta + TABS.length) % TABS.length;
    setTab(TABS[next]!);
    tabs.current[next]?.focus();
  }

  function toggleOffline() {
    manager.simulateOffline(!offline);
    setOffline(!offline);
  }

  const problems = data.stats.problems.length;
  return (
    <div id="srr-devtools-panel" className="panel" role="dialog" aria-label="Realtime devtools" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h2 ref={heading} tabIndex={-1}>
          Realtime
        </h2>
        <div role="tablist" aria-label="Devtools sections">
          {TABS.map((name, i) => (
            <button
              key={name}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              role="tab"
              id={`srr-tab-${i}`}
              aria-selected={tab === name}
              aria-controls="srr-tabpanel"
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {name}
              {name === 'Problems' && problems > 0 ? ` (${problems})` : ''}
              {name === 'Channels' ? ` (${data.stats.channels.length})` : ''}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" onClick={() => reconnectNow(manager)} disabled={manager.destroyed}>
            Reconnect
          </button>
          <button type="button" aria-pressed={offline} onClick={toggleOffline} disabled={manager.destroyed}>
            Simulate offline
          </button>
          <button type="button" aria-label="Close realtime devtools panel" onClick={onClose}>
            ✕
          </button>
        </div>
      </header>
      <div className="body" role="tabpanel" id="srr-tabpanel" aria-labelledby={`srr-tab-${TABS.indexOf(tab)}`}>
        {tab === 'Connection' && <ConnectionPanel data={data} />}
        {tab === 'Channels' && <ChannelsPanel data={data} manager={manager} />}
        {tab === 'Problems' && <ProblemsPanel problems={data.stats.problems} />}
        {tab === 'Optimistic writes' && <OptimisticPanel />}
      </div>
    </div>
  );
}
