import type { Target } from '../config/target.js';
import type { ProbeRequest } from '../probe/observation.js';

/**
 * Translates a target into the probe layer's request, leaving out what the target does not set. The fixed
 * answers are the run's one frozen map, handed on rather than copied: a copy per request made a run's cost
 * grow with targets x resolve entries.
 */
export function buildProbeRequest(target: Target, hostHeader?: string): ProbeRequest {
  const request: ProbeRequest = { url: target.url, method: target.method, headers: { ...target.headers } };
  if (target.body !== undefined) request.body = target.body;
  if (target.connectTo !== undefined) request.connectTo = { ...target.connectTo };
  if (target.resolve !== undefined) request.resolve = target.resolve;
  if (hostHeader !== undefined) request.hostHeader = hostHeader;
  if (target.allowInsecureRedirect === true) request.allowInsecureRedirect = true;
  if (target.http !== undefined) request.http = target.http;
  return request;
}
