import { createSecureContext } from 'node:tls';
import { runCurlBatch } from './curl-timings.js';
import { describeOutcome } from './frontdoor-probe.js';
import { median } from './stats.js';

/**
 * @typedef {object} PhaseComparison
 * @property {'connect' | 'tls' | 'first byte' | 'tls, less a context build'} phase
 * @property {number} frontdoorMs median
 * @property {number} curlMs median
 */

/** Transfers per curl process after its discarded first one; frontdoor probes alternate in blocks this size. */
const BLOCK = 10;

/**
 * Alternates blocks of sequential frontdoor probes and curl transfers (one at a time, so both see the same
 * quiet machine) until each has `runs` samples; returns the medians of connect, TLS and first-byte times.
 * @param {{ observe: () => Promise<import('../src/probe/observation.js').ProbeObservation> }} frontdoor
 * @param {Parameters<typeof runCurlBatch>[0]} server
 * @param {number} runs
 * @returns {Promise<{ phases: PhaseComparison[]; frontdoorFailed: number; contextBuildMs: number }>}
 */
export async function comparePhaseTimings(frontdoor, server, runs) {
  /** @type {Record<'connect' | 'tls' | 'ttfb', number[]>} */
  const ours = { connect: [], tls: [], ttfb: [] };
  /** @type {Record<'connect' | 'tls' | 'ttfb', number[]>} */
  const curls = { connect: [], tls: [], ttfb: [] };
  let frontdoorFailed = 0;
  for (let done = 0; done < runs; done += BLOCK) {
    const size = Math.min(BLOCK, runs - done);
    for (let i = 0; i < size; i += 1) {
      const observation = await frontdoor.observe();
      const { connect, tls, ttfb } = observation.timings;
      if (
        describeOutcome(observation) !== true ||
        connect === undefined ||
        tls === undefined ||
        ttfb === undefined
      ) {
        frontdoorFailed += 1;
        continue;
      }
      ours.connect.push(connect);
      ours.tls.push(tls);
      ours.ttfb.push(ttfb);
    }
    // The first transfer of each curl process pays its one-time CA load and context setup: dropped.
    const transfers = (await runCurlBatch(server, size + 1)).slice(1);
    for (const times of transfers) {
      curls.connect.push(times.connectMs);
      curls.tls.push(times.tlsMs);
      curls.ttfb.push(times.ttfbMs);
    }
  }
  const contextBuildMs = measureContextBuildMs();
  const ourTls = median(ours.tls);
  const curlTls = median(curls.tls);
  return {
    frontdoorFailed,
    contextBuildMs,
    phases: [
      { phase: 'connect', frontdoorMs: median(ours.connect), curlMs: median(curls.connect) },
      { phase: 'tls', frontdoorMs: ourTls, curlMs: curlTls },
      { phase: 'tls, less a context build', frontdoorMs: ourTls, curlMs: curlTls - contextBuildMs },
      { phase: 'first byte', frontdoorMs: median(ours.ttfb), curlMs: median(curls.ttfb) },
    ],
  };
}

/**
 * Median time to build a TLS context on this machine. curl builds a fresh OpenSSL context for every
 * connection (only its CA store is cached), after TCP is up, so each of its TLS intervals includes one;
 * frontdoor builds one per CA set, before any probe. The build here goes through Node's OpenSSL 3.0 (curl's
 * is the system's 3.0), so it stands in for curl's, approximately.
 * @param {number} [samples]
 * @returns {number}
 */
export function measureContextBuildMs(samples = 41) {
  const times = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    createSecureContext();
    times.push(performance.now() - started);
  }
  return median(times);
}
