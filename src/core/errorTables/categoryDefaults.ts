import type { ErrorCategory } from '../types';
import { rule, type ErrorRule } from './errorRule';

/** The rule used when only the category is known (e.g. a typed error that names its category). */
export const categoryDefaults: Readonly<Record<ErrorCategory, ErrorRule>> = {
  connection: rule('connection', true, 'check-network', 'The connection was lost. Check your network; we will keep trying.'),
  timeout: rule('timeout', true, 'retry', 'The request took too long. Please try again.'),
  constraint: rule('constraint', false, 'fix-data', 'This change conflicts with existing data. Please check your input.'),
  transaction: rule('transaction', true, 'retry', 'The change collided with another one. Please try again.'),
  permission: rule('permission', false, 'contact-admin', 'You do not have permission to do this.'),
  auth: rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.'),
  'rate-limit': rule('rate-limit', true, 'retry', 'Too many requests. Please wait a moment and try again.'),
  'not-found': rule('not-found', false, 'none', 'The requested item was not found.'),
  query: rule('query', false, 'contact-admin', 'The request could not be processed.'),
  unknown: rule('unknown', false, 'none', 'Something went wrong.'),
};

export const errorCategories: readonly ErrorCategory[] = Object.keys(categoryDefaults) as ErrorCategory[];
