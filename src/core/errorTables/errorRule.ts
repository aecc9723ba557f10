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

/** Builds a rule; keeps the tables one line per entry. */
export function rule(
  category: ErrorCategory,
  retryable: boolean,
  action: ErrorAction,
  userMessage: string,
  name?: string,
): ErrorRule {
  return name === undefined ? { category, retryable, action, userMessage } : { category, retryable, action, userMessage, name };
}
