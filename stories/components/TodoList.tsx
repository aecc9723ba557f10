import { useState, type FormEvent } from 'react';
import { StatusBadge } from './HealthPanel';
import { useConnectionHealth } from '../../src/index';
import { useTodos } from './useTodos';
import { useTodoMutations, type TodoRow } from './useTodoMutations';

/**
 * A small live todo app: rows load over REST, stay live through the realtime
 * subscription, and writes are optimistic (shown at once as "saving…", rolled back with
 * a message when the server rejects them, e.g. a duplicate title).
 */
export function TodoList({ listId, title, slowWritesMs, topic }: { listId: string; title: string; slowWritesMs?: number; topic?: string }) {
  const { query, subscription } = useTodos(listId, { topic });
  const status = useConnectionHealth((health) => health.status);
  const { add, toggle, error, pendingCount } = useTodoMutations(listId, { slowWritesMs });
  const rows: TodoRow[] = query.data ?? [];
  const [draft, setDraft] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    add(text);
  }

  return (
    <section className="card" aria-label={title} data-subscription={subscription.status}>
      <header>
        <h2>{title}</h2>
        <StatusBadge status={status} label={title} />
      </header>
      <form className="add" onSubmit={submit}>
        <input type="text" aria-label={`New todo in ${title}`} placeholder="What needs doing?" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button className="primary" type="submit">
          Add
        </button>
      </form>
      {query.isPending ? <p className="muted">Loading…</p> : null}
      <ul className="todos" aria-label={`${title} items`}>
        {rows.map((todo) => (
          <li key={todo.id} data-pending={todo.pending ? 'true' : 'false'} data-done={todo.done}>
            <input type="checkbox" aria-label={`Done: ${todo.title}`} checked={todo.done} disabled={todo.pending || todo.id < 0} onChange={() => toggle(todo)} />
            <span>{todo.title}</span>
            {todo.pending ? <span className="tag">saving…</span> : null}
          </li>
        ))}
      </ul>
      <p className="muted" aria-live="polite">
        {pendingCount > 0 ? `Saving ${pendingCount} change${pendingCount === 1 ? '' : 's'}…` : rows.length > 0 ? 'All changes saved' : ''}
      </p>
      {rows.length === 0 && !query.isPending ? <p className="muted">Nothing yet. Add something, then watch the other client.</p> : null}
      {error ? (
        <div className="error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
