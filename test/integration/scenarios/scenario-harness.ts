import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CheckReport } from '../../../src/diagnose/target-result.js';
import { labRegistry } from '../../../src/lab/process-registry.js';
import { checkScenario } from '../../../src/lab/scenarios/check-scenario.js';
import { matchExpectation } from '../../../src/lab/scenarios/match-expectation.js';
import type { RunningScenario, Scenario } from '../../../src/lab/scenarios/scenario.js';
import { requireTools } from '../lab/require-tools.js';

/** target name -> verdict, in report order. */
export function verdictsOf(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.results.map((result) => [result.target, result.verdict]));
}

export function findingCodes(report: CheckReport): string[] {
  return report.findings.map((finding) => finding.code);
}

export interface ScenarioHarness {
  /** whether the file's tests must be skipped (tools missing outside CI) */
  skip: boolean;
  running(): RunningScenario;
  /** runs the real check; the burst defaults to the scenario's own */
  check(burst?: number): Promise<CheckReport>;
  /** the scenario's own expectation for that burst must match what diagnosis said */
  expectMatch(report: CheckReport, burst?: number): void;
}

/**
 * Starts `scenario` once for the file (beforeAll) and stops it after (afterAll), proving afterwards that
 * none of its processes or temp dirs were left behind. Under CI=true a missing tool fails the file.
 */
export function useScenario(scenario: Scenario): ScenarioHarness {
  const tools = requireTools(scenario.tools);
  let running: RunningScenario | undefined;
  const pidsBefore = new Set(labRegistry.runningPids());

  beforeAll(async () => {
    if (tools.skip) return;
    running = await scenario.start();
  }, 60_000);

  afterAll(async () => {
    if (running === undefined) return;
    const { caPath } = running;
    await running.stop();
    running = undefined;
    expect(labRegistry.runningPids().filter((pid) => !pidsBefore.has(pid))).toEqual([]);
    if (caPath !== undefined) expect(existsSync(caPath)).toBe(false);
  }, 30_000);

  const current = (): RunningScenario => {
    if (running === undefined) throw new Error(`scenario ${scenario.name} is not running`);
    return running;
  };

  return {
    skip: tools.skip,
    running: current,
    check: (burst = scenario.burst) => checkScenario(current(), { burst, concurrency: scenario.concurrency }),
    expectMatch(report, burst = scenario.burst) {
      expect(matchExpectation(report, current().expect(burst))).toEqual([]);
    },
  };
}
