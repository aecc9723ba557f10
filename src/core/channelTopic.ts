import { parsePostgresFilter } from './postgresFilter';
import { RealtimeConfigError } from './realtimeConfigError';
import type { PostgresChangeEvent } from './types';

/** A `postgres_changes` binding with every default filled in, as sent in the join. */
export interface NormalisedPostgresBinding {
  schema: string;
  table: string;
  event: PostgresChangeEvent;
  /** Absent when there is no filter (an empty filter means none, as on the server). */
  filter?: string;
}

const EVENTS: readonly PostgresChangeEvent[] = ['*', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * Fill in defaults (`schema = 'public'`, `event = '*'`) and validate the binding before any
 * join, with the same filter syntax the real server accepts. Throws a `RealtimeConfigError`
 * naming what is wrong.
 */
export function normalisePostgresBinding(spec: {
  schema?: string;
  table: string;
  event?: string;
  filter?: string;
}): NormalisedPostgresBinding {
  if (typeof spec.table !== 'string' || spec.table.trim() === '') {
    throw new RealtimeConfigError('invalid-option', 'A postgres_changes subscription needs a `table` name, e.g. { table: "todos" }.');
  }
  const schema = spec.schema === undefined ? 'public' : spec.schema;
  if (typeof schema !== 'string' || schema.trim() === '') {
    throw new RealtimeConfigError('invalid-option', `\`schema\` must be a non-empty string (got ${describeValue(spec.schema)}); omit it for "public".`);
  }
  const event = (typeof spec.event === 'string' ? spec.event.toUpperCase() : spec.event === undefined || spec.event === null ? '*' : spec.event) as PostgresChangeEvent;
  if (!EVENTS.includes(event)) {
    throw new RealtimeConfigError(
      'invalid-option',
      `\`event\` must be one of "*", "INSERT", "UPDATE", "DELETE" (got ${describeValue(spec.event)}).`,
    );
  }
  const binding: NormalisedPostgresBinding = { schema: schema.trim(), table: spec.table.trim(), event };
  if (spec.filter !== undefined && spec.filter !== null) {
    if (typeof spec.filter !== 'string') {
      throw new RealtimeConfigError('invalid-filter', '`filter` must be a string like "id=eq.1".');
    }
    const filter = spec.filter.trim();
    if (filter !== '') {
      const parsed = parsePostgresFilter(filter);
      if (!parsed.ok) {
        throw new RealtimeConfigError(
          'invalid-filter',
          `Invalid filter ${JSON.stringify(filter)} on ${binding.schema}.${binding.table}: ${parsed.message}. ` +
            'Use column=operator.value, e.g. "id=eq.1" or "status=in.(open,closed)".',
        );
      }
      binding.filter = filter;
    }
  }
  return binding;
}

/** A bad option value for an error message; never throws (BigInt, symbols, cycles). */
function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

/** The registry key of a binding: equal for equal normalised configs. */
export function bindingKey(binding: NormalisedPostgresBinding): string {
  return JSON.stringify([binding.schema, binding.table, binding.event, binding.filter ?? null]);
}

/**
 * A deterministic channel name for a binding: `srr-<table>-<hash>`, where the hash is a short
 * FNV-1a of the normalised config. Same config, same name, in every tab and every render.
 */
export function deriveChannelName(binding: NormalisedPostgresBinding): string {
  const safeTable = binding.table.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return `srr-${safeTable}-${fnv1a(bindingKey(binding))}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
