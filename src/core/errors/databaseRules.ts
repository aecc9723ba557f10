import type { DatabaseRules } from './classifyWith';
import { postgrestGroupRules, postgrestRules } from '../errorTables/postgrestRules';
import { sqlstateClassRules, sqlstateRules } from '../errorTables/sqlstateRules';
import { extractConstraint, extractField, extractKeyColumn } from './describeDbMessage';

/** SQLSTATEs, PostgREST `PGRST…` codes (then their group), then a SQLSTATE's class. */
export const databaseRules: DatabaseRules = {
  readCode(code) {
    if (sqlstateRules[code]) return sqlstateRules[code];
    if (/^PGRST\d{3}$/.test(code)) {
      const rule = postgrestRules[code] ?? postgrestGroupRules[code.charAt(5)];
      if (rule) return rule;
    }
    return /^[0-9A-Z]{5}$/.test(code) && /\d/.test(code) ? sqlstateClassRules[code.slice(0, 2)] : undefined;
  },
  addIdentifiers(result, message, details, clean) {
    const constraint = clean(extractConstraint(message));
    const field = clean(extractField(message) ?? extractKeyColumn(details));
    if (constraint !== undefined) result.constraint = constraint;
    if (field !== undefined) result.field = field;
  },
};
