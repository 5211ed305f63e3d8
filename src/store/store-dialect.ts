/** The SQL engines the store runs on: SQLite embedded (default), PostgreSQL shared by several nodes. */
export type StoreDialect = 'sqlite' | 'postgres';
