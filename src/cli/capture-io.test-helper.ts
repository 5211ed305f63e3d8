import { PassThrough } from 'node:stream';
import type { CommandIo } from './command.js';

/** A CommandIo that records what a command writes. */
export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

/** A CommandIo for running a command in-process: empty stdin and environment unless given, cwd "/". */
export function captureIo(options: Partial<Pick<CommandIo, 'cwd' | 'env' | 'stdin'>> = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: options.stdin ?? new PassThrough(),
    env: options.env ?? {},
    cwd: options.cwd ?? '/',
    out: () => stdout,
    err: () => stderr,
  };
}
