import { resolve as resolvePath } from 'node:path';
import { type PostJson, postJson } from '../agent/post-json.js';
import type { BurstFn, ProbeFn } from '../check/run-check.js';
import { FrontdoorError } from '../errors.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import { buildDeployMark } from '../gate/build-deploy-mark.js';
import { type Clock, type Sleep, systemClock, systemSleep } from '../gate/clock.js';
import { runGate } from '../gate/run-gate.js';
import type { RoundProgress } from '../gate/run-rounds.js';
import { type DeploySpawner, spawnDeploy } from '../gate/spawn-deploy.js';
import { assertWritable, writeReportFile } from '../gate/write-report-file.js';
import { renderGateJson } from '../report/render-gate-json.js';
import { renderGateSection } from '../report/render-gate-section.js';
import { renderJunit } from '../report/render-junit.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderTable } from '../report/render-table.js';
import { type Command, type CommandIo, EXIT_FAILED, EXIT_OK } from './command.js';
import { parseVerifyArgs, type VerifyArgs } from './parse-verify-args.js';
import { prepareProbing } from './prepare-probing.js';
import { readToken } from './read-token.js';
import { reportDeployMark } from './report-deploy-mark.js';
import { readTerminalStyle } from './terminal-style.js';
import { VERIFY_USAGE } from './verify-usage.js';

/** What verify takes from the process besides CommandIo: injected so tests need no real deploys or waits. */
export interface VerifyDependencies {
  spawn: DeploySpawner;
  clock: Clock;
  sleep: Sleep;
  /** calls `handler` on Ctrl-C, SIGTERM and SIGHUP; returns the function that stops listening */
  onInterrupt: (handler: () => void) => () => void;
  probeFn?: ProbeFn;
  burstFn?: BurstFn;
  /** posts the deploy mark for --report-to; default node:http(s) */
  post?: PostJson;
}

// SIGHUP (the terminal or the SSH session gone) would otherwise end frontdoor at once and leave the deploy,
// in its own process group, running unwatched with no report: it is an interruption like Ctrl-C.
const INTERRUPTING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const listenForInterrupts: VerifyDependencies['onInterrupt'] = (handler) => {
  for (const signal of INTERRUPTING_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of INTERRUPTING_SIGNALS) process.off(signal, handler);
  };
};

/**
 * `frontdoor verify`: the deploy gate. Parses, checks that report files can be written (before any deploy
 * runs), runs the gate, prints the table and the gate section (or JSON), writes --junit and --summary
 * (atomically when they are regular files). Exit 0 passed, 1 failed; bad input throws FrontdoorError for main (exit 2).
 */
export function createVerifyCommand(deps: VerifyDependencies): Command {
  return async (argv, io) => {
    const args = parseVerifyArgs(argv);
    if (args.help) {
      io.stdout.write(VERIFY_USAGE);
      return EXIT_OK;
    }
    const files = {
      junit: args.junit === undefined ? undefined : resolvePath(io.cwd, args.junit),
      summary: args.summary === undefined ? undefined : resolvePath(io.cwd, args.summary),
    };
    // /dev/stdout or /dev/stderr (or whatever they point to) get the report through the stream itself.
    const ownOutputs = [io.stdout, io.stderr].flatMap((stream) =>
      stream.fd === undefined ? [] : [{ fd: stream.fd, write: (text: string) => stream.write(text) }],
    );
    if (files.junit !== undefined && args.junit !== undefined) {
      await assertWritable(files.junit, { shownAs: args.junit, ownOutputs });
    }
    if (files.summary !== undefined && args.summary !== undefined) {
      await assertWritable(files.summary, { shownAs: args.summary, ownOutputs });
    }
    // The token is read before anything runs, so a missing one is bad usage, not a lost mark after the deploy.
    const reportTo =
      args.reportTo === undefined
        ? undefined
        : { url: args.reportTo, token: await readReportToken(args, io) };
    const { targets, probe } = await prepareProbing('verify', args, io);

    const interrupt = new AbortController();
    const stopListening = deps.onInterrupt(() => {
      if (!interrupt.signal.aborted) {
        io.stderr.write('frontdoor verify: interrupted; stopping the deploy command and the probing\n');
      }
      interrupt.abort();
    });
    const startedAt = deps.clock.now();
    if (args.during !== undefined) {
      io.stderr.write(
        `frontdoor verify: running ${args.during.join(' ')} while probing ${targets.length} target${targets.length === 1 ? '' : 's'} every ${formatMilliseconds(args.intervalMs)}\n`,
      );
    }
    let report: Awaited<ReturnType<typeof runGate>>;
    try {
      report = await runGate({
        targets,
        probe,
        burst: args.burst,
        concurrency: args.concurrency,
        catchAll: args.catchAll,
        intervalMs: args.intervalMs,
        ...(args.withinMs === undefined ? {} : { withinMs: args.withinMs }),
        ...(args.allowGapMs === undefined ? {} : { allowGapMs: args.allowGapMs }),
        ...(args.during === undefined
          ? {}
          : {
              deploy: {
                command: args.during,
                spawn: deps.spawn,
                output: (text: string) => io.stderr.write(text),
              },
            }),
        clock: deps.clock,
        sleep: deps.sleep,
        signal: interrupt.signal,
        onRound: (progress) => io.stderr.write(describeRound(progress)),
        ...(deps.probeFn === undefined ? {} : { probeFn: deps.probeFn }),
        ...(deps.burstFn === undefined ? {} : { burstFn: deps.burstFn }),
      });
    } finally {
      stopListening();
    }
    const durationMs = deps.clock.now() - startedAt;

    if (args.json) {
      io.stdout.write(renderGateJson(report));
    } else {
      const style = readTerminalStyle(io, args.noColor);
      // An interrupted deploy leaves no final check to tabulate; the gate section says why.
      if (report.check.results.length > 0) {
        io.stdout.write(`${renderTable(report.check, { ...style, verbose: args.verbose })}\n`);
      }
      io.stdout.write(renderGateSection(report.gate, style));
    }
    if (reportTo !== undefined) {
      const mark = buildDeployMark({
        report,
        targets,
        ...(args.expect.version === undefined ? {} : { version: args.expect.version }),
        startedAtMs: startedAt,
        endedAtMs: startedAt + durationMs,
      });
      await reportDeployMark(mark, reportTo, deps.post ?? postJson, io.stderr);
    }
    if (files.junit !== undefined && args.junit !== undefined) {
      const timestamp = new Date(startedAt).toISOString();
      await writeReportFile(files.junit, renderJunit(report, { timestamp, durationMs }), {
        shownAs: args.junit,
        ownOutputs,
      });
    }
    if (files.summary !== undefined && args.summary !== undefined) {
      await writeReportFile(files.summary, renderMarkdown(report), { shownAs: args.summary, ownOutputs });
    }
    return report.gate.ok ? EXIT_OK : EXIT_FAILED;
  };
}

async function readReportToken(args: VerifyArgs, io: CommandIo): Promise<string> {
  const found = await readToken(
    'verify',
    {
      ...(args.token === undefined ? {} : { token: args.token }),
      ...(args.tokenFile === undefined ? {} : { tokenFile: args.tokenFile }),
    },
    io,
  );
  if (found === undefined) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      'frontdoor verify: --report-to needs a token of scope deploy: --token-file FILE, FRONTDOOR_TOKEN or --token',
    );
  }
  return found.token;
}

/** "frontdoor verify: round 3: 4/6 targets passing, 2 passed twice in a row (4.20s of 30.00s)" */
function describeRound(progress: RoundProgress): string {
  return `frontdoor verify: round ${progress.round}: ${progress.passing}/${progress.total} targets passing, ${progress.settledTargets} passed twice in a row (${formatMilliseconds(progress.elapsedMs)} of ${formatMilliseconds(progress.withinMs)})\n`;
}

export const verifyCommand: Command = createVerifyCommand({
  spawn: spawnDeploy,
  clock: systemClock,
  sleep: systemSleep,
  onInterrupt: listenForInterrupts,
});
