import type { Target } from '../config/target.js';
import { effectivePort } from '../probe/effective-port.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';

/** A Host no front door can legitimately route: whatever answers it is the catch-all/default server. */
export const CATCH_ALL_HOST = 'frontdoor-catch-all.invalid';

export type CatchAllLookup = (target: Target) => Promise<ProbeObservation> | undefined;

/**
 * Identity of a front door as a visitor meets it: scheme, pinned address, port and SNI. The path is left
 * out on purpose: a default server answers the same whatever the path, so one probe per door is enough.
 */
export function catchAllKey(target: Target): string | undefined {
  if (target.connectTo === undefined) return undefined;
  const url = new URL(target.url);
  const port = target.connectTo.port ?? effectivePort(url);
  return `${url.protocol}//${formatHostPort(target.connectTo.host, port)} sni=${url.hostname}`;
}

/**
 * One catch-all probe per front door per run, shared by every target behind it: twenty hostnames on one
 * origin cost one extra request, not twenty. Unpinned targets (through the edge) get none, since the
 * edge's own routing is not what the comparison is about.
 */
export function createCatchAllCache(
  probe: (request: ProbeRequest) => Promise<ProbeObservation>,
): CatchAllLookup {
  const pending = new Map<string, Promise<ProbeObservation>>();
  return (target) => {
    const key = catchAllKey(target);
    if (key === undefined || target.connectTo === undefined) return undefined;
    let observation = pending.get(key);
    if (observation === undefined) {
      const request: ProbeRequest = {
        url: target.url,
        method: 'GET',
        connectTo: { ...target.connectTo },
        hostHeader: CATCH_ALL_HOST,
      };
      if (target.resolve !== undefined) request.resolve = { ...target.resolve };
      observation = probe(request);
      pending.set(key, observation);
    }
    return observation;
  };
}
