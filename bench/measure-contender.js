import { readFileSync } from 'node:fs';
import { createGarbageCollector } from './collect-garbage.js';
import { driveConcurrent } from './drive-concurrent.js';

const collectGarbage = createGarbageCollector();

/**
 * @typedef {object} Contender
 * @property {string} name
 * @property {() => Promise<true | string>} probeOnce
 * @property {() => number} readCpuMs CPU milliseconds used so far by whoever makes the probes
 * @property {() => MemoryReading} readMemory memory of whoever makes the probes
 */

/**
 * @typedef {object} MemoryReading
 * @property {number} rssBytes resident set size
 * @property {number} heapBytes JS heap in use after a full collection (NaN for another process)
 */

/**
 * @typedef {object} RoundResult
 * @property {number} probes
 * @property {number} failed
 * @property {string | undefined} firstFailure
 * @property {number} elapsedMs
 * @property {number} cpuMs client CPU spent during the round
 * @property {number} serverCpuMs nginx CPU (master + workers) spent during the round
 * @property {number} rssDeltaBytes
 * @property {number} heapDeltaBytes
 */

/** A contender measured inside this very process: its CPU is this process's. */
export function readOwnCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * This process's memory after a full collection, so deltas show retained memory, not garbage. RSS also
 * grows in steps while malloc's arenas settle under TLS load and then plateaus; the heap shows leaks.
 * @returns {MemoryReading}
 */
export function readOwnMemory() {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapBytes: usage.heapUsed };
}

/**
 * Resident memory of another process, from /proc/PID/status; its heap is not visible from outside.
 * @param {number} pid
 * @returns {MemoryReading}
 */
export function readProcessMemory(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { rssBytes: match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024, heapBytes: Number.NaN };
}

/**
 * Runs one bounded round of a contender and reads CPU and memory around it.
 * @param {Contender} contender
 * @param {import('./drive-concurrent.js').DriveLimits} limits
 * @param {() => number} readServerCpuMs
 * @returns {Promise<RoundResult>}
 */
export async function measureRound(contender, limits, readServerCpuMs) {
  const memoryBefore = contender.readMemory();
  const serverBefore = readServerCpuMs();
  const cpuBefore = contender.readCpuMs();
  const driven = await driveConcurrent(limits, contender.probeOnce);
  const cpuAfter = contender.readCpuMs();
  const serverAfter = readServerCpuMs();
  const memoryAfter = contender.readMemory();
  return {
    probes: driven.probes,
    failed: driven.failed,
    firstFailure: driven.firstFailure,
    elapsedMs: driven.elapsedMs,
    cpuMs: cpuAfter - cpuBefore,
    serverCpuMs: serverAfter - serverBefore,
    rssDeltaBytes: memoryAfter.rssBytes - memoryBefore.rssBytes,
    heapDeltaBytes: memoryAfter.heapBytes - memoryBefore.heapBytes,
  };
}

/**
 * Warms each contender up, then runs `options.rounds` rounds in which the contenders take turns, in an order
 * that rotates every round so that drift in the machine's load never favours the same one. Progress goes to
 * stderr.
 * @param {Contender[]} contenders
 * @param {{ warmup: number; rounds: number; count: number; durationMs: number; concurrency: number }} options
 * @param {() => number} readServerCpuMs
 * @returns {Promise<Map<string, RoundResult[]>>} each contender's rounds, by name
 */
export async function runRotatingRounds(contenders, options, readServerCpuMs) {
  // V8 goes on optimizing the probe path for ~5000 probes; until then its compiles land in the rounds. The time
  // cap only guards against a contender that is far slower than expected.
  const warmupLimits = { count: options.warmup, durationMs: 30_000, concurrency: options.concurrency };
  for (const contender of contenders) {
    if (options.warmup === 0) continue;
    const warmed = await measureRound(contender, warmupLimits, readServerCpuMs);
    process.stderr.write(
      `  warm-up ${contender.name}: ${warmed.probes} probes in ${(warmed.elapsedMs / 1000).toFixed(2)} s\n`,
    );
  }

  /** @type {Map<string, RoundResult[]>} */
  const rounds = new Map(contenders.map((c) => [c.name, []]));
  const limits = { count: options.count, durationMs: options.durationMs, concurrency: options.concurrency };
  for (let round = 0; round < options.rounds; round += 1) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const contender of order) {
      if (contender === undefined) continue;
      const result = await measureRound(contender, limits, readServerCpuMs);
      rounds.get(contender.name)?.push(result);
      process.stderr.write(
        `  round ${round + 1} ${contender.name}: ${result.probes} probes in ${(result.elapsedMs / 1000).toFixed(2)} s` +
          `${result.failed > 0 ? `, ${result.failed} failed (${result.firstFailure})` : ''}\n`,
      );
    }
  }
  return rounds;
}
