import type { TableInfo } from '../types';
import { embeddedTableLookup } from './embeddedTable';
import { loadForeignKeys, type ForeignKey } from './relationships';
import type { TxQuery } from './txQuery';

interface Entry {
  foreignKeys?: Promise<ForeignKey[]>;
  tables: Map<string, Promise<TableInfo | undefined>>;
}

/**
 * Foreign keys and embedded tables' columns, remembered per root table metadata object. The
 * database's catalog hands out a new `TableInfo` after any DDL (it clears on every schema
 * change), so a new object means a possibly new schema and a fresh entry; until then embedding
 * reads cost no catalog queries. Lookups run in the request's transaction (the catalog is
 * readable by every role); a failed one is forgotten.
 */
export function createRelationshipCache() {
  const entries = new WeakMap<TableInfo, Entry>();
  const remember = <T>(promise: Promise<T>, forget: () => void): Promise<T> => {
    promise.catch(forget);
    return promise;
  };
  return (root: TableInfo, query: TxQuery) => {
    let entry = entries.get(root);
    if (!entry) entries.set(root, (entry = { tables: new Map() }));
    const e = entry;
    const lookup = embeddedTableLookup(query, root.schema);
    return {
      foreignKeys: () => (e.foreignKeys ??= remember(loadForeignKeys(query, root.schema), () => (e.foreignKeys = undefined))),
      table: (name: string) => {
        let table = e.tables.get(name);
        if (!table) e.tables.set(name, (table = remember(lookup(name), () => e.tables.delete(name))));
        return table;
      },
    };
  };
}
