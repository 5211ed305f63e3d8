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
// command, which still finishes its work (demo still tears its lab down) and keeps its exit status. A
// terminal that hung up (EIO) is the same: verify must still stop its deploy and write its report files.
const LOST_OUTPUT = new Set(['EPIPE', 'EIO', 'ERR_STREAM_DESTROYED']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!LOST_OUTPUT.has(error.code ?? '')) throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), io);
