import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../config/parse-config.js';
import { FrontdoorError } from '../errors.js';
import { labRegistry } from '../lab/process-registry.js';
import { renderConfigYaml } from '../lab/render-config-yaml.js';
import { refuseUnknownNames } from '../lab/scenarios/check-scenario.js';
import type { RunningScenario, Scenario } from '../lab/scenarios/scenario.js';
import { serverLoggerOptions } from '../server/log-redaction.js';
import { type Daemon, startWatchDaemon } from '../server/start-watch-daemon.js';
import type { CommandIo } from './command.js';

/** The watch's settings for the demo: quick enough to see rounds arrive, bursts to catch a flapping pool. */
const DEMO_WATCH = { interval: '5s', burst: 3, timeout: '5s' };
const DEMO_PORT = 9470;

/**
 * `frontdoor demo --watch [SCENARIO]`: brings the scenario's lab up, writes the configuration the watch
 * reads (kept with its store and log in one temp dir), starts the watch on it, prints where to look, and on
 * Ctrl-C (or SIGTERM) stops the watch, tears the lab down and removes the temp dir. Exit 0 after a clean
 * teardown.
 * @param onInterrupt calls its argument on Ctrl-C; returns the remover (demo-command.ts's interruptProcess)
 */
export async function runDemoWatch(
  scenario: Scenario,
  io: CommandIo,
  onInterrupt: (teardown: () => Promise<void>) => () => void,
): Promise<number> {
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  // Ctrl-C while the lab is still coming up is honoured as soon as it is up.
  const removeInterrupt = onInterrupt(async () => {
    stopRequested();
  });
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-demo-watch-'));
  const forgetDir = labRegistry.trackPath(dir);
  let running: RunningScenario | undefined;
  let daemon: Daemon | undefined;
  let logFile: WriteStream | undefined;
  try {
    io.stdout.write(
      `frontdoor demo --watch: bringing up the lab '${scenario.name}' (${scenario.description})\n`,
    );
    running = await scenario.start();
    const configPath = join(dir, 'frontdoor.yaml');
    const text = renderConfigYaml(running.config, { watch: DEMO_WATCH });
    await writeFile(configPath, text);
    const config = parseConfig(text, configPath, { reader: 'serve' });
    // The daemon's JSON log goes to a file beside the store, so the terminal shows only where to look.
    logFile = createWriteStream(join(dir, 'serve.log'));
    const logger = pino(serverLoggerOptions('info'), logFile);
    const options = {
      config,
      store: { dialect: 'sqlite' as const, path: join(dir, 'frontdoor.db') },
      location: 'demo',
      logger,
      resolver: refuseUnknownNames,
    };
    daemon = await startWatchDaemon({ ...options, listen: { host: '127.0.0.1', port: DEMO_PORT } }).catch(
      (error: unknown) => {
        // 9470 is taken (a real `frontdoor serve`, perhaps): any free port will do for a demo.
        if (error instanceof FrontdoorError && error.code === 'FD_ERR_LISTEN') {
          return startWatchDaemon({ ...options, listen: { host: '127.0.0.1', port: 0 } });
        }
        throw error;
      },
    );
    const targets = daemon.watch.plan()?.targets.length ?? 0;
    io.stdout.write(
      [
        `the watch probes ${targets} targets every ${DEMO_WATCH.interval} (bursts of ${DEMO_WATCH.burst}); what was broken: ${scenario.broken}`,
        `  targets and their latest verdicts  ${daemon.url}/api/v1/targets`,
        `  status, scheduler and store        ${daemon.url}/api/v1/status`,
        `  Prometheus metrics                 ${daemon.url}/metrics`,
        `  the API's description              ${daemon.url}/api/v1/openapi.json`,
        `  configuration, store and log       ${dir}`,
        'Ctrl-C stops the watch and tears the lab down.',
        '',
      ].join('\n'),
    );
    await stopped;
    io.stdout.write('\nfrontdoor demo --watch: stopping the watch and tearing the lab down\n');
    return 0;
  } finally {
    removeInterrupt();
    await daemon?.shutdown();
    await running?.stop();
    await new Promise<void>((resolve) => (logFile === undefined ? resolve() : logFile.end(resolve)));
    await rm(dir, { recursive: true, force: true });
    forgetDir();
  }
}
