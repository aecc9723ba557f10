import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useConnectionHealth, useRealtimeSubscription, type PostgresChangesPayload } from '../../src/index';
import { useDemoUser, useSupabase } from './DemoClient';
import { StatusBadge } from './HealthPanel';

export interface PrivateNote {
  id: number;
  owner_id: string;
  body: string;
  created_at: string;
}

const notesKey = ['private_notes'] as const;

function addNote(rows: PrivateNote[] | undefined, payload: PostgresChangesPayload<PrivateNote>): PrivateNote[] | undefined {
  if (!rows || payload.eventType !== 'INSERT') return rows;
  const note = payload.new as PrivateNote;
  return rows.some((row) => row.id === note.id) ? rows : [...rows, note].sort((a, b) => a.id - b.id);
}

/**
 * The signed-in user's notes from `public.private_notes`. Neither the query nor the subscription
 * filters by owner: the table's RLS policy (`auth.uid() = owner_id`) does, for REST and for
 * every change Realtime sends. A new note is inserted without reading it back, so it shows up
 * only when its realtime event arrives — in its owner's list, and in no one else's.
 *
 * `data-user-id` on the card and `data-owner-id` on each row let a test compare owners exactly.
 */
export function PrivateNotes({ title }: { title: string }) {
  const supabase = useSupabase();
  const user = useDemoUser();
  const queryClient = useQueryClient();
  const status = useConnectionHealth((health) => health.status);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const query = useQuery({
    queryKey: notesKey,
    queryFn: async () => {
      const { data, error: readError } = await supabase.from('private_notes').select('*').order('id');
      if (readError) throw readError;
      return data as PrivateNote[];
    },
  });

  const subscription = useRealtimeSubscription({
    table: 'private_notes',
    event: 'INSERT',
    queryKey: notesKey,
    label: `private_notes:${title}`,
    onChange: (payload) => queryClient.setQueryData<PrivateNote[]>(notesKey, (rows) => addNote(rows, payload as PostgresChangesPayload<PrivateNote>)),
  });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setDraft('');
    setError(null);
    // owner_id is left to the column default, auth.uid(): the server decides whose note it is.
    const { error: writeError } = await supabase.from('private_notes').insert({ body });
    if (writeError) setError(`Could not add "${body}": ${writeError.message}`);
  }

  const rows = query.data ?? [];
  return (
    <section className="card" aria-label={title} data-user-id={user.id} data-subscription={subscription.status}>
      <header>
        <h2>{title}</h2>
        <StatusBadge status={status} label={title} />
      </header>
      <p className="muted" data-testid="signed-in-as">
        Signed in as {user.email}
      </p>
      <form className="add" onSubmit={(event) => void submit(event)}>
        <input type="text" aria-label={`New note in ${title}`} placeholder="A note only you can see" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button className="primary" type="submit">
          Add
        </button>
      </form>
      {query.isPending ? <p className="muted">Loading…</p> : null}
      <ul className="todos" aria-label={`${title} items`}>
        {rows.map((note) => (
          <li key={note.id} data-note-id={note.id} data-owner-id={note.owner_id}>
            {note.body}
          </li>
        ))}
      </ul>
      {rows.length === 0 && !query.isPending ? <p className="muted">No notes yet. The other user's notes never show here.</p> : null}
      {error ? (
        <div className="error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
