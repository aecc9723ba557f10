import { columnSql, parseColumnRef } from './columnRef';
import { parseError } from './restError';

/** `order=a.desc.nullslast,b` → SQL after `order by`. */
export function orderSql(raw: string, rel: string): string {
  return raw
    .split(',')
    .map((term) => {
      const parts = term.trim().split('.');
      const [column, ...modifiers] = parts;
      if (!column || column.includes('(')) throw parseError('order', raw, 'expected column[.asc|.desc][.nullsfirst|.nullslast]');
      let sql = columnSql(parseColumnRef(column, 'order'), rel);
      for (const modifier of modifiers) {
        if (modifier === 'asc' || modifier === 'desc') sql += ` ${modifier}`;
        else if (modifier === 'nullsfirst') sql += ' nulls first';
        else if (modifier === 'nullslast') sql += ' nulls last';
        else throw parseError('order', raw, `unknown modifier ${modifier}; use asc, desc, nullsfirst or nullslast`);
      }
      return sql;
    })
    .join(', ');
}
