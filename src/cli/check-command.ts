import { resolve as resolvePath } from 'node:path';
import { applyExpectations } from '../check/apply-expectations.js';
import { buildUrlTargets } from '../check/build-url-targets.js';
import { runCheck } from '../check/run-check.js';
import type { FrontdoorConfig } from '../config/config-types.js';
import { DEFAULT_VERSION_HEADER, expandTargets } from '../config/expand-targets.js';
import { loadConfig } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import { FrontdoorError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS, timeoutsWithin } from '../probe/probe-options.js';
import { createTlsSettings } from '../probe/tls-settings.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import { CHECK_USAGE } from './check-usage.js';
import { type Command, EXIT_FAILED, EXIT_OK } from './command.js';
import { type CheckArgs, parseCheckArgs } from './parse-check-args.js';
import { readTerminalStyle } from './terminal-style.js';

/**
 * `frontdoor check`: parse, expand targets, probe, render. Bad usage, configuration or CA files throw
 * FrontdoorError, which main turns into one line and exit 2.
 */
export const checkCommand: Command = async (argv, io) => {
  const args = parseCheckArgs(argv);
  if (args.help) {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  const config = args.config === undefined ? undefined : await loadConfig(args.config, io.cwd);
  const targets = collectTargets(args, config);
  if (targets.length === 0) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor check: nothing to check: ${args.config ?? 'the configuration'} has no sites`,
    );
  }
  const tls = await createTlsSettings({
    caFiles: [...(config?.ca ?? []), ...args.caFiles.map((file) => resolvePath(io.cwd, file))],
    insecure: args.insecure,
  });
  const report = await runCheck(targets, {
    probe: {
      timeouts: args.timeoutMs === undefined ? DEFAULT_TIMEOUTS : timeoutsWithin(args.timeoutMs),
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      follow: args.follow,
      tls,
    },
    burst: args.burst,
    concurrency: args.concurrency,
    catchAll: true,
  });
  if (args.json) {
    io.stdout.write(renderJson(report));
  } else {
    io.stdout.write(renderTable(report, readTerminalStyle(io, args.noColor)));
  }
  return report.ok ? EXIT_OK : EXIT_FAILED;
};

/** Configuration targets first (in file order), then URL arguments; CLI expectations and --resolve apply to all. */
function collectTargets(args: CheckArgs, config: FrontdoorConfig | undefined): Target[] {
  const fromConfig =
    config === undefined ? [] : expandTargets(config, args.site === undefined ? {} : { site: args.site });
  const fromUrls = buildUrlTargets(args.urls, {
    ...(args.connectTo === undefined ? {} : { connectTo: args.connectTo }),
    expect: { versionHeader: DEFAULT_VERSION_HEADER },
  });
  return [...fromConfig, ...fromUrls].map((target) => {
    const adjusted: Target = { ...target, expect: applyExpectations(target.expect, args.expect) };
    if (Object.keys(args.resolve).length > 0) adjusted.resolve = { ...target.resolve, ...args.resolve };
    return adjusted;
  });
}
