/** The option of a SQL helper that was wrong. */
export type SqlInputField = 'table' | 'schema' | 'topic' | 'events' | 'policy';

/**
 * Thrown by the SQL helpers for input they cannot turn into safe SQL. `field` names the
 * option; the message says what was wrong and how to fix it.
 */
export class SqlInputError extends TypeError {
  override readonly name = 'SqlInputError';
  readonly field: SqlInputField;

  constructor(field: SqlInputField, message: string) {
    super(message);
    this.field = field;
  }
}
