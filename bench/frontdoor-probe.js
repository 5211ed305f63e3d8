import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../dist/probe/probe-options.js';
import { runProbe } from '../dist/probe/run-probe.js';

/**
 * What frontdoor does for one target: the real runProbe with the default timeouts and body cap, the name
 * pinned to the bench address with a fixed `resolve` answer (like curl --resolve), redirects not followed.
 * @param {{ url: string; hostname: string; address: string }} server
 * @param {import('../src/probe/tls-settings.js').TlsSettings} tls
 */
export function createFrontdoorProbe(server, tls) {
  /** @type {import('../src/probe/observation.js').ProbeRequest} */
  const request = { url: server.url, resolve: { [server.hostname]: server.address } };
  /** @type {import('../src/probe/probe-options.js').ProbeOptions} */
  const options = { timeouts: DEFAULT_TIMEOUTS, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, follow: 0, tls };
  return {
    /** @returns {Promise<import('../src/probe/observation.js').ProbeObservation>} */
    observe: () => runProbe(request, options),
    /** @returns {Promise<true | string>} */
    probeOnce: async () => describeOutcome(await runProbe(request, options)),
  };
}

/**
 * @param {import('../src/probe/observation.js').ProbeObservation} observation
 * @returns {true | string}
 */
export function describeOutcome(observation) {
  if (observation.failure !== undefined) {
    return `${observation.failure.phase} ${observation.failure.code}: ${observation.failure.detail}`;
  }
  if (observation.tls?.authorized !== true) return 'certificate not verified';
  if (observation.http?.status !== 200) return `status ${observation.http?.status}`;
  return true;
}
