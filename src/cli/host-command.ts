import { resolve } from 'node:path';
import type { HostConfig } from '../config/config-types.js';
import { parseDuration } from '../config/parse-duration.js';
import { FrontdoorError } from '../errors.js';
import { acceptBaseline } from '../host/accept-baseline.js';
import { type ExpectedListener, expectedFromConfig, parseListenerFlag } from '../host/expected-listener.js';
import { renderHostJson } from '../host/render-host-json.js';
import { renderHostText } from '../host/render-host-text.js';
import { runHostCheck } from '../host/run-host-check.js';
import { type Command, type CommandIo, EXIT_FAILED, EXIT_OK } from './command.js';
import { HOST_USAGE } from './host-usage.js';
import { loadConfigArgument } from './load-config-argument.js';
import { parseFlags } from './parse-flags.js';

const DEFAULT_NGINX_CONFIG = '/etc/nginx/nginx.conf';
const DEFAULT_STATE_DIR = '/var/lib/frontdoor';
const DEFAULT_WINDOW = '7d';

interface HostSettings {
  expected: ExpectedListener[];
  nginxConfig: string;
  nginxConfigExplicit: boolean;
  stateDir: string;
  windowMs: number;
  json: boolean;
}

/**
 * `frontdoor host` and `frontdoor host baseline`: parse, run the host checks, render. Bad flags or
 * configuration throw FrontdoorError, which main turns into one line and exit 2.
 */
export const hostCommand: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('host', argv, {
    config: { type: 'string', short: 'c' },
    listener: { type: 'string', multiple: true },
    'nginx-config': { type: 'string' },
    'state-dir': { type: 'string' },
    since: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(HOST_USAGE);
    return EXIT_OK;
  }
  const [action, ...extra] = positionals;
  if ((action !== undefined && action !== 'baseline') || extra.length > 0) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor host: unexpected argument '${action === 'baseline' ? extra[0] : action}'; see 'frontdoor host --help'`,
    );
  }
  const host = values.config === undefined ? undefined : (await loadConfigArgument(values.config, io)).host;
  const configDir = values.config === undefined ? io.cwd : resolve(io.cwd, values.config, '..');
  const settings: HostSettings = {
    expected: [
      ...(host === undefined ? [] : expectedFromConfig(host.listeners, values.config ?? 'config')),
      ...(values.listener ?? []).map(parseListenerFlag),
    ],
    ...nginxConfigOf(values['nginx-config'], host, io, configDir),
    stateDir: pathSetting(values['state-dir'], host?.stateDir, DEFAULT_STATE_DIR, io, configDir),
    windowMs: parseDuration(values.since ?? DEFAULT_WINDOW, 'frontdoor host: --since', 'window'),
    json: values.json === true,
  };
  return action === 'baseline' ? runBaseline(settings, io) : runCheck(settings, io);
};

async function runCheck(settings: HostSettings, io: CommandIo): Promise<number> {
  const report = await runHostCheck({
    expected: settings.expected,
    nginxConfig: settings.nginxConfig,
    nginxConfigExplicit: settings.nginxConfigExplicit,
    stateDir: settings.stateDir,
    windowMs: settings.windowMs,
    pathVariable: io.env.PATH ?? '',
  });
  io.stdout.write(settings.json ? renderHostJson(report) : renderHostText(report));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

async function runBaseline(settings: HostSettings, io: CommandIo): Promise<number> {
  const { path, baseline, unreadable } = await acceptBaseline({
    nginxConfig: settings.nginxConfig,
    stateDir: settings.stateDir,
  });
  if (settings.json) {
    const files = baseline.files.map((f) => ({ path: f.path, sha256: f.sha256 }));
    io.stdout.write(
      `${JSON.stringify({ ok: true, baseline: path, sha256: baseline.sha256, files, unreadable }, null, 2)}\n`,
    );
  } else {
    const warnings = unreadable.map((p) => `  warning: include ${p} could not be read\n`).join('');
    io.stdout.write(
      `baseline accepted: ${baseline.mainPath} and ${baseline.files.length - 1} included files, sha256 ${baseline.sha256.slice(0, 16)}\n` +
        `  stored in ${path}\n${warnings}`,
    );
  }
  return EXIT_OK;
}

function nginxConfigOf(
  flag: string | undefined,
  host: HostConfig | undefined,
  io: CommandIo,
  configDir: string,
) {
  return {
    nginxConfig: pathSetting(flag, host?.nginxConfig, DEFAULT_NGINX_CONFIG, io, configDir),
    nginxConfigExplicit: flag !== undefined || host?.nginxConfig !== undefined,
  };
}

/** A flag resolves against the working directory, a configuration value against the file's directory. */
function pathSetting(
  flag: string | undefined,
  configured: string | undefined,
  fallback: string,
  io: CommandIo,
  configDir: string,
): string {
  if (flag !== undefined) return resolve(io.cwd, flag);
  if (configured !== undefined) return resolve(configDir, configured);
  return fallback;
}
