import { runCheck } from '../check/run-check.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import { CHECK_USAGE } from './check-usage.js';
import { type Command, EXIT_FAILED, EXIT_OK } from './command.js';
import { parseCheckArgs } from './parse-check-args.js';
import { prepareProbing } from './prepare-probing.js';
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
  const { targets, probe } = await prepareProbing('check', args, io);
  const report = await runCheck(targets, {
    probe,
    burst: args.burst,
    concurrency: args.concurrency,
    catchAll: args.catchAll,
  });
  if (args.json) {
    io.stdout.write(renderJson(report));
  } else {
    io.stdout.write(renderTable(report, { ...readTerminalStyle(io, args.noColor), verbose: args.verbose }));
  }
  return report.ok ? EXIT_OK : EXIT_FAILED;
};
