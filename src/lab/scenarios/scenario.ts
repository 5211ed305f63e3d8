import type { FrontdoorConfig } from '../../config/config-types.js';
import type { FindingCode, Verdict } from '../../diagnose/verdict.js';
import type { LabBinary } from '../require-binary.js';

/** A program a scenario cannot run without. */
export type ScenarioTool = LabBinary;

/**
 * What a correct diagnosis of a running scenario looks like: the verdict of every target (by target name;
 * a list when more than one is right, e.g. a flapping backend with a burst too small to be sure of a
 * failure) and the finding codes of the run, in the order correlate() reports them.
 */
export interface ScenarioExpectation {
  verdicts: Record<string, Verdict | readonly Verdict[]>;
  findings: FindingCode[];
}

/** A lab brought up with one failure injected. */
export interface RunningScenario {
  /** what `frontdoor check -c` would load: origins pinned to lab addresses, every hostname resolved to the edge */
  config: FrontdoorConfig;
  /** the lab CA's certificate, to trust for the check; absent when the scenario speaks plain HTTP only */
  caPath: string | undefined;
  /** the expected diagnosis for a check with bursts of `burst` requests (1 = single probes) */
  expect(burst: number): ScenarioExpectation;
  /** facts gathered while the failure was injected, for the demo (who holds the port, what nginx said) */
  notes: string[];
  /** requests the application behind the proxy has received, where the scenario has one to ask */
  appRequests?: () => number;
  /** stops every process and server and removes every temporary file of the scenario */
  stop(): Promise<void>;
}

/** One reproducible failure of the front door. */
export interface Scenario {
  /** stable identifier: `000-edge-521`, `wrong-version`, ... */
  name: string;
  /** the incident (../shared/incidents) it reproduces, if any */
  incident?: string;
  /** one line for `frontdoor demo --list` */
  description: string;
  /** one line a newcomer reads before the diagnosis: what was broken and how */
  broken: string;
  tools: readonly ScenarioTool[];
  /** the burst size the scenario's check needs to show its failure (1 = single probes) */
  burst: number;
  /** targets probed at once; 1 where a shared deterministic counter must see requests in order */
  concurrency: number;
  start(): Promise<RunningScenario>;
}
