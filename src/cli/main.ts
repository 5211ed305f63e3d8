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

process.exitCode = await runCli(process.argv.slice(2), io);
