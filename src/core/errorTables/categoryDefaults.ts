import type { ErrorCategory } from '../types';
import { rule, type ErrorRule } from './errorRule';

/** The rule used when only the category is known (e.g. a typed error that names its category). */
export const categoryDefaults: Readonly<Record<ErrorCategory, ErrorRule>> = {
  connection: rule('connection', true, 'check-network'),
  timeout: rule('timeout', true, 'retry'),
  constraint: rule('constraint', false, 'fix-data'),
  transaction: rule('transaction', true, 'retry'),
  permission: rule('permission', false, 'contact-admin'),
  auth: rule('auth', false, 'reauthenticate'),
  'rate-limit': rule('rate-limit', true, 'retry'),
  'not-found': rule('not-found', false, 'none'),
  query: rule('query', false, 'contact-admin'),
  unknown: rule('unknown', false, 'none'),
};

export const errorCategories: readonly ErrorCategory[] = Object.keys(categoryDefaults) as ErrorCategory[];
