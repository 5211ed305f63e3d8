/**
 * Operational errors: things that stop a command before or outside probing (bad flags, unreadable files,
 * invalid configuration), or that make probing meaningless (this machine out of file descriptors). Failed
 * probes are never thrown; they are recorded as observations.
 * Every code is documented in docs/errors.md; a unit test keeps the two in step.
 */
export const ERROR_CODES = [
  'FD_ERR_USAGE',
  'FD_ERR_INVALID_URL',
  'FD_ERR_CONFIG_READ',
  'FD_ERR_CONFIG_SYNTAX',
  'FD_ERR_CONFIG_SCHEMA',
  'FD_ERR_CA_READ',
  'FD_ERR_SITE_UNKNOWN',
  'FD_ERR_LAB',
  'FD_ERR_NGINX_CONFIG',
  'FD_ERR_HOST',
  'FD_ERR_IO',
  'FD_ERR_LOCAL_RESOURCE',
  'FD_ERR_STORE',
  'FD_ERR_LEASE_LOST',
  'FD_ERR_LISTEN',
  'FD_ERR_LISTEN_UNPROTECTED',
  'FD_ERR_REPLAY_INPUT',
  'FD_ERR_INVALID_REQUEST',
  'FD_ERR_WATCH_API',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class FrontdoorError extends Error {
  override readonly name = 'FrontdoorError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isFrontdoorError(value: unknown): value is FrontdoorError {
  return value instanceof FrontdoorError;
}
