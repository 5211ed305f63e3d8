import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeSystemError } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';
import { buildEngineSettings } from '../incidents/engine-settings.js';
import { parseReplayText, type ReplayStep, replayInputs } from '../incidents/replay.js';
import { type Command, type CommandIo, EXIT_OK } from './command.js';
import { loadConfigArgument } from './load-config-argument.js';
import { parseFlags } from './parse-flags.js';
import { REPLAY_USAGE } from './replay-usage.js';

/** Replay files are the store's rounds for a stretch of time; past this, split the file. */
const MAX_REPLAY_BYTES = 256 * 1024 * 1024;

/** `frontdoor replay FILE`: the incident engine's simulator. Parse, replay, render; nothing is sent. */
export const replayCommand: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('replay', argv, {
    config: { type: 'string', short: 'c' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(REPLAY_USAGE);
    return EXIT_OK;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    const problem = file === undefined ? 'missing FILE' : `unexpected argument '${extra[0]}'`;
    throw new FrontdoorError('FD_ERR_USAGE', `frontdoor replay: ${problem}; see 'frontdoor replay --help'`);
  }
  if (values.config === '-' && file === '-') {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      'frontdoor replay: FILE and -c cannot both be - (standard input): give one of them as a file',
    );
  }
  const config =
    values.config === undefined ? undefined : await loadConfigArgument(values.config, io, 'serve');
  const lines = parseReplayText(await readReplayFile(file, io), file);
  const { steps } = replayInputs(lines, buildEngineSettings(config));
  io.stdout.write(values.json === true ? renderReplayJson(steps) : renderReplayText(steps));
  return EXIT_OK;
};

async function readReplayFile(file: string, io: CommandIo): Promise<string> {
  if (file === '-') return readStdin(io.stdin);
  const path = resolve(io.cwd, file);
  try {
    const info = await stat(path);
    if (info.size > MAX_REPLAY_BYTES) {
      throw new FrontdoorError(
        'FD_ERR_REPLAY_INPUT',
        `${file}: larger than 256 MiB; replay a shorter stretch`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof FrontdoorError) throw error;
    throw new FrontdoorError(
      'FD_ERR_IO',
      `frontdoor replay: cannot read ${file}: ${describeSystemError(error)}`,
      { cause: error },
    );
  }
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_REPLAY_BYTES) {
      throw new FrontdoorError('FD_ERR_REPLAY_INPUT', '-: larger than 256 MiB; replay a shorter stretch');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function renderReplayText(steps: readonly ReplayStep[]): string {
  const out: string[] = [];
  const incidents = new Set<string>();
  let transitions = 0;
  let notifications = 0;
  for (const step of steps) {
    for (const transition of step.transitions) {
      transitions += 1;
      incidents.add(transition.incidentId);
      out.push(
        `${transition.at}  ${transition.incidentId}#${transition.number}  ${transition.kind.padEnd(10)} ${transition.detail}`,
      );
    }
    for (const notification of step.notifications) {
      notifications += 1;
      const channels = notification.channels.length > 0 ? notification.channels.join(', ') : 'no channels';
      out.push(
        `${notification.at}  NOTIFY ${notification.kind} ${notification.key} -> ${notification.policy} (${channels}): ${notification.incident.title}`,
      );
      const { likelyCause } = notification.incident;
      if (likelyCause !== undefined) out.push(`${' '.repeat(26)}likely cause: ${likelyCause}`);
    }
  }
  out.push(
    `${steps.length} inputs: ${incidents.size} incidents, ${transitions} transitions, ${notifications} notifications`,
  );
  return `${out.join('\n')}\n`;
}

export function renderReplayJson(steps: readonly ReplayStep[]): string {
  const out: string[] = [];
  let transitions = 0;
  let notifications = 0;
  for (const step of steps) {
    for (const transition of step.transitions) {
      transitions += 1;
      out.push(JSON.stringify({ type: 'transition', line: step.line, ...transition }));
    }
    for (const notification of step.notifications) {
      notifications += 1;
      out.push(JSON.stringify({ type: 'notification', line: step.line, notification }));
    }
  }
  out.push(JSON.stringify({ type: 'summary', inputs: steps.length, transitions, notifications }));
  return `${out.join('\n')}\n`;
}
