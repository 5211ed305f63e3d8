import type { LoggerOptions } from 'pino';

/**
 * Where a secret can sit in what the server logs: request headers (if a serializer or a route ever logs
 * them), and the headers of a module or channel when they are logged as configuration. Fastify's default
 * request serializer logs method, url, host and peer only, and frontdoor never takes tokens in the query
 * string, so these paths are the backstop, not the first line.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'headers.Cookie',
  'token',
  '*.token',
];

/**
 * pino options for the daemon's logger (pass as fastify's `logger`): JSON lines at `level`, with every
 * {@link REDACT_PATHS} value replaced by "[redacted]".
 * @example Fastify({ logger: serverLoggerOptions('info') })
 */
export function serverLoggerOptions(level = 'info'): LoggerOptions {
  return { level, redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } };
}
