export interface Preferences {
  return: 'minimal' | 'representation' | 'headers-only' | undefined;
  count: 'exact' | 'planned' | 'estimated' | undefined;
  resolution: 'merge-duplicates' | 'ignore-duplicates' | undefined;
  missing: 'default' | 'null' | undefined;
}

/** Reads the `Prefer` header(s) PostgREST understands; unknown preferences are ignored, as PostgREST does by default. */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const prefs: Record<string, string> = {};
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (key && value) prefs[key] = value;
  }
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | undefined =>
    allowed.includes(prefs[key] as T) ? (prefs[key] as T) : undefined;
  return {
    return: pick('return', ['minimal', 'representation', 'headers-only'] as const),
    count: pick('count', ['exact', 'planned', 'estimated'] as const),
    resolution: pick('resolution', ['merge-duplicates', 'ignore-duplicates'] as const),
    missing: pick('missing', ['default', 'null'] as const),
  };
}
