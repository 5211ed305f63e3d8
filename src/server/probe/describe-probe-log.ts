import type { ProbeModule } from '../../config/probe-module.js';
import type { Diagnosis } from '../../diagnose/verdict.js';
import type { ProbeObservation } from '../../probe/observation.js';
import type { ModuleJudgement } from './judge-module-probe.js';
import type { ModuleProbePlan } from './plan-module-probe.js';
import type { ProbeLogEntry } from './probe-log.js';

export interface ProbeStory {
  module: ProbeModule;
  plan?: ModuleProbePlan;
  observation?: ProbeObservation;
  diagnosis?: Diagnosis;
  judgement: ModuleJudgement;
  durationSeconds: number;
  timeoutSeconds: number;
}

/**
 * The probe's log, told after the fact from what it observed (the probe layer records, it does not log):
 * the steps blackbox_exporter's debug output shows (resolve, request, response, redirects, result), then
 * frontdoor's verdict with its summary and evidence. Pure; `at` stamps every line.
 */
export function describeProbeLog(story: ProbeStory, at: number): ProbeLogEntry[] {
  const { module, plan, observation, diagnosis, judgement } = story;
  const log: ProbeLogEntry[] = [];
  const add = (level: ProbeLogEntry['level'], msg: string, fields?: ProbeLogEntry['fields']) => {
    log.push(fields === undefined ? { at, level, msg } : { at, level, msg, fields });
  };
  add('info', 'Beginning probe', { probe: module.prober, timeout_seconds: round(story.timeoutSeconds) });
  if (plan !== undefined && observation !== undefined) {
    const { host } = plan;
    add('info', 'Resolving target address', {
      target: host,
      ip_protocol: module.http.preferredIpProtocol,
    });
    const dns = observation.dns;
    if (dns !== undefined) {
      for (const address of dns.addresses)
        add('info', 'Resolved target address', { target: host, ip: address.address });
    }
    for (const hop of observation.redirects) {
      add('info', 'Making HTTP request', { url: hop.url });
      add('info', 'Received redirect', { status_code: hop.status, location: hop.location });
    }
    if (observation.failure?.phase !== 'dns') {
      add('info', 'Making HTTP request', {
        url: observation.url,
        host: observation.http?.hostHeader ?? plan.serverName,
      });
    }
    if (observation.tls !== undefined) {
      const fields: Record<string, string> = { server_name: observation.tls.servername };
      if (observation.tls.protocol !== undefined) fields.version = observation.tls.protocol;
      if (observation.tls.alpn !== undefined) fields.alpn = observation.tls.alpn;
      if (observation.tls.verifyErrorCode !== undefined)
        fields.verify_error = observation.tls.verifyErrorCode;
      add(observation.tls.authorized ? 'info' : 'warn', 'TLS handshake done', fields);
    }
    if (observation.http !== undefined) {
      add('info', 'Received HTTP response', {
        status_code: observation.http.status,
        proto: `HTTP/${observation.http.httpVersion}`,
      });
    }
    if (observation.failure !== undefined) {
      const fields: Record<string, string> = {
        phase: observation.failure.phase,
        code: observation.failure.code,
      };
      if (observation.failure.errorCode !== undefined) fields.err = observation.failure.errorCode;
      add('error', observation.failure.detail, fields);
    }
  }
  for (const reason of judgement.reasons) add('error', reason);
  if (diagnosis !== undefined) {
    add(diagnosis.verdict === 'ok' ? 'info' : 'warn', diagnosis.summary, {
      verdict: diagnosis.verdict,
      layer: diagnosis.layer,
    });
    for (const line of diagnosis.evidence) add('info', line, { evidence: true });
  }
  const duration = { duration_seconds: round(story.durationSeconds) };
  if (judgement.success) add('info', 'Probe succeeded', duration);
  else add('error', 'Probe failed', duration);
  return log;
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
