import { RestError } from './restError';

export interface Preferences {
  return: 'minimal' | 'representation' | 'headers-only' | undefined;
  count: 'exact' | 'planned' | 'estimated' | undefined;
  resolution: 'merge-duplicates' | 'ignore-duplicates' | undefined;
  missing: 'default' | 'null' | undefined;
  handling: 'strict' | 'lenient' | undefined;
  tx: 'commit' | 'rollback' | undefined;
  maxAffected: number | undefined;
  timezone: string | undefined;
  /** The preferences honoured, for the `Preference-Applied` header. */
  applied: string[];
}

const CHOICES: Record<string, readonly string[]> = {
  return: ['minimal', 'representation', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  missing: ['default', 'null'],
  handling: ['strict', 'lenient'],
  tx: ['commit', 'rollback'],
};

/**
 * Reads the `Prefer` header(s) as PostgREST 13 does. Unknown or invalid preferences are
 * ignored, unless `handling=strict` is among them: then they answer PGRST122 naming them.
 */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const prefs: Preferences = {
    return: undefined, count: undefined, resolution: undefined, missing: undefined,
    handling: undefined, tx: undefined, maxAffected: undefined, timezone: undefined, applied: [],
  };
  const invalid: string[] = [];
  const raw = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const part of raw) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key in CHOICES && CHOICES[key]!.includes(value)) {
      (prefs as unknown as Record<string, string>)[key] = value;
      if (key !== 'count') prefs.applied.push(`${key}=${value}`);
    } else if (key === 'max-affected' && /^\d+$/.test(value)) {
      prefs.maxAffected = Number(value);
    } else if (key === 'timezone' && value !== '') {
      // Accepted but not applied (the session time zone stays UTC), so not echoed as applied.
      prefs.timezone = value;
    } else {
      invalid.push(part);
    }
  }
  if (prefs.handling === 'strict' && invalid.length) {
    throw new RestError(400, { code: 'PGRST122', message: 'Invalid preferences given with handling=strict', details: `Invalid preferences: ${invalid.join(', ')}` });
  }
  // max-affected only takes effect with handling=strict (PostgREST's docs, "Prefer: max-affected").
  if (prefs.maxAffected !== undefined && prefs.handling === 'strict') prefs.applied.push(`max-affected=${prefs.maxAffected}`);
  else prefs.maxAffected = undefined;
  return prefs;
}

/** PGRST124: a write touched more rows than `Prefer: max-affected` allows (the transaction is rolled back). */
export function checkMaxAffected(prefs: Preferences, affected: number): void {
  if (prefs.maxAffected !== undefined && affected > prefs.maxAffected) {
    throw new RestError(400, { code: 'PGRST124', message: 'Query result exceeds max-affected preference constraint', details: `The query affects ${affected} rows` });
  }
}
