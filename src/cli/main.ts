#!/usr/bin/env node
import type { CommandIo } from './command.js';
import { runCli } from './run-cli.js';

const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};

// A reader that stops early (`frontdoor check --json | head`) closes the pipe: that ends the output, not the
// command, which still finishes its work (demo still tears its lab down) and keeps its exit status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), io);
