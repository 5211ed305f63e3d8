import type { Target } from '../config/target.js';
import type { ProbeObservation } from '../probe/observation.js';
import { describeEcho, echoesCatchAll } from './catch-all-echo.js';
import { combineBurst } from './combine-burst.js';
import { describeHealthy } from './describe-healthy.js';
import { readVersion } from './expectations.js';
import { isPassingVerdict } from './passing.js';
import { describeDeadAddresses } from './response-facts.js';
import { describeVia, type Rule, type RuleContext } from './rule-context.js';
import { diagnoseCatchAllMatch } from './rules/catch-all-match.js';
import { diagnoseCertificateExpiring } from './rules/certificate-expiring.js';
import { diagnoseClientCertificateRequired } from './rules/client-certificate-required.js';
import { diagnoseClientError } from './rules/client-error.js';
import { diagnoseContentMismatch } from './rules/content-mismatch.js';
import { diagnoseDefaultPage } from './rules/default-page.js';
import { diagnoseEdgeBlocked } from './rules/edge-blocked.js';
import { diagnoseEdgeOriginUnreachable } from './rules/edge-origin-unreachable.js';
import { diagnoseHttpVersion } from './rules/http-version.js';
import { diagnoseMisdirectedHost } from './rules/misdirected-host.js';
import { diagnoseServerError } from './rules/server-error.js';
import { diagnoseSlowResponse } from './rules/slow-response.js';
import { diagnoseTransportFailure } from './rules/transport-failure.js';
import { diagnoseUnexpectedStatus } from './rules/unexpected-status.js';
import { diagnoseVersionMismatch, diagnoseVersionMissing } from './rules/version-mismatch.js';
import type { Diagnosis } from './verdict.js';

export interface DiagnosisInput {
  target: Target;
  /** 1 for a single probe, N for a burst */
  observations: ProbeObservation[];
  /** same address and SNI, Host "frontdoor-catch-all.invalid" */
  catchAll?: ProbeObservation;
}

/**
 * The rules in the order they are asked; the first that speaks names the verdict. The order goes from the
 * outermost layer in: a failed phase explains everything after it, the edge's own answer hides the origin,
 * a refused hostname explains an odd page, and who wrote a 5xx matters before whether content matched.
 * The catch-all comparison comes after the 5xx rule because a single-site box whose upstream is down
 * answers the catch-all with the same 502, and that is an upstream fault, not routing; and it names
 * routing only on the evidence of a stock default page, never on the match alone.
 */
export const RULES: ReadonlyArray<{ name: string; rule: Rule }> = [
  { name: 'transport-failure', rule: diagnoseTransportFailure },
  { name: 'client-certificate-required', rule: diagnoseClientCertificateRequired },
  { name: 'edge-blocked', rule: diagnoseEdgeBlocked },
  { name: 'edge-origin-unreachable', rule: diagnoseEdgeOriginUnreachable },
  { name: 'misdirected-host', rule: diagnoseMisdirectedHost },
  { name: 'server-error', rule: diagnoseServerError },
  { name: 'catch-all-match', rule: diagnoseCatchAllMatch },
  { name: 'default-page', rule: diagnoseDefaultPage },
  { name: 'client-error', rule: diagnoseClientError },
  { name: 'unexpected-status', rule: diagnoseUnexpectedStatus },
  { name: 'http-version', rule: diagnoseHttpVersion },
  { name: 'version-mismatch', rule: diagnoseVersionMismatch },
  { name: 'content-mismatch', rule: diagnoseContentMismatch },
  { name: 'version-missing', rule: diagnoseVersionMissing },
  { name: 'certificate-expiring', rule: diagnoseCertificateExpiring },
  { name: 'slow-response', rule: diagnoseSlowResponse },
];

/**
 * Runs the rules over one observation; ok when none speaks. Addresses that did not get through are named in
 * the evidence whatever the verdict: a dead address behind a live one is a fault visitors meet too.
 */
export function diagnoseObservation(context: RuleContext): Diagnosis {
  const ctx = withOverHttp1(context);
  const diagnosis = noteOverHttp1(ctx, runRules(ctx));
  const dead = ctx.observation.deadAddresses;
  if (dead === undefined || dead.length === 0) return diagnosis;
  const total = ctx.observation.dns?.addresses.length ?? dead.length;
  return {
    ...diagnosis,
    evidence: [
      ...diagnosis.evidence,
      `${dead.length} of ${total} address${total === 1 ? '' : 'es'} did not get through: ${describeDeadAddresses(dead)}`,
    ],
  };
}

/**
 * The re-probe over HTTP/1.1 judged first, by the same rules: the HTTP/2 failure's summary says whether it
 * passed. It is held to every expectation but the HTTP version, which it cannot meet by construction.
 */
function withOverHttp1(ctx: RuleContext): RuleContext {
  const again = ctx.observation.overHttp1;
  if (again === undefined || ctx.overHttp1 !== undefined) return ctx;
  const expect = { ...ctx.target.expect };
  delete expect.httpVersions;
  const target = { ...ctx.target, expect };
  return { ...ctx, overHttp1: diagnoseObservation({ ...ctx, target, observation: again }) };
}

/** The HTTP/1.1 outcome on an http2_failure, for the result and the findings across targets. */
function noteOverHttp1(ctx: RuleContext, diagnosis: Diagnosis): Diagnosis {
  const over = ctx.overHttp1;
  if (diagnosis.verdict !== 'http2_failure' || over === undefined) return diagnosis;
  const status = ctx.observation.overHttp1?.http?.status ?? null;
  return { ...diagnosis, overHttp1: { verdict: over.verdict, status, summary: over.summary } };
}

function runRules(ctx: RuleContext): Diagnosis {
  for (const { rule } of RULES) {
    const diagnosis = rule(ctx);
    if (diagnosis !== undefined) return noteCatchAllEcho(ctx, diagnosis);
  }
  return describeHealthy(ctx.target, ctx.observation);
}

/**
 * A failing answer that the door also gives a Host it cannot have is worth saying, even when the answer
 * itself is judged: on a single-site box it is the site's own; where another hostname of the box is
 * routed, it is the default server's, which the host_binding_missing finding then names.
 */
function noteCatchAllEcho(ctx: RuleContext, diagnosis: Diagnosis): Diagnosis {
  const { http } = ctx.observation;
  const catchAll = ctx.catchAll?.http;
  if (isPassingVerdict(diagnosis.verdict) || http === undefined || catchAll === undefined) return diagnosis;
  if (!echoesCatchAll(ctx)) return diagnosis;
  if (diagnosis.verdict === 'host_not_routed') return { ...diagnosis, sameAsCatchAll: true };
  return {
    ...diagnosis,
    evidence: [
      ...diagnosis.evidence,
      describeEcho(http, catchAll),
      `${describeVia(ctx)} answers every Host alike: a single site judged on its own answer, unless ${ctx.target.hostname} falls to the default server of a box that serves others`,
    ],
    sameAsCatchAll: true,
  };
}

/** A target's verdict together with each request's own, judged in the burst's shared context. */
export interface BurstDiagnosis {
  diagnosis: Diagnosis;
  /** one per observation, in order; for a single probe the same as `diagnosis` */
  members: Diagnosis[];
}

/**
 * The verdict of a probe or burst and of each of its requests, so callers that count "k of N" or pick a
 * representative use the very judgements the combined verdict came from. Pure.
 */
export function diagnoseBurst(input: DiagnosisInput): BurstDiagnosis {
  const { target, observations, catchAll } = input;
  if (observations.length === 0) throw new RangeError('diagnose() needs at least one observation');
  const appMarkerKnown = isAppMarkerKnown(target, observations);
  const members = observations.map((observation) =>
    diagnoseObservation({ target, observation, catchAll, appMarkerKnown }),
  );
  const diagnosis = members.length === 1 ? (members[0] as Diagnosis) : combineBurst(observations, members);
  return { diagnosis, members };
}

/**
 * One verdict, its layer, an actionable summary and evidence for a target's probe or burst. Pure.
 * @example diagnose({ target, observations: [observation] }).verdict // 'proxy_upstream_unavailable'
 */
export function diagnose(input: DiagnosisInput): Diagnosis {
  return diagnoseBurst(input).diagnosis;
}

function isAppMarkerKnown(target: Target, observations: readonly ProbeObservation[]): boolean {
  return (
    target.expect.version !== undefined ||
    observations.some(
      (observation) => observation.http !== undefined && readVersion(target, observation.http) !== undefined,
    )
  );
}

/**
 * The first observation of a probe or burst whose judgement the door's catch-all answer could change, given
 * each request's verdict without it (`members`, from diagnoseBurst): an answer that failed. The catch-all
 * only ever speaks about failing answers (catch-all-match names routing where default-page would already
 * fail the answer; noteCatchAllEcho annotates failing verdicts), so a passing or answerless request needs
 * none, and a healthy fleet sends no catch-all request. Pure.
 */
export function findObservationNeedingCatchAll(
  observations: readonly ProbeObservation[],
  members: readonly Diagnosis[],
): ProbeObservation | undefined {
  return observations.find((observation, index) => {
    const verdict = members[index]?.verdict;
    return observation.http !== undefined && verdict !== undefined && !isPassingVerdict(verdict);
  });
}
