import { randomInt } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseOrigin } from '../agent/choose-origin.js';
import { type PostJson, postJson } from '../agent/post-json.js';
import type { Random } from '../agent/retry-delay.js';
import { DEFAULT_SPOOL_MAX_BYTES, runAgent } from '../agent/run-agent.js';
import { type AgentHostSettings, type CheckHost, createHostChecker } from '../agent/take-host-snapshot.js';
import type { FrontdoorConfig } from '../config/config-types.js';
import { parseDuration } from '../config/parse-duration.js';
import { FrontdoorError } from '../errors.js';
import { type Clock, type Sleep, systemClock, systemSleep } from '../gate/clock.js';
import { expectedFromConfig, parseListenerFlag } from '../host/expected-listener.js';
import { AGENT_USAGE } from './agent-usage.js';
import { type Command, type CommandIo, EXIT_FAILED, EXIT_OK } from './command.js';
import { loadConfigArgument } from './load-config-argument.js';
import { parseFlags } from './parse-flags.js';
import { readServerUrl } from './read-server-url.js';
import { readToken } from './read-token.js';

/** What the agent takes from the process besides CommandIo: injected so tests need no real host or waits. */
export interface AgentCommandDependencies {
  clock: Clock;
  sleep: Sleep;
  random: Random;
  post: PostJson;
  /** calls `handler` on SIGTERM and Ctrl-C; returns the function that stops listening */
  onStop: (handler: () => void) => () => void;
  hostname: () => string;
  /** this host's interface addresses, for finding its origin */
  addresses: () => string[];
  isRoot: () => boolean;
  createCheckHost: (settings: AgentHostSettings) => CheckHost;
}

const DEFAULT_INTERVAL = '30s';
const DEFAULT_STATE_DIR = '/var/lib/frontdoor';
const DEFAULT_NGINX_CONFIG = '/etc/nginx/nginx.conf';
const DEFAULT_LOG_DIR = '/var/log';

const AGENT_FLAGS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  config: { type: 'string', short: 'c' },
  origin: { type: 'string' },
  interval: { type: 'string' },
  spool: { type: 'string' },
  once: { type: 'boolean' },
  listener: { type: 'string', multiple: true },
  'nginx-config': { type: 'string' },
  'state-dir': { type: 'string' },
  'log-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `frontdoor agent`: parse, find the origin and the token, run the agent until SIGTERM (or once).
 * Bad flags, configuration or spool throw FrontdoorError, which main turns into one line and exit 2.
 */
export function createAgentCommand(deps: AgentCommandDependencies): Command {
  return async (argv, io) => {
    const { values, positionals } = parseFlags('agent', argv, AGENT_FLAGS);
    if (values.help === true) {
      io.stdout.write(AGENT_USAGE);
      return EXIT_OK;
    }
    const usage = (message: string) => new FrontdoorError('FD_ERR_USAGE', `frontdoor agent: ${message}`);
    if (positionals[0] !== undefined) {
      throw usage(`unexpected argument '${positionals[0]}'; see 'frontdoor agent --help'`);
    }
    if (values.server === undefined) throw usage("--server URL is required; see 'frontdoor agent --help'");
    const eventsUrl = readServerUrl('agent', '--server', values.server, 'api/v1/events');
    const token = await readToken(
      'agent',
      {
        ...(values.token === undefined ? {} : { token: values.token }),
        ...(values['token-file'] === undefined ? {} : { tokenFile: values['token-file'] }),
      },
      io,
    );
    if (token === undefined)
      throw usage('a token is required: --token-file FILE, FRONTDOOR_TOKEN or --token');
    // The watch's file: its ${VAR} references read the agent's environment, as serve's read the watch's.
    const config = values.config === undefined ? undefined : await loadConfigArgument(values.config, io);
    const choice = chooseOrigin({
      ...(values.origin === undefined ? {} : { flag: values.origin }),
      ...(config?.host?.origin === undefined ? {} : { configured: config.host.origin }),
      ...(config === undefined ? {} : { origins: config.origins }),
      hostname: deps.hostname(),
      addresses: deps.addresses(),
    });
    if (!choice.ok) throw usage(choice.problem);
    const intervalMs = parseDuration(values.interval ?? DEFAULT_INTERVAL, 'frontdoor agent: --interval');
    const host = hostSettings(values, config, io);
    if (host.expected.length === 0) {
      io.stderr.write(
        'frontdoor agent: warning: no listeners to watch (host.listeners or --listener): socket and owner changes are not reported\n',
      );
    }
    const spoolDir =
      values.spool === undefined ? join(host.stateDir, 'agent') : resolve(io.cwd, values.spool);
    const stop = new AbortController();
    const stopListening = deps.onStop(() => stop.abort());
    const log = (line: string) => io.stderr.write(`frontdoor agent: ${line}\n`);
    log(`origin ${choice.value.origin} (from ${choice.value.how}), token from ${token.source}`);
    try {
      const result = await runAgent(
        {
          origin: choice.value.origin,
          eventsUrl,
          token: token.token,
          intervalMs,
          once: values.once === true,
          spoolDir,
          spoolMaxBytes: DEFAULT_SPOOL_MAX_BYTES,
          hostname: deps.hostname(),
          root: deps.isRoot(),
        },
        {
          clock: deps.clock,
          sleep: deps.sleep,
          random: deps.random,
          post: deps.post,
          checkHost: deps.createCheckHost(host),
          log,
        },
        stop.signal,
      );
      if (values.once === true && !result.delivered) {
        log('events wait in the spool for the next run');
        return EXIT_FAILED;
      }
      return EXIT_OK;
    } finally {
      stopListening();
    }
  };
}

type AgentFlagValues = ReturnType<typeof parseFlags<typeof AGENT_FLAGS>>['values'];

/** The host checks' settings: flags resolve against the working directory, the file's against its folder. */
function hostSettings(
  values: AgentFlagValues,
  config: FrontdoorConfig | undefined,
  io: CommandIo,
): AgentHostSettings {
  const configDir = values.config === undefined ? io.cwd : resolve(io.cwd, values.config, '..');
  const path = (flag: string | undefined, configured: string | undefined, fallback: string) =>
    flag !== undefined
      ? resolve(io.cwd, flag)
      : configured !== undefined
        ? resolve(configDir, configured)
        : fallback;
  return {
    expected: [
      ...(config?.host === undefined
        ? []
        : expectedFromConfig(config.host.listeners, values.config ?? 'config')),
      ...(values.listener ?? []).map(parseListenerFlag),
    ],
    nginxConfig: path(values['nginx-config'], config?.host?.nginxConfig, DEFAULT_NGINX_CONFIG),
    stateDir: path(values['state-dir'], config?.host?.stateDir, DEFAULT_STATE_DIR),
    logDir: values['log-dir'] === undefined ? DEFAULT_LOG_DIR : resolve(io.cwd, values['log-dir']),
    pathVariable: io.env.PATH ?? '',
  };
}

const STOPPING_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function listAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info === undefined ? [] : [info.address]));
}

export const agentCommand: Command = createAgentCommand({
  clock: systemClock,
  sleep: systemSleep,
  random: () => randomInt(1_000_000) / 1_000_000,
  post: postJson,
  onStop: (handler) => {
    for (const signal of STOPPING_SIGNALS) process.on(signal, handler);
    return () => {
      for (const signal of STOPPING_SIGNALS) process.off(signal, handler);
    };
  },
  hostname,
  addresses: listAddresses,
  isRoot: () => process.getuid?.() === 0,
  createCheckHost: createHostChecker,
});
