import type { QueryData, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

/**
 * users 1—n lists (twice: owner and reviewer), lists 1—n todos, todos n—m tags through
 * todo_tags, todos self-referencing through parent_id, users 1—1 profiles. RLS on lists:
 * a user sees only the lists they own.
 */
const SCHEMA = /* sql */ `
create table users (id uuid primary key, name text not null);
create table profiles (user_id uuid primary key references users(id), bio text not null);
create table lists (
  id int primary key,
  name text not null,
  owner_id uuid not null references users(id),
  reviewer_id uuid references users(id)
);
create table todos (
  id int primary key,
  title text not null,
  list_id int not null references lists(id),
  parent_id int references todos(id),
  estimate int not null default 1
);
create table tags (id int primary key, name text not null);
create table todo_tags (todo_id int references todos(id), tag_id int references tags(id), primary key (todo_id, tag_id));
alter table lists enable row level security;
create policy "owners read" on lists for select to authenticated using (owner_id = auth.uid());
create policy "service reads" on lists for select to anon using (true);

insert into users values ('${ALICE}', 'Alice'), ('${BOB}', 'Bob');
insert into profiles values ('${ALICE}', 'likes lists');
insert into lists values (1, 'Groceries', '${ALICE}', '${BOB}'), (2, 'Work', '${BOB}', null), (3, 'Empty', '${ALICE}', null);
insert into todos values (1, 'milk', 1, null, 2), (2, 'eggs', 1, 1, 3), (3, 'report', 2, null, 5), (4, 'bread', 1, 1, 1);
insert into tags values (1, 'urgent'), (2, 'home'), (3, 'office');
insert into todo_tags values (1, 1), (1, 2), (2, 2), (3, 3);
`;

interface Rel<F extends string, C extends string, R extends string> {
  foreignKeyName: F;
  columns: [C];
  isOneToOne: false;
  referencedRelation: R;
  referencedColumns: ['id'];
}

/** A small hand-written Database type, as `supabase gen types` would write it. */
type Database = {
  public: {
    Tables: {
      users: { Row: { id: string; name: string }; Insert: { id: string; name: string }; Update: { id?: string; name?: string }; Relationships: [] };
      lists: {
        Row: { id: number; name: string; owner_id: string; reviewer_id: string | null };
        Insert: { id: number; name: string; owner_id: string; reviewer_id?: string | null };
        Update: { id?: number; name?: string; owner_id?: string; reviewer_id?: string | null };
        Relationships: [Rel<'lists_owner_id_fkey', 'owner_id', 'users'>, Rel<'lists_reviewer_id_fkey', 'reviewer_id', 'users'>];
      };
      todos: {
        Row: { id: number; title: string; list_id: number; parent_id: number | null; estimate: number };
        Insert: { id: number; title: string; list_id: number; parent_id?: number | null; estimate?: number };
        Update: { id?: number; title?: string; list_id?: number; parent_id?: number | null; estimate?: number };
        Relationships: [Rel<'todos_list_id_fkey', 'list_id', 'lists'>, Rel<'todos_parent_id_fkey', 'parent_id', 'todos'>];
      };
      profiles: {
        Row: { user_id: string; bio: string };
        Insert: { user_id: string; bio: string };
        Update: { user_id?: string; bio?: string };
        Relationships: [{ foreignKeyName: 'profiles_user_id_fkey'; columns: ['user_id']; isOneToOne: true; referencedRelation: 'users'; referencedColumns: ['id'] }];
      };
      tags: { Row: { id: number; name: string }; Insert: { id: number; name: string }; Update: { id?: number; name?: string }; Relationships: [] };
      todo_tags: {
        Row: { todo_id: number; tag_id: number };
        Insert: { todo_id: number; tag_id: number };
        Update: { todo_id?: number; tag_id?: number };
        Relationships: [Rel<'todo_tags_todo_id_fkey', 'todo_id', 'todos'>, Rel<'todo_tags_tag_id_fkey', 'tag_id', 'tags'>];
      };
    };
    Views: Record<never, never>;
    Functions: Record<never, never>;
    Enums: Record<never, never>;
    CompositeTypes: Record<never, never>;
  };
};

let server: DevServer;
let anon: SupabaseClient<Database>;
let service: SupabaseClient<Database>;

beforeAll(async () => {
  server = await startDevServer({ schema: SCHEMA, aggregates: true });
  anon = createTestClient(server) as unknown as SupabaseClient<Database>;
  service = createTestClient(server, { key: server.serviceRoleKey }) as unknown as SupabaseClient<Database>;
}, 60_000);

afterAll(() => server?.close());

describe('embedding relationships', () => {
  it('embeds many-to-one as an object under an alias, typed by QueryData', async () => {
    const query = anon.from('todos').select('id, title, list:lists(name), tags(name)').order('id').order('name', { referencedTable: 'tags' });
    type Todos = QueryData<typeof query>;
    expectTypeOf<Todos[number]['list']>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<Todos[number]['tags']>().toEqualTypeOf<{ name: string }[]>();
    const { data, error, status } = await query;
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([
      { id: 1, title: 'milk', list: { name: 'Groceries' }, tags: [{ name: 'home' }, { name: 'urgent' }] },
      { id: 2, title: 'eggs', list: { name: 'Groceries' }, tags: [{ name: 'home' }] },
      { id: 3, title: 'report', list: { name: 'Work' }, tags: [{ name: 'office' }] },
      { id: 4, title: 'bread', list: { name: 'Groceries' }, tags: [] },
    ]);
  });

  it('embeds one-to-many as arrays with their own order, limit and offset', async () => {
    const { data, error } = await anon
      .from('lists')
      .select('name, todos(title)')
      .order('id')
      .order('id', { referencedTable: 'todos', ascending: false })
      .range(1, 2, { referencedTable: 'todos' });
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'Groceries', todos: [{ title: 'eggs' }, { title: 'milk' }] },
      { name: 'Work', todos: [] },
      { name: 'Empty', todos: [] },
    ]);
    const limited = await anon.from('lists').select('name, todos(title)').eq('id', 1).order('id', { referencedTable: 'todos' }).limit(1, { referencedTable: 'todos' });
    expect(limited.data).toEqual([{ name: 'Groceries', todos: [{ title: 'milk' }] }]);
  });

  it('embeds many-to-many through the join table, and one-to-one as an object both ways', async () => {
    const m2m = await anon.from('tags').select('name, todos(title)').eq('name', 'home');
    expect(m2m.error).toBeNull();
    expect(m2m.data).toEqual([{ name: 'home', todos: expect.arrayContaining([{ title: 'milk' }, { title: 'eggs' }]) }]);
    expect((m2m.data![0]!.todos as unknown[]).length).toBe(2);
    const users = await anon.from('users').select('name, profiles(bio)').order('name');
    expect(users.data).toEqual([
      { name: 'Alice', profiles: { bio: 'likes lists' } },
      { name: 'Bob', profiles: null },
    ]);
    const profiles = await anon.from('profiles').select('bio, users(name)');
    expect(profiles.data).toEqual([{ bio: 'likes lists', users: { name: 'Alice' } }]);
  });

  it('follows a self-reference: the column for the parent, the table (or a column hint) for the children', async () => {
    const { data, error } = await anon
      .from('todos')
      .select('title, parent:parent_id(title), children:todos(title), subtasks:todos!parent_id(id)')
      .in('id', [1, 2])
      .order('id')
      .order('id', { referencedTable: 'children' })
      .order('id', { referencedTable: 'subtasks' });
    expect(error).toBeNull();
    expect(data).toEqual([
      { title: 'milk', parent: null, children: [{ title: 'eggs' }, { title: 'bread' }], subtasks: [{ id: 2 }, { id: 4 }] },
      { title: 'eggs', parent: { title: 'milk' }, children: [], subtasks: [] },
    ]);
  });

  it('asks for a hint when two foreign keys lead to the same table (PGRST201), and follows constraint and column hints', async () => {
    const ambiguous = await anon.from('lists').select('name, users(name)');
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error).toMatchObject({
      code: 'PGRST201',
      message: "Could not embed because more than one relationship was found for 'lists' and 'users'",
      hint: "Try changing 'users' to one of the following: 'users!lists_owner_id_fkey', 'users!lists_reviewer_id_fkey'. Find the desired relationship in the 'details' key.",
      details: [
        { cardinality: 'many-to-one', embedding: 'lists with users', relationship: 'lists_owner_id_fkey using lists(owner_id) and users(id)' },
        { cardinality: 'many-to-one', embedding: 'lists with users', relationship: 'lists_reviewer_id_fkey using lists(reviewer_id) and users(id)' },
      ],
    });
    const hinted = await anon.from('lists').select('name, owner:users!lists_owner_id_fkey(name), reviewer:users!reviewer_id(name)').order('id');
    expect(hinted.error).toBeNull();
    expect(hinted.data).toEqual([
      { name: 'Groceries', owner: { name: 'Alice' }, reviewer: { name: 'Bob' } },
      { name: 'Work', owner: { name: 'Bob' }, reviewer: null },
      { name: 'Empty', owner: { name: 'Alice' }, reviewer: null },
    ]);
  });

  it('nests three levels deep and spreads a to-one embed into its parent', async () => {
    const deep = await anon
      .from('users')
      .select('name, lists!owner_id(name, todos(title, tags(name)))')
      .eq('name', 'Bob');
    expect(deep.error).toBeNull();
    expect(deep.data).toEqual([{ name: 'Bob', lists: [{ name: 'Work', todos: [{ title: 'report', tags: [{ name: 'office' }] }] }] }]);
    const spread = await anon.from('todos').select('title, ...lists(list_name:name)').eq('id', 3);
    expect(spread.error).toBeNull();
    expect(spread.data).toEqual([{ title: 'report', list_name: 'Work' }]);
  });
});

describe('filtering through embeds', () => {
  it('filters embedded rows, and with !inner also the parents', async () => {
    const left = await anon.from('lists').select('name, todos(title)').eq('todos.title', 'report').order('id');
    expect(left.data).toEqual([
      { name: 'Groceries', todos: [] },
      { name: 'Work', todos: [{ title: 'report' }] },
      { name: 'Empty', todos: [] },
    ]);
    const inner = await anon.from('lists').select('name, todos!inner(title)').eq('todos.title', 'report');
    expect(inner.data).toEqual([{ name: 'Work', todos: [{ title: 'report' }] }]);
    const explicitLeft = await anon.from('lists').select('name, todos!left(title)').eq('todos.title', 'report');
    expect(explicitLeft.data).toHaveLength(3);
    // An embed with no columns only filters: PostgREST leaves it out of the body.
    const filterOnly = await anon.from('lists').select('name, todos!inner()').eq('todos.title', 'milk');
    expect(filterOnly.data).toEqual([{ name: 'Groceries' }]);
  });

  it('filters parents on embed=is.null and embed=not.is.null', async () => {
    const childless = await anon.from('lists').select('name, todos(id)').is('todos', null);
    expect(childless.data).toEqual([{ name: 'Empty', todos: [] }]);
    const withTodos = await anon.from('lists').select('name, todos(id)').not('todos', 'is', null).order('id');
    expect(withTodos.data?.map((l) => l.name)).toEqual(['Groceries', 'Work']);
    const withUrgent = await anon.from('todos').select('title, tags(name)').eq('tags.name', 'urgent').not('tags', 'is', null);
    expect(withUrgent.data).toEqual([{ title: 'milk', tags: [{ name: 'urgent' }] }]);
  });

  it('reads embedded rows under their own table\'s RLS, as the request\'s role', async () => {
    const alice = createTestClient(server, { accessToken: server.signJwt({ role: 'authenticated', sub: ALICE }) });
    const { data, error } = await alice.from('todos').select('title, lists(name)').order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { title: 'milk', lists: { name: 'Groceries' } },
      { title: 'eggs', lists: { name: 'Groceries' } },
      { title: 'report', lists: null },
      { title: 'bread', lists: { name: 'Groceries' } },
    ]);
    const inner = await alice.from('todos').select('title, lists!inner(name)').order('id');
    expect(inner.data?.map((t) => t.title)).toEqual(['milk', 'eggs', 'bread']);
    const owned = await alice.from('users').select('name, lists!owner_id(name)').order('name');
    expect(owned.data).toEqual([
      { name: 'Alice', lists: expect.arrayContaining([{ name: 'Groceries' }, { name: 'Empty' }]) },
      { name: 'Bob', lists: [] },
    ]);
  });
});

describe('aggregates and errors', () => {
  it('aggregates with casts, grouped by the other selected columns, and counts related rows', async () => {
    const { data, error } = await service.from('todos').select('list_id, count(), estimate.sum(), estimate.avg()::int, top:estimate.max()').order('list_id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { list_id: 1, count: 3, sum: 6, avg: 2, top: 3 },
      { list_id: 2, count: 1, sum: 5, avg: 5, top: 5 },
    ]);
    const counted = await anon.from('lists').select('name, todos(count)').order('id');
    expect(counted.data).toEqual([
      { name: 'Groceries', todos: [{ count: 3 }] },
      { name: 'Work', todos: [{ count: 1 }] },
      { name: 'Empty', todos: [{ count: 0 }] },
    ]);
  });

  it('answers PGRST200 for an unknown relationship and PGRST108 for a filter on a resource not embedded', async () => {
    const none = await anon.from('tags').select('name, users(name)');
    expect(none.status).toBe(400);
    expect(none.error).toMatchObject({
      code: 'PGRST200',
      message: "Could not find a relationship between 'tags' and 'users' in the schema cache",
      details: "Searched for a foreign key relationship between 'tags' and 'users' in the schema 'public', but no matches were found.",
    });
    const badHint = await anon.from('lists').select('name, users!nope(name)');
    expect(badHint.error).toMatchObject({ code: 'PGRST200', details: expect.stringContaining("using the hint 'nope'") });
    const notEmbedded = await anon.from('lists').select('name').eq('todos.title', 'x');
    expect(notEmbedded.status).toBe(400);
    expect(notEmbedded.error).toMatchObject({ code: 'PGRST108', message: "'todos' is not an embedded resource in this request" });
  });
});

describe('schema changes', () => {
  it('sees a relationship created after earlier embedding reads', async () => {
    expect((await anon.from('todos').select('id, comments(body)')).error).toMatchObject({ code: 'PGRST200' });
    await server.sql('create table comments (id int primary key, todo_id int not null references todos(id), body text not null)');
    await server.sql("insert into comments values (1, 3, 'on it')");
    const { data, error } = await anon.from('todos').select('id, comments(body)').eq('id', 3);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 3, comments: [{ body: 'on it' }] }]);
  });
});
