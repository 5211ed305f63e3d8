#!/usr/bin/env node
import { isFrontdoorError } from '../errors.js';
import { type Command, type CommandIo, EXIT_USAGE } from './command.js';

const USAGE = `frontdoor: check a web fleet's front door from the outside and name the layer that failed

usage: frontdoor <command> [options]

commands:
  check      probe URLs or a configuration's sites and diagnose each target
  verify     deploy gate: bursts on every target, optionally while a deploy command runs
  demo       bring up the local lab with an incident injected and diagnose it
  discover   list every entrance from the proxy's configuration (discover nginx)
  host       who holds the front door's sockets, and what changed on the box

run 'frontdoor <command> --help' for a command's options.`;

/** Commands are loaded on demand so `frontdoor check` never pays for the lab or the host agent. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  host: async () => (await import('./host-command.js')).hostCommand,
  check: async () => (await import('./check-command.js')).checkCommand,
  discover: async () => (await import('./discover-command.js')).discoverCommand,
  verify: async () => (await import('./verify-command.js')).verifyCommand,
  demo: async () => (await import('./demo-command.js')).demoCommand,
};

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write('frontdoor 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr.write(`frontdoor: unknown command '${name}'; run 'frontdoor --help'\n`);
    return EXIT_USAGE;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (isFrontdoorError(error)) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    io.stderr.write(
      `frontdoor: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
