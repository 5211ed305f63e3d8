import { execFile } from 'node:child_process';
import { FrontdoorError } from '../errors.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (no shell); `runCommand` is injectable so callers can be tested without it. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandOutput>;

/**
 * Runs `file` with `args` and no shell. A non-zero exit throws FrontdoorError FD_ERR_LAB carrying the
 * program's stderr, because that is the only useful explanation openssl or nginx -t ever gives.
 */
export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr });
        return;
      }
      const detail = stderr.trim() || error.message;
      reject(
        new FrontdoorError('FD_ERR_LAB', `${file} ${args[0] ?? ''} failed: ${detail}`, { cause: error }),
      );
    });
  });
