import { runCheck } from '../../check/run-check.js';
import { expandTargets } from '../../config/expand-targets.js';
import type { CheckReport } from '../../diagnose/target-result.js';
import type { HostResolver } from '../../probe/host-resolver.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../../probe/probe-options.js';
import { createTlsSettings } from '../../probe/tls-settings.js';
import type { RunningScenario } from './scenario.js';

/**
 * Every lab hostname has a fixed answer in the scenario's configuration; a name without one must not
 * reach the machine's resolver (the lab never sends traffic off loopback), so it fails as NXDOMAIN.
 */
export const refuseUnknownNames: HostResolver = (hostname) =>
  Promise.reject(
    Object.assign(new Error(`${hostname} is not a lab hostname`), { code: 'ENOTFOUND', hostname }),
  );

export interface ScenarioCheckOptions {
  burst: number;
  concurrency: number;
}

/**
 * The check `frontdoor check -c <scenario config> --ca <lab CA> --burst N` would run against a running
 * scenario: every target through the edge and on each origin, with catch-all comparison.
 */
export async function checkScenario(
  running: RunningScenario,
  options: ScenarioCheckOptions,
): Promise<CheckReport> {
  const tls = await createTlsSettings({ caFiles: running.caPath === undefined ? [] : [running.caPath] });
  return runCheck(expandTargets(running.config), {
    probe: {
      timeouts: DEFAULT_TIMEOUTS,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      follow: 0,
      tls,
      resolver: refuseUnknownNames,
    },
    burst: options.burst,
    concurrency: options.concurrency,
    catchAll: true,
  });
}
