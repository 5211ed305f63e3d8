/**
 * A PostgreSQL URL as logs, errors and the API may show it: scheme, user, host, port and database, never
 * the password or the query (which may carry sslpassword and the like).
 * @example describePostgresUrl('postgres://fd:secret@db:5432/watch?sslmode=require') // 'postgres://fd@db:5432/watch'
 */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://(unreadable URL)';
  }
  const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`;
  return `postgres://${user}${parsed.host}${parsed.pathname}`;
}

/** Whether `--store` names PostgreSQL. */
export function isPostgresUrl(store: string): boolean {
  return /^postgres(ql)?:\/\//i.test(store);
}

/**
 * Why a PostgreSQL URL cannot be used, or undefined when it can: it must parse, name a host and a database.
 * @example checkPostgresUrl('postgres://fd@db/watch') // undefined
 */
export function checkPostgresUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL (postgres://USER@HOST:PORT/DATABASE)';
  }
  if (parsed.hostname === '') return 'names no host (postgres://USER@HOST:PORT/DATABASE)';
  if (parsed.pathname.length <= 1) return 'names no database (postgres://USER@HOST:PORT/DATABASE)';
  return undefined;
}
