/**
 * The slice of pino's API the daemon's layers log through: an object of fields, then one line of text.
 * Layers below the server take this instead of pino itself, so tests hand in a recorder.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A logger that keeps every entry, for tests and for code that wants to show what it logged. */
export function createMemoryLogger(): Logger & {
  entries: Array<{ level: 'info' | 'warn' | 'error'; fields: object; message: string }>;
} {
  const entries: Array<{ level: 'info' | 'warn' | 'error'; fields: object; message: string }> = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}
