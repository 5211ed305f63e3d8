import { PassThrough } from 'node:stream';
import type { CommandIo } from '../../../src/cli/command.js';

/** A CommandIo that records what a command writes, for running `frontdoor host` in-process. */
export function captureIo(cwd: string): CommandIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: new PassThrough(),
    env: { PATH: process.env.PATH },
    cwd,
    out: () => stdout,
    err: () => stderr,
  };
}
