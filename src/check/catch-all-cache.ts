import type { Target } from '../config/target.js';
import { effectivePort } from '../probe/effective-port.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import type { ProbeOptions } from '../probe/probe-options.js';

/** A Host no front door can legitimately route: whatever answers it is the catch-all/default server. */
export const CATCH_ALL_HOST = 'frontdoor-catch-all.invalid';

/**
 * The catch-all answer of the door `target` was probed on, for comparing with `answered` (one of the
 * target's own observations); undefined when the target gets no comparison, and a promise of undefined
 * when the door's catch-all turns out not to stand for what this target met (see createCatchAllCache).
 */
export type CatchAllLookup = (
  target: Target,
  answered: ProbeObservation,
) => Promise<ProbeObservation | undefined> | undefined;

/**
 * The door a target was probed on: scheme, pinned address and port. The hostname and path never matter: a
 * default server answers the same whatever they are.
 * @example catchAllKey(target) // 'https://10.0.0.11:443'
 */
export function catchAllKey(target: Target): string | undefined {
  if (target.connectTo === undefined) return undefined;
  const url = new URL(target.url);
  return `${url.protocol}//${formatHostPort(target.connectTo.host, target.connectTo.port ?? effectivePort(url))}`;
}

/** The certificate a probe's own handshake got, when the answer came from that handshake's door. */
function servedCertificate(observation: ProbeObservation): string | undefined {
  return observation.redirects.length === 0 ? observation.tls?.certificate?.fingerprint256 : undefined;
}

/**
 * The probe options for catch-all requests: the catch-all is asked with SNI frontdoor-catch-all.invalid,
 * which no certificate covers, and only its certificate's fingerprint and its answer are wanted.
 */
export function catchAllProbeOptions(options: ProbeOptions): ProbeOptions {
  return { ...options, tls: { ...options.tls, insecure: true } };
}

/**
 * At most one catch-all probe per door per run (or per round of the watch), shared by every target behind
 * it and by the targets asking while it is in flight: 3,000 hostnames on one origin cost one extra request,
 * not 3,000. It is sent as a name no server knows, in the Host header and, over https, in the SNI too: the
 * door answers it from its default server, with the certificate it presents to any name it does not know.
 * Over https a target is compared with it only when its own handshake got that same certificate (by
 * SHA-256 fingerprint): a target served another certificate was picked out by its SNI, and some servers
 * (Apache's name-based TLS hosts) answer from the host the SNI picked, so the default server's answer says
 * nothing about it (nor about a target whose answer came after a redirect). Unpinned targets (through the
 * edge) get none, since the edge's own routing is not what the comparison is about; nor do targets whose
 * site turned the comparison off. `probe` should use catchAllProbeOptions.
 */
export function createCatchAllCache(
  probe: (request: ProbeRequest) => Promise<ProbeObservation>,
): CatchAllLookup {
  const pending = new Map<string, Promise<ProbeObservation>>();
  return (target, answered) => {
    if (target.catchAll === false || target.connectTo === undefined) return undefined;
    const key = catchAllKey(target);
    if (key === undefined) return undefined;
    const https = key.startsWith('https:');
    const served = https ? servedCertificate(answered) : undefined;
    if (https && served === undefined) return undefined;
    let observation = pending.get(key);
    if (observation === undefined) {
      const url = new URL(target.url);
      url.hostname = CATCH_ALL_HOST;
      const request: ProbeRequest = {
        url: url.href,
        method: 'GET',
        connectTo: { ...target.connectTo },
        hostHeader: CATCH_ALL_HOST,
      };
      if (target.resolve !== undefined) request.resolve = target.resolve;
      observation = probe(request);
      pending.set(key, observation);
    }
    if (!https) return observation;
    return observation.then((catchAll) =>
      catchAll.tls?.certificate?.fingerprint256 === served ? catchAll : undefined,
    );
  };
}
