import pino from 'pino';
import type { FrontdoorConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import { assertListenProtected } from '../server/auth/assert-listen-protected.js';
import { limitHeapGrowth } from '../server/limit-heap-growth.js';
import { serverLoggerOptions } from '../server/log-redaction.js';
import { type Daemon, type DaemonOptions, startWatchDaemon } from '../server/start-watch-daemon.js';
import { planWatch } from '../watch/plan-watch.js';
import { type Command, type CommandIo, EXIT_OK } from './command.js';
import { parseServeArgs } from './parse-serve-args.js';
import { SERVE_USAGE } from './serve-usage.js';

export type ServeSignal = 'SIGHUP' | 'SIGTERM' | 'SIGINT';

/** What `serve` needs from the process; injected so its flow is tested without real signals. */
export interface ServeDependencies {
  /** calls `handler` on each `signal`; returns the remover */
  onSignal(signal: ServeSignal, handler: () => void): () => void;
  start(options: DaemonOptions): Promise<Daemon>;
}

/** Builds `frontdoor serve` over the given dependencies. */
export function createServeCommand(deps: ServeDependencies): Command {
  return async (argv: string[], io: CommandIo): Promise<number> => {
    const args = parseServeArgs(argv, io.cwd);
    if (args.help || args.config === undefined) {
      io.stdout.write(SERVE_USAGE);
      return EXIT_OK;
    }
    const configPath = args.config;
    const config = await loadConfig(configPath, io.cwd, { reader: 'serve', env: io.env });
    if (args.validate) {
      assertListenProtected({ host: args.listen.host, tokens: config.api?.tokens ?? [] });
      io.stdout.write(`${await describeValid(configPath, config)}\n`);
      return EXIT_OK;
    }
    const logger = pino(serverLoggerOptions('info'), { write: (line: string) => io.stdout.write(line) });
    // Signals are taken before the daemon starts: a SIGHUP or SIGTERM sent as soon as it says it is
    // watching must reach these handlers, never Node's default (which ends the process).
    const signals = createSignalQueue();
    const removers = (['SIGHUP', 'SIGTERM', 'SIGINT'] as const).map((signal) =>
      deps.onSignal(signal, () => signals.push(signal)),
    );
    let daemon: Daemon;
    try {
      daemon = await deps.start({
        config,
        store: args.store,
        listen: args.listen,
        location: args.location,
        logger,
      });
    } catch (error) {
      for (const remove of removers) remove();
      throw error;
    }
    for (;;) {
      const signal = await signals.next();
      if (signal === 'SIGHUP') {
        await reload(daemon, configPath, io, logger);
        continue;
      }
      logger.info({ signal }, 'frontdoor serve: stopping');
      const { flushed } = await daemon.shutdown();
      for (const remove of removers) remove();
      logger.info({ flushed }, 'frontdoor serve: stopped');
      return EXIT_OK;
    }
  };
}

/** Reloads the file; a bad one is one log line and the running configuration stays. */
async function reload(daemon: Daemon, configPath: string, io: CommandIo, logger: pino.Logger): Promise<void> {
  try {
    const next = await loadConfig(configPath, io.cwd, { reader: 'serve', env: io.env });
    const outcome = await daemon.reload(next);
    logger.info({ config: configPath, ...outcome }, 'frontdoor serve: configuration reloaded');
  } catch (error) {
    logger.error(
      { config: configPath, reason: error instanceof Error ? error.message : String(error) },
      'frontdoor serve: reload refused; the running configuration stays',
    );
  }
}

/** Signals in arrival order, handled one at a time (a reload finishes before the next signal is read). */
function createSignalQueue() {
  const queued: ServeSignal[] = [];
  let wake: (() => void) | undefined;
  return {
    push(signal: ServeSignal) {
      queued.push(signal);
      wake?.();
    },
    async next(): Promise<ServeSignal> {
      for (;;) {
        const signal = queued.shift();
        if (signal !== undefined) return signal;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
  };
}

async function describeValid(path: string, config: FrontdoorConfig): Promise<string> {
  const plan = await planWatch(config);
  const { settings } = plan;
  const sites = Object.keys(config.sites).length;
  const targets = plan.targets.length;
  const tokens = config.api?.tokens.length ?? 0;
  return (
    `frontdoor serve: ${path} is valid: ${sites} site${sites === 1 ? '' : 's'}, ${targets} target${targets === 1 ? '' : 's'} ` +
    `every ${formatMilliseconds(settings.intervalMs)} (burst ${settings.burst}, timeout ${formatMilliseconds(settings.timeoutMs)}), ` +
    `${tokens} API token${tokens === 1 ? '' : 's'}`
  );
}

function processSignal(signal: ServeSignal, handler: () => void): () => void {
  process.on(signal, handler);
  return () => process.off(signal, handler);
}

/** `frontdoor serve -c FILE [--store sqlite:PATH] [--listen ADDR:PORT] [--location NAME] [--validate]` */
export const serveCommand: Command = createServeCommand({
  onSignal: processSignal,
  start: (options) => {
    // Only the daemon: a short command's heap never grows far enough to matter.
    limitHeapGrowth();
    return startWatchDaemon(options);
  },
});
