import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { broadcastChangesSql, SqlInputError } from '../../src/sql';

const base = { table: 'todos', topic: "'todos:' || list_id" };

/** The error broadcastChangesSql throws for `options`, or a failure if it does not throw. */
function errorFor(options: unknown): SqlInputError {
  try {
    broadcastChangesSql(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(SqlInputError);
    return error as SqlInputError;
  }
  throw new Error('expected broadcastChangesSql to throw');
}

describe('broadcastChangesSql', () => {
  it('builds the trigger function, the trigger for the chosen events and the read policy', () => {
    const sql = broadcastChangesSql({ ...base, schema: 'app', events: ['DELETE', 'INSERT', 'INSERT'] });
    expect(sql).toContain('create or replace function "app"."todos_broadcast_changes"()');
    expect(sql).toContain("select ('todos:' || list_id)::text into _broadcast_topic");
    expect(sql).toContain('perform realtime.broadcast_changes(_broadcast_topic, TG_OP, TG_OP, TG_TABLE_NAME, TG_TABLE_SCHEMA, NEW, OLD);');
    expect(sql).toContain('after insert or delete on "app"."todos"'); // canonical order, duplicates dropped
    expect(sql).toContain(`and exists (select 1 from "app"."todos" where ('todos:' || list_id) = (select realtime.topic()))`);
  });

  it('uses a given policy condition, or none with policy: false', () => {
    expect(broadcastChangesSql({ ...base, policy: "(select realtime.topic()) = 'todos:1'" })).toContain(
      "and (select realtime.topic()) = 'todos:1'\n);",
    );
    expect(broadcastChangesSql({ ...base, policy: false })).not.toContain('create policy');
  });

  it('refuses bad identifiers, topics, events and policies with a typed error naming the option', () => {
    expect(errorFor({ ...base, table: 'public.todos' })).toMatchObject({ field: 'table', message: expect.stringMatching(/plain identifier/) });
    expect(errorFor({ ...base, table: '' }).field).toBe('table');
    expect(errorFor({ ...base, schema: 'a"b' }).field).toBe('schema');
    expect(errorFor({ ...base, table: 'x'.repeat(64) }).field).toBe('table');
    expect(errorFor({ table: 'todos' })).toMatchObject({ field: 'topic', message: expect.stringMatching(/non-empty SQL expression/) });
    expect(errorFor({ ...base, topic: "'a'; drop table todos" }).message).toMatch(/without ';'/);
    expect(errorFor({ ...base, topic: "'todos:" }).message).toMatch(/unclosed ' quote/);
    expect(errorFor({ ...base, topic: '$$x$$' }).message).toMatch(/dollar quotes/);
    expect(errorFor({ ...base, topic: "list_id -- comment" }).message).toMatch(/comments/);
    expect(errorFor({ ...base, events: ['insert'] })).toMatchObject({ field: 'events', message: expect.stringMatching(/"insert"/) });
    expect(errorFor({ ...base, events: [] }).field).toBe('events');
    expect(errorFor({ ...base, policy: 42 }).field).toBe('policy');
  });

  it('allows semicolons inside string literals', () => {
    expect(broadcastChangesSql({ ...base, topic: "'a;b:' || list_id" })).toContain("select ('a;b:' || list_id)::text");
  });
});

describe('supabase-realtime-react CLI', () => {
  it('prints exactly what broadcastChangesSql returns', () => {
    const result = runCli(['sql', 'broadcast-changes', '--table', 'todos', '--topic', "'todos:' || list_id", '--events', 'insert,update']);
    expect(result).toEqual({ code: 0, stderr: '', stdout: broadcastChangesSql({ ...base, events: ['INSERT', 'UPDATE'] }) });
    expect(runCli(['sql', 'broadcast-changes', '--table=todos', `--topic=${base.topic}`, '--no-policy']).stdout).toBe(
      broadcastChangesSql({ ...base, policy: false }),
    );
  });

  it('answers usage mistakes with exit code 2 and input errors with exit code 1, on stderr', () => {
    const missing = runCli(['sql', 'broadcast-changes', '--table', 'todos']);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toMatch(/^--topic is required\./);
    expect(runCli(['sql', 'nope']).stderr).toMatch(/^Unknown command "sql nope"/);
    const bad = runCli(['sql', 'broadcast-changes', '--table', 'to dos', '--topic', 'x']);
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toMatch(/`table` must be a plain identifier/);
  });
});
