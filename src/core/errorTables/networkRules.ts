import { rule, type ErrorRule } from './errorRule';

/** Failures below HTTP: fetch rejections, Node socket codes, aborts and timeouts. */
export const abortRule: ErrorRule = rule('timeout', false, 'none', 'aborted', 'The request was cancelled.');
export const timeoutRule: ErrorRule = rule('timeout', true, 'retry', 'timeout');
export const networkRule: ErrorRule = rule('connection', true, 'check-network', 'network_error');

/** Node/undici error codes (`error.code` or `error.cause.code`). */
export const systemCodeRules: Readonly<Record<string, ErrorRule>> = {
  ECONNREFUSED: networkRule,
  ECONNRESET: networkRule,
  ENOTFOUND: networkRule,
  EAI_AGAIN: networkRule,
  ENETUNREACH: networkRule,
  EHOSTUNREACH: networkRule,
  EPIPE: networkRule,
  UND_ERR_SOCKET: networkRule,
  UND_ERR_CLOSED: networkRule,
  ETIMEDOUT: timeoutRule,
  UND_ERR_CONNECT_TIMEOUT: timeoutRule,
  UND_ERR_HEADERS_TIMEOUT: timeoutRule,
  UND_ERR_BODY_TIMEOUT: timeoutRule,
  ABORT_ERR: abortRule,
};

/** Messages of fetch failures across runtimes (Chrome, Firefox, Safari, Node/undici). */
export const networkMessagePattern =
  /Failed to fetch|fetch failed|NetworkError when attempting to fetch|Load failed|Network request failed|network error|socket hang up|ECONNREFUSED|ECONNRESET|ENOTFOUND/i;
export const timeoutMessagePattern = /\btimed? ?out\b|\btimeout\b/i;
