import { useRef, useState, type FormEvent, type PointerEvent } from 'react';
import { useBroadcast, useConnectionHealth, usePresence } from '../../src/index';
import { StatusBadge } from './HealthPanel';

interface Person extends Record<string, unknown> {
  name: string;
  color: string;
}

interface ChatLine {
  id: string;
  from: string;
  text: string;
  at: number;
}

interface Cursor {
  name: string;
  color: string;
  x: number;
  y: number;
}

/** At most one message per `ms`; live cursors need no more than ~20 updates a second. */
function useThrottle(ms: number) {
  const last = useRef(0);
  return () => {
    const now = performance.now();
    if (now - last.current < ms) return false;
    last.current = now;
    return true;
  };
}

/**
 * One person in a room: who is here (presence), a chat line and live cursors (broadcast).
 * A sent line is shown at once (not after a round trip).
 */
export function RoomPane({ room, me }: { room: string; me: Person }) {
  const status = useConnectionHealth((health) => health.status);
  const presence = usePresence<Person>(room, me);
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [cursors, setCursors] = useState<Record<string, Cursor>>({});
  const [draft, setDraft] = useState('');
  // A line is shown at once when sent; if the channel also echoes it back, the id dedupes it.
  const chat = useBroadcast<ChatLine>(room, 'chat', (line) =>
    setLines((all) => (all.some((known) => known.id === line.id) ? all : [...all, line].slice(-50))),
  );
  const cursor = useBroadcast<Cursor>(room, 'cursor', (at) => {
    if (at.name !== me.name) setCursors((all) => ({ ...all, [at.name]: at }));
  });
  const throttle = useThrottle(50);

  const people = Object.values(presence.members).flatMap((states) => states.slice(0, 1));

  function send(event: FormEvent): void {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const line = { id: crypto.randomUUID(), from: me.name, text, at: Date.now() };
    setDraft('');
    setLines((all) => [...all, line].slice(-50));
    void chat.send(line);
  }

  function move(event: PointerEvent<HTMLDivElement>): void {
    if (!throttle()) return;
    const box = event.currentTarget.getBoundingClientRect();
    void cursor.send({ name: me.name, color: me.color, x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height });
  }

  return (
    <section className="card" aria-label={`${me.name}'s screen`}>
      <header>
        <h2>{me.name}</h2>
        <StatusBadge status={status} label={me.name} />
      </header>
      <div className="people" aria-label="Here now">
        {people.map((person) => (
          <span key={person.name} className="person" style={{ background: person.color }}>
            {person.name}
          </span>
        ))}
      </div>
      <div className="chat" aria-label="Chat">
        {lines.map((line) => (
          <div key={line.id}>
            <strong>{line.from}:</strong> {line.text}
          </div>
        ))}
      </div>
      <form className="add" onSubmit={send}>
        <input type="text" aria-label={`Message from ${me.name}`} placeholder="Say something" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" disabled={chat.status !== 'joined'}>
          Send
        </button>
      </form>
      <div className="cursor-area" aria-label="Shared canvas" onPointerMove={move}>
        {Object.values(cursors).map((other) => (
          <span key={other.name} className="cursor" style={{ left: `${other.x * 100}%`, top: `${other.y * 100}%`, color: other.color }}>
            ▲ {other.name}
          </span>
        ))}
      </div>
    </section>
  );
}
