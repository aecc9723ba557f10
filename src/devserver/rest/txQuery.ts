import type { QueryResult } from '../types';

/** A query inside the request's transaction (as its role, with its settings). */
export type TxQuery = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<QueryResult<Row>>;
