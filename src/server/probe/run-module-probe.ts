import type { ProbeModule } from '../../config/probe-module.js';
import { diagnose } from '../../diagnose/diagnose.js';
import type { Diagnosis } from '../../diagnose/verdict.js';
import { isFrontdoorError } from '../../errors.js';
import { createFailure } from '../../probe/classify-failure.js';
import type { HostResolver } from '../../probe/host-resolver.js';
import type { ProbeObservation, ProbeRequest } from '../../probe/observation.js';
import { DEFAULT_MAX_BODY_BYTES, type ProbeOptions } from '../../probe/probe-options.js';
import { runProbe } from '../../probe/run-probe.js';
import type { TlsSettings } from '../../probe/tls-settings.js';
import { chooseAddress, describeFamily, type FamilyRule, literalAllowed } from './choose-address.js';
import { describeProbeLog } from './describe-probe-log.js';
import { judgeModuleProbe, type ModuleJudgement } from './judge-module-probe.js';
import { type ModuleProbePlan, planModuleProbe } from './plan-module-probe.js';
import type { ProbeLogEntry } from './probe-log.js';

/** blackbox follows at most 10 redirects (its CheckRedirect). */
export const MAX_REDIRECTS = 10;

export interface ModuleProbeDeps {
  /** the resolver the module's address rule is applied to */
  resolver: HostResolver;
  /** trust settings for a module (its ca_file and insecure_skip_verify); may throw FD_ERR_CA_READ */
  tlsSettings: (module: ProbeModule) => Promise<TlsSettings>;
  /** wall clock for log timestamps (Date.now) */
  now: () => number;
  /** the probe layer; runProbe unless a test records one */
  probe?: (request: ProbeRequest, options: ProbeOptions) => Promise<ProbeObservation>;
}

export interface ModuleProbeOutcome {
  module: ProbeModule;
  /** absent when the target parameter is not a URL (the probe then fails, as in blackbox) */
  plan?: ModuleProbePlan;
  observation?: ProbeObservation;
  /** frontdoor's verdict on the observation; absent when nothing was probed */
  diagnosis?: Diagnosis;
  judgement: ModuleJudgement;
  durationSeconds: number;
  log: ProbeLogEntry[];
}

/**
 * One `/probe`: plans the request from the target and module, probes it through frontdoor's probe layer
 * within `timeoutSeconds` (every phase may use the whole of it, as in blackbox), diagnoses the observation
 * as `frontdoor check` would, and judges probe_success by the module. A failed target is data; the only
 * rejection is FD_ERR_LOCAL_RESOURCE (this machine cannot open a socket), which says nothing of the target.
 */
export async function runModuleProbe(
  targetParam: string,
  module: ProbeModule,
  timeoutSeconds: number,
  deps: ModuleProbeDeps,
): Promise<ModuleProbeOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const planned = planModuleProbe(targetParam, module);
  if (!planned.ok) {
    const judgement = { success: false, failedDueToRegex: false, reasons: [planned.problem] };
    const durationSeconds = elapsed();
    return {
      module,
      judgement,
      durationSeconds,
      log: describeProbeLog({ module, judgement, durationSeconds, timeoutSeconds }, deps.now()),
    };
  }
  const { plan } = planned;
  const rule: FamilyRule = {
    preferred: module.http.preferredIpProtocol,
    fallback: module.http.ipProtocolFallback,
  };
  let tls: TlsSettings;
  try {
    tls = await deps.tlsSettings(module);
  } catch (error) {
    if (!isFrontdoorError(error)) throw error;
    const judgement = { success: false, failedDueToRegex: false, reasons: [error.message] };
    const durationSeconds = elapsed();
    return {
      module,
      plan,
      judgement,
      durationSeconds,
      log: describeProbeLog({ module, plan, judgement, durationSeconds, timeoutSeconds }, deps.now()),
    };
  }
  const ms = Math.max(0, timeoutSeconds * 1000);
  const options: ProbeOptions = {
    timeouts: { dnsMs: ms, connectMs: ms, tlsMs: ms, responseMs: ms, bodyMs: ms, totalMs: ms },
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    follow: module.http.followRedirects ? MAX_REDIRECTS : 0,
    tls,
    resolver: chooseAddress(deps.resolver, rule),
    recordChain: true,
    // blackbox makes one probe, and probe_duration_seconds times it: no second try over HTTP/1.1.
    retryOverHttp1: false,
  };
  const observation = literalAllowed(plan.host, rule)
    ? await (deps.probe ?? runProbe)(plan.request, options)
    : refusedLiteral(plan.request, plan.host, rule, deps.now());
  const diagnosis = diagnose({ target: plan.target, observations: [observation] });
  const judgement = judgeModuleProbe(plan.target, observation);
  const durationSeconds = elapsed();
  const log = describeProbeLog(
    { module, plan, observation, diagnosis, judgement, durationSeconds, timeoutSeconds },
    deps.now(),
  );
  return { module, plan, observation, diagnosis, judgement, durationSeconds, log };
}

/**
 * An address literal of the other family with `ip_protocol_fallback: false`: blackbox's lookup finds no
 * address of the preferred family, so the probe ends in DNS without connecting.
 */
function refusedLiteral(
  request: ProbeRequest,
  address: string,
  rule: FamilyRule,
  now: number,
): ProbeObservation {
  const detail = `${address} is not an ${describeFamily(rule.preferred)} address and ip_protocol_fallback is false`;
  return {
    request,
    url: request.url,
    startedAt: new Date(now).toISOString(),
    redirects: [],
    failure: createFailure('dns', 'dns_not_found', undefined, detail, 0),
    timings: { total: 0 },
  };
}
