import { app500Scenario } from './app-500.js';
import { edge521Scenario } from './edge-521.js';
import { edge522Scenario } from './edge-522.js';
import { expiredCertificateScenario } from './expired-certificate.js';
import { flappingAppScenario } from './flapping-app.js';
import { flappingPoolScenario } from './flapping-pool.js';
import { haproxyNoBackendScenario } from './haproxy-no-backend.js';
import { healthyScenario } from './healthy.js';
import { invalidHostnameScenario } from './invalid-hostname.js';
import { phpFpmSocketMissingScenario } from './php-fpm-socket-missing.js';
import { proxy500Scenario } from './proxy-500.js';
import type { Scenario } from './scenario.js';
import { upstream502Scenario } from './upstream-502.js';
import { upstreamTimeoutScenario } from './upstream-timeout.js';
import { wrongVersionScenario } from './wrong-version.js';

/** Every scenario, the four incidents first (in incident order), then the other failures, then the control. */
export const SCENARIOS: readonly Scenario[] = [
  edge521Scenario,
  invalidHostnameScenario,
  upstream502Scenario,
  flappingPoolScenario,
  upstreamTimeoutScenario,
  edge522Scenario,
  phpFpmSocketMissingScenario,
  haproxyNoBackendScenario,
  proxy500Scenario,
  app500Scenario,
  wrongVersionScenario,
  flappingAppScenario,
  expiredCertificateScenario,
  healthyScenario,
];

/** The scenarios `frontdoor demo` runs without arguments: the four incidents. */
export const INCIDENT_SCENARIOS: readonly Scenario[] = SCENARIOS.filter(
  (scenario) => scenario.incident !== undefined,
);

export function findScenario(name: string, scenarios: readonly Scenario[] = SCENARIOS): Scenario | undefined {
  return scenarios.find((scenario) => scenario.name === name);
}
