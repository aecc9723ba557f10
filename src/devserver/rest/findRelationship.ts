import { RestError } from './restError';
import { isToOne, type Relationship } from './relationships';

function singleColumns(rel: Relationship): [string, string] | undefined {
  return rel.kind === 'direct' && rel.columns.length === 1 ? rel.columns[0] : undefined;
}

function describe(rel: Relationship): { cardinality: string; embedding: string; relationship: string } {
  const list = (cols: string[]) => `(${cols.join(', ')})`;
  const embedding = `${rel.origin} with ${rel.target}`;
  if (rel.kind === 'junction') {
    return {
      cardinality: rel.cardinality,
      embedding,
      relationship: `${rel.junction} using ${rel.constraint1}${list(rel.sourceColumns.map((p) => p[1]))} and ${rel.constraint2}${list(rel.targetColumns.map((p) => p[1]))}`,
    };
  }
  return {
    cardinality: rel.cardinality,
    embedding,
    relationship: `${rel.constraint} using ${rel.origin}${list(rel.columns.map((p) => p[0]))} and ${rel.target}${list(rel.columns.map((p) => p[1]))}`,
  };
}

/**
 * PostgREST's choice of relationship for `origin?select=target!hint(...)` (its `findRel`):
 * the target is a table name, a foreign key name or a foreign key column; the hint is a
 * foreign key name, a column on either side, or the junction table. A self-reference has
 * one key but two directions: `children:todos(*)` is one-to-many, `parent_id(*)` many-to-one,
 * and `todos!parent_id(*)` one-to-many. None: PGRST200 (400); several: PGRST201 (300).
 */
export function findRelationship(schema: string, origin: string, rels: Relationship[], target: string, hint: string | undefined): Relationship {
  const found = rels.filter((rel) => {
    const single = singleColumns(rel);
    const fkColumn = (name: string) => single?.[0] === name;
    const refColumn = (name: string) => single?.[1] === name;
    const constraint = (name: string) => rel.kind === 'direct' && rel.constraint === name;
    const junction = (name: string) => rel.kind === 'junction' && rel.junction === name;
    if (rel.isSelf && rel.kind === 'direct') {
      const oneToMany = !rel.forward;
      if (hint === undefined) return (target === rel.target && oneToMany) || (fkColumn(target) && rel.forward);
      return target === rel.target && oneToMany && refColumn(hint);
    }
    if (hint === undefined) return target === rel.target || constraint(target) || fkColumn(target);
    return target === rel.target && (constraint(hint) || fkColumn(hint) || refColumn(hint) || junction(hint));
  });
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new RestError(400, {
      code: 'PGRST200',
      message: `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
      details: `Searched for a foreign key relationship between '${origin}' and '${target}'${hint ? ` using the hint '${hint}'` : ''} in the schema '${schema}', but no matches were found.`,
    });
  }
  const hints = found.map((rel) => `'${rel.target}!${rel.kind === 'junction' ? rel.junction : rel.constraint}'`);
  throw new RestError(300, {
    code: 'PGRST201',
    message: `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
    details: found.map(describe),
    hint: `Try changing '${target}' to one of the following: ${hints.join(', ')}. Find the desired relationship in the 'details' key.`,
  });
}

export { isToOne };
