import type { Target } from '../config/target.js';
import { effectivePort } from '../probe/effective-port.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';

/** A Host no front door can legitimately route: whatever answers it is the catch-all/default server. */
export const CATCH_ALL_HOST = 'frontdoor-catch-all.invalid';

/**
 * The catch-all answer of the door `target` was probed on, for comparing with `answered` (one of the
 * target's own observations); undefined when the target gets no comparison.
 */
export type CatchAllLookup = (
  target: Target,
  answered: ProbeObservation,
) => Promise<ProbeObservation> | undefined;

/**
 * Which catch-all answer stands for the door a target met. Over http: scheme, pinned address and port, and
 * nothing else, since without TLS only the Host header picks a server block. Over https also the
 * certificate the target's own handshake got (its SHA-256 fingerprint): a server that presents different
 * certificates for different SNIs selects a virtual host by SNI and may answer an unknown Host from there
 * (Apache's name-based TLS hosts do; nginx answers from its default server whatever the SNI), so each
 * certificate of a door gets its own catch-all, while every name served under one certificate (a wildcard,
 * a SAN list) shares one. The path never matters: a default server answers the same whatever the path.
 * A probe that followed redirects keys by its SNI, since its certificate may be another door's.
 * @example catchAllKey(target, observation) // 'https://10.0.0.11:443 certificate=AB:CD:...'
 */
export function catchAllKey(target: Target, answered: ProbeObservation): string | undefined {
  if (target.connectTo === undefined) return undefined;
  const url = new URL(target.url);
  const door = `${url.protocol}//${formatHostPort(target.connectTo.host, target.connectTo.port ?? effectivePort(url))}`;
  if (url.protocol !== 'https:') return door;
  const fingerprint = answered.redirects.length === 0 ? answered.tls?.certificate?.fingerprint256 : undefined;
  return fingerprint === undefined ? `${door} sni=${url.hostname}` : `${door} certificate=${fingerprint}`;
}

/**
 * At most one catch-all probe per door per run (see catchAllKey), shared by every target behind it and by
 * the targets asking while it is in flight: 3,000 hostnames under one certificate on one origin cost one
 * extra request, not 3,000. Unpinned targets (through the edge) get none, since the edge's own routing is
 * not what the comparison is about; nor do targets whose site turned the comparison off.
 */
export function createCatchAllCache(
  probe: (request: ProbeRequest) => Promise<ProbeObservation>,
): CatchAllLookup {
  const pending = new Map<string, Promise<ProbeObservation>>();
  return (target, answered) => {
    if (target.catchAll === false || target.connectTo === undefined) return undefined;
    const key = catchAllKey(target, answered);
    if (key === undefined) return undefined;
    let observation = pending.get(key);
    if (observation === undefined) {
      const request: ProbeRequest = {
        url: target.url,
        method: 'GET',
        connectTo: { ...target.connectTo },
        hostHeader: CATCH_ALL_HOST,
      };
      if (target.resolve !== undefined) request.resolve = target.resolve;
      observation = probe(request);
      pending.set(key, observation);
    }
    return observation;
  };
}
