import type { CreateTableBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

type TableBuilder = ReturnType<Kysely<unknown>['schema']['createTable']>;

/**
 * A generated integer primary key: the one column type the two dialects spell differently (SQLite's
 * INTEGER PRIMARY KEY AUTOINCREMENT, PostgreSQL's bigserial). Use with `.$call(generatedId(dialect, 'id'))`.
 */
export function generatedId(
  dialect: StoreDialect,
  name: string,
): (builder: TableBuilder) => CreateTableBuilder<string, string> {
  return dialect === 'postgres'
    ? (builder) => builder.addColumn(name, 'bigserial', (column) => column.primaryKey())
    : (builder) => builder.addColumn(name, 'integer', (column) => column.primaryKey().autoIncrement());
}
