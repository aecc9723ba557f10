import { expectTypeOf, test } from 'vitest';
import { useRealtimeSubscription, type PostgresChangesPayload } from '../../src/index';

interface Database {
  public: {
    Tables: {
      todos: { Row: { id: number; title: string; done: boolean }; Insert: { title: string }; Update: { title?: string } };
      notes: { Row: { id: number; body: string | null }; Insert: { body?: string }; Update: { body?: string } };
    };
    Views: Record<string, never>;
    Functions: Record<string, never>;
  };
}

// Compile-time checks only: these hooks are never rendered.
test('payload.new is the table row type of the generated Database', () => {
  const useTyped = () =>
    useRealtimeSubscription<Database, 'todos'>({
      table: 'todos',
      onChange: (payload) => {
        expectTypeOf(payload).toEqualTypeOf<PostgresChangesPayload<Database['public']['Tables']['todos']['Row']>>();
        expectTypeOf(payload.new.title).toEqualTypeOf<string | undefined>();
      },
    });
  const useUntyped = () =>
    useRealtimeSubscription({
      table: 'anything',
      onChange: (payload) => expectTypeOf(payload.new).toEqualTypeOf<Partial<Record<string, unknown>>>(),
    });
  // Broadcast from Database: the same payload type, one option apart.
  const useTypedTopic = () =>
    useRealtimeSubscription<Database, 'todos'>({
      table: 'todos',
      topic: 'todos:home',
      event: 'UPDATE',
      onChange: (payload) => {
        expectTypeOf(payload).toEqualTypeOf<PostgresChangesPayload<Database['public']['Tables']['todos']['Row']>>();
        expectTypeOf(payload.old.done).toEqualTypeOf<boolean | undefined>();
      },
    });
  // @ts-expect-error: not a table of Database.public
  const useWrongTable = () => useRealtimeSubscription<Database, 'todoz'>({ table: 'todoz' });
  void [useTyped, useUntyped, useTypedTopic, useWrongTable];
});
