import { useConnectionHealth } from '../../src/index';
import { DemoClient, demoManagerOptions } from './DemoClient';
import type { DemoUser } from './demoSignIn';
import { TodoList } from './TodoList';

const crossTabOptions = { ...demoManagerOptions, crossTab: { hiddenHandoverMs: 3_000 } };

/** This tab's role and the number of tabs sharing the socket, from `useConnectionHealth().crossTab`. */
function CrossTabBadge({ name }: { name: string }) {
  const crossTab = useConnectionHealth((health) => health.crossTab);
  const role = crossTab?.role ?? 'electing';
  return (
    <p className="cross-tab-badge">
      <span className="badge" data-testid="cross-tab-role" data-role={role} aria-label={`${name} role`} data-status={role === 'leader' ? 'connected' : 'connecting'}>
        {role === 'leader' ? 'leader: owns the socket' : role === 'follower' ? 'follower: uses the leader’s socket' : 'electing…'}
      </span>{' '}
      <span className="muted" data-testid="cross-tab-count" aria-label={`${name} tabs`}>
        {crossTab ? `${crossTab.tabs} tab${crossTab.tabs === 1 ? '' : 's'} share it` : ''}
      </span>
    </p>
  );
}

/**
 * One "tab": its own supabase-js client and `<RealtimeProvider options={{ crossTab }}>`, signed
 * in as `user`, with a live todo list. Panes of one page share BroadcastChannel and Web Locks
 * exactly as tabs of one origin do, so they elect one leader among them.
 */
export function CrossTabPane({ name, listId, user, onClose }: { name: string; listId: string; user: DemoUser; onClose?: () => void }) {
  return (
    <div className="card" role="region" aria-label={name}>
      <header>
        <h2>{name}</h2>
        {onClose ? (
          <button type="button" onClick={onClose}>
            Close this tab
          </button>
        ) : null}
      </header>
      <DemoClient label={name} user={user} options={crossTabOptions}>
        <CrossTabBadge name={name} />
        <TodoList listId={listId} title={`${name} todos`} />
      </DemoClient>
    </div>
  );
}
