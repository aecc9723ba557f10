import { parseColumnRef } from './columnRef';
import { parseLogicTree, parseOperation, type Condition } from './filters';
import { parseError } from './restError';

/** Filters, order and paging of one level of a read: the root (path '') or an embed (`tags`, `lists.todos`). */
export interface NodeParams {
  conditions: Condition[];
  order: string | null;
  limit: number | undefined;
  offset: number | undefined;
}

/** Root-only query parameters that are not filters. */
const ROOT_RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);
const PAGING = new Set(['order', 'limit', 'offset']);

function count(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw parseError(name, raw, `${name} must be a non-negative integer`);
  return Number(raw);
}

function entry(map: Map<string, NodeParams>, path: string): NodeParams {
  let params = map.get(path);
  if (!params) map.set(path, (params = { conditions: [], order: null, limit: undefined, offset: undefined }));
  return params;
}

/**
 * Groups the query string by embed path, as PostgREST reads it: `title=eq.x` and `or=(…)` are
 * the root's, `tags.name=eq.x`, `tags.or=(…)`, `tags.order=name`, `tags.limit=2` and
 * `lists.todos.offset=1` belong to the embed with that alias (or name). `skip` names
 * parameters that are not filters (function arguments of a GET /rpc).
 */
export function parseEmbedParams(search: URLSearchParams, skip: ReadonlySet<string> = new Set()): Map<string, NodeParams> {
  const map = new Map<string, NodeParams>();
  entry(map, '');
  for (const [key, value] of search) {
    if (skip.has(key)) continue;
    const arrowAt = key.indexOf('->');
    const head = arrowAt < 0 ? key : key.slice(0, arrowAt);
    const logic = /^(?:(.+)\.)?(not\.)?(and|or)$/.exec(head);
    if (logic && arrowAt < 0) {
      entry(map, logic[1] ?? '').conditions.push(parseLogicTree(logic[3] as 'and' | 'or', logic[2] !== undefined, value));
      continue;
    }
    const lastDot = head.lastIndexOf('.');
    const path = lastDot < 0 ? '' : head.slice(0, lastDot);
    const field = key.slice(lastDot + 1);
    if (path === '' && ROOT_RESERVED.has(field)) {
      const root = entry(map, '');
      if (field === 'order') root.order = value;
      else if (field === 'limit') root.limit = count('limit', value);
      else if (field === 'offset') root.offset = count('offset', value);
      continue;
    }
    const params = entry(map, path);
    if (path !== '' && PAGING.has(field)) {
      if (field === 'order') params.order = value;
      else if (field === 'limit') params.limit = count(key, value);
      else params.offset = count(key, value);
      continue;
    }
    params.conditions.push(parseOperation(parseColumnRef(field, 'filter'), value, false));
  }
  return map;
}
