import type { ErrorAction, ErrorCategory, ErrorClassification } from '../types';
import { categoryDefaults, errorCategories } from '../errorTables/categoryDefaults';
import type { ErrorRule } from '../errorTables/errorRule';
import { clientErrorRule, httpStatusRules, serverErrorRule } from '../errorTables/httpStatusRules';
import { authCodeRules, errorNameRules } from '../errorTables/authRules';
import { libraryCodeRules } from '../errorTables/libraryRules';
import { abortRule, networkMessagePattern, networkRule, systemCodeRules, timeoutMessagePattern, timeoutRule } from '../errorTables/networkRules';
import { closeCodeRules, realtimeMessageRules, realtimeReasonRules } from '../errorTables/realtimeRules';
import { stripValues } from './describeDbMessage';
import { parseRetryAfter, readRetryAfterHeader } from './parseRetryAfter';
import { redactSecrets } from './redactSecrets';
import { safeGet, safeNumber, safeString } from './safeRead';

const MAX_TECHNICAL_LENGTH = 300;
const MAX_CAUSE_DEPTH = 3;
const errorActions: readonly ErrorAction[] = ['retry', 'fix-data', 'check-network', 'reauthenticate', 'none', 'contact-admin'];

/** What was read from the error before the tables were consulted. */
interface Reading {
  rule: ErrorRule;
  code?: string | undefined;
}

/**
 * The Postgres and PostgREST part of classification: their code tables and the identifiers
 * read out of their messages. `classifyError` passes it; the connection manager, which only
 * ever sees socket, channel and auth failures, does not, so its bundle leaves the tables out.
 */
export interface DatabaseRules {
  readCode(code: string): ErrorRule | undefined;
  /** Adds `constraint` and `field` to a constraint or query error, read from its text. */
  addIdentifiers(result: ErrorClassification, message: string, details: string, clean: (value: string | undefined) => string | undefined): void;
}

/**
 * Classifies any value, never throwing (null, strings, cyclic objects, throwing getters).
 * Without `database`, SQLSTATE and `PGRST…` codes are not looked up.
 */
export function classifyWith(error: unknown, database?: DatabaseRules): ErrorClassification {
  try {
    return classify(error, 0, database);
  } catch {
    return finish(categoryDefaults.unknown, undefined, 'unclassifiable error value', undefined);
  }
}

function classify(error: unknown, depth: number, database: DatabaseRules | undefined): ErrorClassification {
  if (error === null || error === undefined) {
    return finish(categoryDefaults.unknown, undefined, `no error value (${String(error)})`, undefined);
  }
  if (typeof error === 'string') return classifyObject({ message: error }, error, depth, database);
  if (typeof error === 'number') {
    if (error >= 1000 && error <= 4999) return classifyObject({ code: error }, undefined, depth, database);
    if (error >= 100 && error <= 599) return classifyObject({ status: error }, undefined, depth, database);
    return finish(categoryDefaults.unknown, undefined, `numeric error value ${String(error)}`, undefined);
  }
  if (typeof error !== 'object' && typeof error !== 'function') {
    return finish(categoryDefaults.unknown, undefined, `error value of type ${typeof error}`, undefined);
  }
  // A supabase-js response `{ data, error, status }`: classify its error with its status.
  const inner = safeGet(error, 'error');
  if (inner !== null && typeof inner === 'object' && safeGet(error, 'message') === undefined) {
    const status = safeNumber(error, 'status');
    const headers = safeGet(error, 'headers');
    return classifyObject(inner, error, depth, database, status, headers);
  }
  return classifyObject(error, error, depth, database);
}

function classifyObject(
  error: object,
  outer: unknown,
  depth: number,
  database: DatabaseRules | undefined,
  statusHint?: number,
  headersHint?: unknown,
): ErrorClassification {
  const name = safeString(error, 'name');
  const message = safeString(error, 'message') ?? (typeof outer === 'string' ? outer : undefined) ?? '';
  const rawCode = safeGet(error, 'code');
  const code = typeof rawCode === 'string' ? rawCode.trim() : typeof rawCode === 'number' ? String(rawCode) : undefined;
  const context = safeGet(error, 'context') ?? safeGet(error, 'response');
  const status =
    safeNumber(error, 'status') ?? safeNumber(error, 'statusCode') ?? statusHint ?? safeNumber(context, 'status');
  const reading = read(error, name, message, code, status, depth, database);
  const retryAfterMs = readRetryAfter(error, context, headersHint);
  const technical = describe(reading, name, message);
  const details = safeString(error, 'details') ?? '';
  return finish(reading.rule, reading.code, technical, retryAfterMs, message, details, database);
}

function read(
  error: object,
  name: string | undefined,
  message: string,
  code: string | undefined,
  status: number | undefined,
  depth: number,
  database: DatabaseRules | undefined,
): Reading {
  // Aborts first: a cancelled request is not a network failure.
  if (name === 'AbortError' || code === 'ABORT_ERR' || /^AbortError:/.test(message)) return { rule: abortRule, code };
  if (name === 'TimeoutError' || /^TimeoutError:/.test(message)) return { rule: timeoutRule, code };

  if (code !== undefined && code !== '') {
    const byCode = readCode(code, database);
    if (byCode) return byCode;
  }

  const typed = readTypedCategory(error);
  if (typed) return { rule: typed, code };

  if (name !== undefined && errorNameRules[name]) return { rule: errorNameRules[name], code };

  // A bare DOM `Event` (WebSocket `error` events carry no detail).
  if (typeof Event !== 'undefined' && error instanceof Event && message === '') {
    return { rule: safeString(error, 'type') === 'error' ? networkRule : categoryDefaults.unknown, code };
  }

  // `Error('<Code>: <message>')` from a realtime join error reply.
  const prefix = /^(?:Error:\s*)?([A-Z][A-Za-z]+):\s/.exec(message)?.[1];
  if (prefix !== undefined && realtimeReasonRules[prefix]) return { rule: realtimeReasonRules[prefix], code: prefix };

  // CloseEvent-like `{ code: 1006, reason }` or `socket closed: 1011 (reason)`.
  const closeCode = (code !== undefined && /^\d{4}$/.test(code) ? Number(code) : undefined) ??
    numberOrUndefined(/socket closed:?\s*(\d{4})/i.exec(message)?.[1]);
  if (closeCode !== undefined && closeCodeRules[closeCode]) return { rule: closeCodeRules[closeCode], code: String(closeCode) };

  for (const [pattern, reason, rule] of realtimeMessageRules) {
    if (pattern.test(message)) return { rule, code: reason };
  }

  if (name === 'TypeError' && networkMessagePattern.test(message)) return { rule: networkRule, code };
  if (networkMessagePattern.test(message) || /^(FetchError|TypeError):/.test(message)) return { rule: networkRule, code };

  if (status !== undefined) {
    const byStatus = readStatus(status);
    if (byStatus) return { rule: byStatus, code: String(status) };
  }

  const causeCode = safeString(safeGet(error, 'cause'), 'code');
  if (causeCode !== undefined && systemCodeRules[causeCode]) return { rule: systemCodeRules[causeCode], code: causeCode };

  if (timeoutMessagePattern.test(message)) return { rule: timeoutRule, code };

  const cause = safeGet(error, 'cause');
  if (depth < MAX_CAUSE_DEPTH && cause !== undefined && cause !== error) {
    const inner = classify(cause, depth + 1, database);
    if (inner.category !== 'unknown') {
      return { rule: { ...inner, name: 'caused by' }, code: inner.code };
    }
  }
  return { rule: categoryDefaults.unknown, code };
}

function readCode(code: string, database: DatabaseRules | undefined): Reading | undefined {
  const rule =
    database?.readCode(code) ??
    realtimeReasonRules[code] ??
    libraryCodeRules[code] ??
    authCodeRules[code] ??
    systemCodeRules[code];
  return rule && { rule, code };
}

function readStatus(status: number): ErrorRule | undefined {
  if (status === 0) return networkRule;
  const exact = httpStatusRules[status];
  if (exact) return exact;
  if (status >= 500 && status <= 599) return serverErrorRule;
  if (status >= 400 && status <= 499) return clientErrorRule;
  return undefined;
}

/** Our own typed errors name their category; trust it, with optional overrides. */
function readTypedCategory(error: object): ErrorRule | undefined {
  const category = safeGet(error, 'category');
  if (typeof category !== 'string' || !errorCategories.includes(category as ErrorCategory)) return undefined;
  const base = categoryDefaults[category as ErrorCategory];
  const retryable = safeGet(error, 'retryable');
  const action = safeGet(error, 'action');
  const userMessage = safeGet(error, 'userMessage');
  return {
    ...base,
    retryable: typeof retryable === 'boolean' ? retryable : base.retryable,
    action: typeof action === 'string' && errorActions.includes(action as ErrorAction) ? (action as ErrorAction) : base.action,
    userMessage: typeof userMessage === 'string' && userMessage !== '' ? redactSecrets(userMessage) : base.userMessage,
  };
}

function readRetryAfter(error: object, context: unknown, headersHint: unknown): number | undefined {
  const direct = safeGet(error, 'retryAfterMs');
  if (typeof direct === 'number' && Number.isFinite(direct) && direct >= 0) return direct;
  const seconds = safeGet(error, 'retryAfter');
  const fromHeaders =
    readRetryAfterHeader(safeGet(error, 'headers')) ?? readRetryAfterHeader(safeGet(context, 'headers')) ?? readRetryAfterHeader(headersHint);
  return parseRetryAfter(fromHeaders ?? seconds);
}

function describe(reading: Reading, name: string | undefined, message: string): string {
  const parts: string[] = [];
  if (name !== undefined && name !== '' && name !== 'Error') parts.push(name);
  if (reading.code !== undefined && reading.code !== '') parts.push(`[${reading.code}]`);
  if (reading.rule.name !== undefined) parts.push(reading.rule.name);
  const head = parts.join(' ');
  // Redact before and after stripping, so a token cut by the stripping cannot survive in part.
  const body = stripValues(redactSecrets(message));
  const text = body === '' ? head || 'error without a message' : head === '' ? body : `${head}: ${body}`;
  return text;
}

function finish(
  rule: ErrorRule,
  code: string | undefined,
  technical: string,
  retryAfterMs: number | undefined,
  message = '',
  details = '',
  database?: DatabaseRules,
): ErrorClassification {
  let technicalMessage = redactSecrets(technical);
  if (technicalMessage.length > MAX_TECHNICAL_LENGTH) technicalMessage = `${technicalMessage.slice(0, MAX_TECHNICAL_LENGTH - 1)}…`;
  const result: ErrorClassification = {
    category: rule.category,
    retryable: rule.retryable,
    action: rule.action,
    userMessage: rule.userMessage,
    technicalMessage,
  };
  const safeCode = cleanIdentifier(code);
  if (safeCode !== undefined) result.code = safeCode;
  if (database && (rule.category === 'constraint' || rule.category === 'query')) {
    database.addIdentifiers(result, redactSecrets(message), details, cleanIdentifier);
  }
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** A code or identifier, or undefined if it is empty, too long or looks like a secret. */
function cleanIdentifier(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value.length > 128) return undefined;
  if (!/^[\w$.:,-]+$/.test(value)) return undefined;
  if (redactSecrets(value) !== value) return undefined;
  return value;
}

function numberOrUndefined(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
