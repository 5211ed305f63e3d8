import type { CheckReport } from '../diagnose/target-result.js';
import { FrontdoorError } from '../errors.js';
import { labRegistry } from '../lab/process-registry.js';
import { findBinary } from '../lab/require-binary.js';
import { checkScenario, type ScenarioCheckOptions } from '../lab/scenarios/check-scenario.js';
import { matchExpectation } from '../lab/scenarios/match-expectation.js';
import { INCIDENT_SCENARIOS, SCENARIOS } from '../lab/scenarios/registry.js';
import type {
  RunningScenario,
  Scenario,
  ScenarioExpectation,
  ScenarioTool,
} from '../lab/scenarios/scenario.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import { type Command, type CommandIo, EXIT_FAILED, EXIT_OK } from './command.js';
import { DEMO_USAGE } from './demo-usage.js';
import { parseFlags } from './parse-flags.js';
import { readTerminalStyle, type TerminalStyle } from './terminal-style.js';

/** What the demo needs from the world; injected so its flow is tested without starting servers. */
export interface DemoDependencies {
  scenarios: readonly Scenario[];
  /** run when no scenario is named */
  defaults: readonly Scenario[];
  findTool(tool: ScenarioTool): string | undefined;
  check(running: RunningScenario, options: ScenarioCheckOptions): Promise<CheckReport>;
  /** calls `teardown` on Ctrl-C while the demo runs, then ends the process; returns the remover */
  onInterrupt(teardown: () => Promise<void>): () => void;
  /** `--watch`: the scenario's lab with the watch running against it until Ctrl-C */
  watchLab?(scenario: Scenario, io: CommandIo, onInterrupt: DemoDependencies['onInterrupt']): Promise<number>;
}

/** 128 + SIGINT, as shells report a command ended by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

/** Debian package of each program, for the install hint. */
const PACKAGES: Record<ScenarioTool, string> = {
  nginx: 'nginx',
  'php-fpm': 'php-fpm',
  haproxy: 'haproxy',
  openssl: 'openssl',
  prometheus: 'prometheus',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  postgres: 'postgresql',
};

interface DemoArgs {
  names: string[];
  list: boolean;
  watch: boolean;
  json: boolean;
  burst: number | undefined;
  noColor: boolean;
  help: boolean;
}

function parseDemoArgs(argv: string[], known: readonly Scenario[]): DemoArgs {
  const { values, positionals } = parseFlags('demo', argv, {
    list: { type: 'boolean' },
    watch: { type: 'boolean' },
    json: { type: 'boolean' },
    burst: { type: 'string' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  let burst: number | undefined;
  if (values.burst !== undefined) {
    burst = Number(values.burst);
    if (!/^\d+$/.test(values.burst) || burst < 1 || burst > 100) {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `frontdoor demo: --burst must be a whole number from 1 to 100, got '${values.burst}'`,
      );
    }
  }
  for (const name of positionals) {
    if (!known.some((scenario) => scenario.name === name)) {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `frontdoor demo: unknown scenario '${name}' (known: ${known.map((s) => s.name).join(', ')})`,
      );
    }
  }
  return {
    names: positionals,
    list: values.list === true,
    watch: values.watch === true,
    json: values.json === true,
    burst,
    noColor: values['no-color'] === true,
    help: values.help === true,
  };
}

function missingTools(scenario: Scenario, deps: DemoDependencies): ScenarioTool[] {
  return scenario.tools.filter((tool) => deps.findTool(tool) === undefined);
}

/** "  apt-get install nginx php-fpm" when something is missing, for the given scenarios. */
function describeInstall(scenarios: readonly Scenario[], deps: DemoDependencies): string | undefined {
  const missing = [...new Set(scenarios.flatMap((scenario) => missingTools(scenario, deps)))];
  if (missing.length === 0) return undefined;
  return `frontdoor demo: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed; install with: sudo apt-get install ${missing.map((tool) => PACKAGES[tool]).join(' ')}`;
}

function renderList(deps: DemoDependencies): string {
  const width = Math.max(...deps.scenarios.map((scenario) => scenario.name.length));
  const lines = deps.scenarios.map((scenario) => {
    const missing = missingTools(scenario, deps);
    const needs = `needs ${scenario.tools.join(', ')}${missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}`;
    const incident = scenario.incident === undefined ? '' : ` [incident ${scenario.incident}]`;
    return `${scenario.name.padEnd(width)}  ${scenario.description}${incident}; ${needs}`;
  });
  const install = describeInstall(deps.scenarios, deps);
  return `${lines.join('\n')}\n${install === undefined ? '' : `\n${install}\n`}`;
}

interface ScenarioOutcome {
  name: string;
  incident?: string;
  broken: string;
  burst: number;
  matched: boolean;
  /** the scenario breaks nothing: every target is expected ok and no finding */
  healthy: boolean;
  mismatches: string[];
  notes: string[];
  report?: CheckReport;
  error?: string;
}

/** The demo's state an interrupt acts on: the scenario that is up right now, and whether to stop. */
interface DemoRun {
  running: RunningScenario | undefined;
  interrupted: boolean;
}

/** Brings one scenario up, checks it and tears it down; undefined when interrupted meanwhile. */
async function runOne(
  scenario: Scenario,
  burst: number,
  deps: DemoDependencies,
  run: DemoRun,
): Promise<ScenarioOutcome | undefined> {
  const base = { name: scenario.name, broken: scenario.broken, burst, notes: [] as string[] };
  const withIncident = scenario.incident === undefined ? base : { ...base, incident: scenario.incident };
  let running: RunningScenario | undefined;
  try {
    running = await scenario.start();
    run.running = running;
    if (run.interrupted) return undefined;
    const report = await deps.check(running, { burst, concurrency: scenario.concurrency });
    if (run.interrupted) return undefined;
    const expected = running.expect(burst);
    const mismatches = matchExpectation(report, expected);
    return {
      ...withIncident,
      notes: running.notes,
      report,
      mismatches,
      matched: mismatches.length === 0,
      healthy: expectsHealthy(expected),
    };
  } catch (error) {
    if (run.interrupted) return undefined;
    if (!(error instanceof FrontdoorError)) throw error;
    return { ...withIncident, matched: false, healthy: false, mismatches: [], error: error.message };
  } finally {
    run.running = undefined;
    await running?.stop();
  }
}

/** A control scenario: nothing injected, so every target must come out ok and no finding may appear. */
function expectsHealthy(expected: ScenarioExpectation): boolean {
  const verdicts = Object.values(expected.verdicts).flatMap((wanted) =>
    typeof wanted === 'string' ? [wanted] : [...wanted],
  );
  return expected.findings.length === 0 && verdicts.every((verdict) => verdict === 'ok');
}

function renderOutcome(scenario: Scenario, outcome: ScenarioOutcome, style: TerminalStyle): string {
  const title =
    scenario.incident === undefined ? scenario.name : `${scenario.name} (incident ${scenario.incident})`;
  const lines = [`== ${title}: ${scenario.description}`, `what was broken: ${scenario.broken}`];
  lines.push(...outcome.notes.map((note) => `  lab: ${note}`));
  if (outcome.burst > 1) lines.push(`  check: bursts of ${outcome.burst} concurrent requests per target`);
  lines.push('');
  if (outcome.error !== undefined) {
    lines.push(`could not bring the lab up: ${outcome.error}`, '');
    return lines.join('\n');
  }
  if (outcome.report !== undefined) lines.push(renderTable(outcome.report, style).trimEnd(), '');
  if (outcome.matched && outcome.healthy) {
    lines.push(
      'diagnosis: correct, every target ok and no finding: nothing was broken and nothing was blamed',
      '',
    );
  } else if (outcome.matched) {
    lines.push('diagnosis: correct, it names what was broken', '');
  } else
    lines.push('diagnosis: DOES NOT MATCH what was broken:', ...outcome.mismatches.map((m) => `  ${m}`), '');
  return lines.join('\n');
}

function renderJsonDocument(
  outcomes: ScenarioOutcome[],
  skipped: Array<{ name: string; missing: string[] }>,
) {
  const scenarios = outcomes.map(({ report, ...rest }) => ({
    ...rest,
    ...(report === undefined ? {} : { report: JSON.parse(renderJson(report)) as unknown }),
  }));
  const ok = outcomes.length > 0 && outcomes.every((outcome) => outcome.matched);
  return `${JSON.stringify({ ok, scenarios, skipped }, null, 2)}\n`;
}

/** Builds `frontdoor demo` over the given dependencies. */
export function createDemoCommand(deps: DemoDependencies): Command {
  return async (argv: string[], io: CommandIo): Promise<number> => {
    const args = parseDemoArgs(argv, deps.scenarios);
    if (args.help) {
      io.stdout.write(DEMO_USAGE);
      return EXIT_OK;
    }
    if (args.list) {
      io.stdout.write(renderList(deps));
      return EXIT_OK;
    }
    if (args.watch) return watchOne(args, deps, io);
    const chosen =
      args.names.length === 0
        ? deps.defaults
        : args.names.map((name) => deps.scenarios.find((scenario) => scenario.name === name) as Scenario);
    const install = describeInstall(chosen, deps);
    if (install !== undefined) io.stderr.write(`${install}\n`);
    const runnable = chosen.filter((scenario) => missingTools(scenario, deps).length === 0);
    const skipped = chosen
      .filter((scenario) => !runnable.includes(scenario))
      .map((scenario) => ({ name: scenario.name, missing: missingTools(scenario, deps) }));
    for (const { name, missing } of skipped) {
      io.stderr.write(`frontdoor demo: skipping ${name} (needs ${missing.join(', ')})\n`);
    }
    const style = readTerminalStyle(io, args.noColor);
    const outcomes: ScenarioOutcome[] = [];
    const run: DemoRun = { running: undefined, interrupted: false };
    // Stopping the lab under a running check makes its probes fail fast; runOne then stops quietly.
    const removeInterrupt = deps.onInterrupt(async () => {
      run.interrupted = true;
      io.stderr.write('\nfrontdoor demo: interrupted; tearing the lab down\n');
      await run.running?.stop();
    });
    try {
      for (const scenario of runnable) {
        const outcome = await runOne(scenario, args.burst ?? scenario.burst, deps, run);
        if (outcome === undefined || run.interrupted) break;
        outcomes.push(outcome);
        if (!args.json) io.stdout.write(`${renderOutcome(scenario, outcome, style)}\n`);
      }
    } finally {
      removeInterrupt();
    }
    if (run.interrupted) return EXIT_INTERRUPTED;
    if (args.json) io.stdout.write(renderJsonDocument(outcomes, skipped));
    else if (outcomes.length > 1) {
      const matched = outcomes.filter((outcome) => outcome.matched).length;
      io.stdout.write(`${matched} of ${outcomes.length} scenarios diagnosed correctly\n`);
    }
    if (outcomes.length === 0) {
      io.stderr.write('frontdoor demo: no scenario could run on this machine\n');
      return EXIT_FAILED;
    }
    return outcomes.every((outcome) => outcome.matched) ? EXIT_OK : EXIT_FAILED;
  };
}

/** `--watch [SCENARIO]`: one scenario (default `healthy`) with the watch on it. */
async function watchOne(args: DemoArgs, deps: DemoDependencies, io: CommandIo): Promise<number> {
  const [name = WATCH_DEFAULT_SCENARIO, ...others] = args.names;
  if (others.length > 0 || deps.watchLab === undefined) {
    throw new FrontdoorError('FD_ERR_USAGE', 'frontdoor demo --watch: name at most one scenario');
  }
  const scenario = deps.scenarios.find((candidate) => candidate.name === name);
  if (scenario === undefined) {
    throw new FrontdoorError('FD_ERR_USAGE', `frontdoor demo --watch: unknown scenario '${name}'`);
  }
  const install = describeInstall([scenario], deps);
  if (install !== undefined) {
    io.stderr.write(`${install}\n`);
    return EXIT_FAILED;
  }
  return deps.watchLab(scenario, io, deps.onInterrupt);
}

/** What `demo --watch` shows without a scenario named: the whole fleet, healthy. */
const WATCH_DEFAULT_SCENARIO = 'healthy';

/**
 * First Ctrl-C: the demo stops the scenario that is up, waits for its servers to exit (so this process
 * reaps them instead of orphaning them) and returns 130. A second Ctrl-C sweeps whatever the lab's registry
 * tracks and exits at once. `on`, not `once`: the registry's own signal hook re-raises the signal, ending
 * the process before the teardown, when it finds no other listener left.
 */
function interruptProcess(teardown: () => Promise<void>): () => void {
  let interrupted = false;
  const listener = () => {
    if (interrupted) {
      labRegistry.cleanUp();
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    teardown().catch(() => undefined);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.removeListener('SIGINT', listener);
    process.removeListener('SIGTERM', listener);
  };
}

/** `frontdoor demo [SCENARIO...] [--list] [--json] [--burst N]` */
export const demoCommand: Command = createDemoCommand({
  scenarios: SCENARIOS,
  defaults: INCIDENT_SCENARIOS,
  findTool: (tool) => findBinary(tool),
  check: checkScenario,
  onInterrupt: interruptProcess,
  watchLab: async (scenario, io, onInterrupt) =>
    (await import('./demo-watch.js')).runDemoWatch(scenario, io, onInterrupt),
});
