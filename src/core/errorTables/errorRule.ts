import type { ErrorAction, ErrorCategory } from '../types';

/** One row of a mapping table: what an error code means for the app. */
export interface ErrorRule {
  category: ErrorCategory;
  retryable: boolean;
  action: ErrorAction;
  /** Safe to show to a person; never built from the error's own text. */
  userMessage: string;
  /** Short name of the condition, used in `technicalMessage` (e.g. `unique_violation`). */
  name?: string;
}

/** What happened, per category: the first half of every `userMessage`. */
const categoryText: Readonly<Record<ErrorCategory, string>> = {
  connection: 'The connection failed.',
  timeout: 'The request took too long.',
  constraint: 'This change conflicts with existing data.',
  transaction: 'The change collided with another one.',
  permission: 'You do not have permission to do this.',
  auth: 'Your session is not valid.',
  'rate-limit': 'Too many requests.',
  'not-found': 'The requested item was not found.',
  query: 'The request could not be processed.',
  unknown: 'Something went wrong.',
};

/** What to do, per action: the second half of every `userMessage`. */
const actionText: Readonly<Record<ErrorAction, string>> = {
  retry: ' Please try again.',
  'fix-data': ' Please check your input.',
  'check-network': ' Check your network; we will keep trying.',
  reauthenticate: ' Please sign in again.',
  none: '',
  'contact-admin': ' Please contact support if this persists.',
};

/** For a deliberate stop (a closed channel, a destroyed manager): nothing failed. */
export const stoppedMessage = 'Live updates were stopped.';

/**
 * Builds a rule; keeps the tables one line per entry. The user message is composed from
 * the category and the action (shared sentences keep the browser bundle small), so most
 * codes of a category read the same to a person; `name` keeps the detail for the logs.
 * `userMessage` overrides the composed sentence where it would mislead (a cancellation is
 * not a slow request).
 */
export function rule(
  category: ErrorCategory,
  retryable: boolean,
  action: ErrorAction,
  name?: string,
  userMessage = categoryText[category] + actionText[action],
): ErrorRule {
  return name === undefined ? { category, retryable, action, userMessage } : { category, retryable, action, userMessage, name };
}
