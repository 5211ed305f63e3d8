import { isFrontdoorError } from '../errors.js';
import { FRONTDOOR_VERSION } from '../version.js';
import { type Command, type CommandIo, EXIT_USAGE } from './command.js';

const USAGE = `frontdoor: check a web fleet's front door from the outside and name the layer that failed

usage: frontdoor <command> [options]

commands:
  check      probe URLs or a configuration's sites and diagnose each target
  verify     deploy gate: bursts on every target, optionally while a deploy command runs
  demo       bring up the local lab with an incident injected and diagnose it
  discover   list every entrance from the proxy's configuration (discover nginx)
  host       who holds the front door's sockets, and what changed on the box
  serve      the watch: probe every target all the time, keep history, serve the API and /metrics
  token      make a token and its hash for frontdoor serve's api.tokens (token hash)
  replay     run the incident engine over recorded rounds and print what it would send
  migrate    copy the watch's history between stores (SQLite to PostgreSQL)
  maintenance  start, end and list maintenance windows of a running serve
  incident   the watch's incidents: list them, show one, print its drafted write-up
  agent      on an origin host: report what changes there to the watch, as it happens

run 'frontdoor <command> --help' for a command's options.`;

/** EX_SOFTWARE (sysexits.h): a bug, told apart from 1 (something failed) and 2 (bad input). */
export const EXIT_INTERNAL = 70;

export type CommandTable = Record<string, () => Promise<Command>>;

/** Commands are loaded on demand so `frontdoor check` never pays for the lab or the host agent. */
export const COMMANDS: CommandTable = {
  host: async () => (await import('./host-command.js')).hostCommand,
  check: async () => (await import('./check-command.js')).checkCommand,
  discover: async () => (await import('./discover-command.js')).discoverCommand,
  verify: async () => (await import('./verify-command.js')).verifyCommand,
  demo: async () => (await import('./demo-command.js')).demoCommand,
  serve: async () => (await import('./serve-command.js')).serveCommand,
  token: async () => (await import('./token-command.js')).tokenCommand,
  replay: async () => (await import('./replay-command.js')).replayCommand,
  migrate: async () => (await import('./migrate-command.js')).migrateCommand,
  maintenance: async () => (await import('./maintenance-command.js')).maintenanceCommand,
  incident: async () => (await import('./incident-command.js')).incidentCommand,
  agent: async () => (await import('./agent-command.js')).agentCommand,
};

/**
 * Runs `frontdoor ARGV` and resolves to the exit status; never rejects. A FrontdoorError is its one line on
 * stderr (exit 2); anything else is a bug: one line and a hint, the stack trace only
 * with FRONTDOOR_DEBUG set (exit 70).
 */
export async function runCli(
  argv: string[],
  io: CommandIo,
  commands: CommandTable = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // Without arguments the usage is a hint for a mistake, so it goes where errors go.
    (name === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`frontdoor ${FRONTDOOR_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (load === undefined) {
    io.stderr.write(`frontdoor: unknown command '${name}'; run 'frontdoor --help'\n`);
    return EXIT_USAGE;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (isFrontdoorError(error)) {
      io.stderr.write(`${prefixCommand(name, error.message)}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(describeInternalError(error, io.env));
    return EXIT_INTERNAL;
  }
}

// "frontdoor.yaml:12:5: ...", "/etc/nginx/conf.d/shop.conf:3:1: ..." or a replay's "rounds.jsonl:7: ...": a
// position leads, as compilers write it.
const FILE_POSITION = /^[^\s:]+:\d+(?::\d+)?: /;

/**
 * Every error line names who speaks: usage errors already name the command and flag; file errors lead with
 * file:line:column, as compilers do; anything else ("cannot read configuration x.yaml: ...") gets the
 * command's prefix so it never appears bare.
 * @example prefixCommand('check', "unknown site 'shpo'") // "frontdoor check: unknown site 'shpo'"
 */
export function prefixCommand(command: string, message: string): string {
  if (message.startsWith('frontdoor') || FILE_POSITION.test(message)) return message;
  return `frontdoor ${command}: ${message}`;
}

/** What an unexpected exception prints: one line and a hint, or the whole stack with FRONTDOOR_DEBUG. */
export function describeInternalError(error: unknown, env: CommandIo['env']): string {
  const debug = env.FRONTDOOR_DEBUG !== undefined && env.FRONTDOOR_DEBUG !== '';
  if (debug && error instanceof Error && error.stack !== undefined) {
    return `frontdoor: internal error: ${error.stack}\n`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return [
    `frontdoor: internal error: ${firstLine}`,
    debug ? '' : 'this is a bug in frontdoor; rerun with FRONTDOOR_DEBUG=1 for the stack trace and report it',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
