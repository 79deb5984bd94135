import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export const isPostgres = (db: Kysely<any>): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;

type ColumnSpec = [
  'integer' | 'bigint',
  (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
];

/** An ascending, never-reused surrogate key on either database. */
export const idColumn = (pg: boolean): ColumnSpec =>
  pg
    ? ['bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()]
    : ['integer', (c) => c.primaryKey().autoIncrement()];
