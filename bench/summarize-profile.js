import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Reads V8 .cpuprofile files (node --cpu-prof, see profile-probe.js) and prints where the CPU went, per
 * probe: self time by function, and inclusive time of the project's own functions, mapped from dist/*.js
 * back to src/*.ts lines through the build's source maps. Given a second profile (the bare loop), it prints
 * the per-probe difference by function instead: what frontdoor spends that the bare loop does not (negative: what it spares).
 *   node bench/summarize-profile.js FRONTDOOR.cpuprofile:PROBES [BARE.cpuprofile:PROBES] [--top N]
 */

/**
 * @typedef {{ functionName: string; url: string; lineNumber: number; columnNumber: number }} CallFrame
 * @typedef {{ id: number; callFrame: CallFrame; children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }} CpuProfile
 * @typedef {{ self: Map<string, number>; inclusive: Map<string, number>; busyUs: number }} Summary
 */

/** @type {Map<string, SourceMap | undefined>} */
const sourceMaps = new Map();

/**
 * @param {CallFrame} frame
 * @returns {string} "name src/probe/x.ts:12" for project code, "name (node:net)" otherwise
 */
function locate(frame) {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url.startsWith('file://')) return frame.url === '' ? name : `${name} (${frame.url})`;
  const path = fileURLToPath(frame.url);
  if (!sourceMaps.has(path)) {
    try {
      sourceMaps.set(path, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))));
    } catch {
      sourceMaps.set(path, undefined);
    }
  }
  const entry = sourceMaps.get(path)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry !== undefined && 'originalSource' in entry) {
    return `${name} ${entry.originalSource.replace(/^.*\/(src\/)/, '$1')}:${entry.originalLine + 1}`;
  }
  return `${name} ${path.replace(/^.*\/(dist|bench|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`;
}

/**
 * @param {string} path
 * @returns {Summary} microseconds by function, idle excluded
 */
function summarize(path) {
  /** @type {CpuProfile} */
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const inclusiveUs = new Map();
  /** @param {number} id @returns {number} */
  const inclusive = (id) => {
    const known = inclusiveUs.get(id);
    if (known !== undefined) return known;
    const children = byId.get(id)?.children ?? [];
    const total = (selfUs.get(id) ?? 0) + children.reduce((sum, child) => sum + inclusive(child), 0);
    inclusiveUs.set(id, total);
    return total;
  };
  /** @type {Summary} */
  const summary = { self: new Map(), inclusive: new Map(), busyUs: 0 };
  for (const node of profile.nodes) {
    const key = locate(node.callFrame);
    if (key === '(idle)') continue;
    const us = selfUs.get(node.id) ?? 0;
    summary.busyUs += us;
    summary.self.set(key, (summary.self.get(key) ?? 0) + us);
    // Project functions do not recurse into themselves within a probe, so summing nodes does not double count.
    if (key.includes(' src/'))
      summary.inclusive.set(key, (summary.inclusive.get(key) ?? 0) + inclusive(node.id));
  }
  return summary;
}

/** @param {string} argument "FILE.cpuprofile:PROBES" */
function parseProfileArgument(argument) {
  const at = argument.lastIndexOf(':');
  const probes = Number(argument.slice(at + 1));
  if (at === -1 || !Number.isInteger(probes) || probes <= 0) {
    throw new Error(`expected FILE.cpuprofile:PROBES, got '${argument}'`);
  }
  return { path: argument.slice(0, at), probes };
}

/** @param {number} us */
const perProbe = (us) => `${us.toFixed(1).padStart(8)} µs`;

/**
 * @param {Map<string, number>} map
 * @param {number} top
 * @param {(us: number) => number} [order]
 */
function sortedTop(map, top, order = (us) => us) {
  return [...map].sort((a, b) => order(b[1]) - order(a[1])).slice(0, top);
}

function main() {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt === -1 ? 25 : Number(args[topAt + 1]);
  const files = args.filter((_, i) => i !== topAt && i !== topAt + 1);
  const [oursArgument, floorArgument] = files;
  if (oursArgument === undefined) {
    process.stderr.write(
      'usage: node bench/summarize-profile.js OURS.cpuprofile:PROBES [FLOOR.cpuprofile:PROBES] [--top N]\n',
    );
    process.exitCode = 2;
    return;
  }
  const ours = parseProfileArgument(oursArgument);
  const oursSummary = summarize(ours.path);
  /** @param {Map<string, number>} map @param {number} probes */
  const normalize = (map, probes) => new Map([...map].map(([key, us]) => [key, us / probes]));
  const oursSelf = normalize(oursSummary.self, ours.probes);
  console.log(`${ours.path}: ${perProbe(oursSummary.busyUs / ours.probes)} of CPU per probe (profiler on)`);

  if (floorArgument === undefined) {
    console.log(`\nself time per probe, top ${top}:`);
    for (const [key, us] of sortedTop(oursSelf, top)) console.log(`${perProbe(us)}  ${key}`);
  } else {
    const floor = parseProfileArgument(floorArgument);
    const floorSummary = summarize(floor.path);
    const floorSelf = normalize(floorSummary.self, floor.probes);
    console.log(
      `${floor.path}: ${perProbe(floorSummary.busyUs / floor.probes)} of CPU per probe (profiler on)`,
    );
    /** @type {Map<string, number>} */
    const difference = new Map();
    for (const key of new Set([...oursSelf.keys(), ...floorSelf.keys()])) {
      difference.set(key, (oursSelf.get(key) ?? 0) - (floorSelf.get(key) ?? 0));
    }
    console.log(`\nself time per probe, ours minus floor, top ${top} by size:`);
    for (const [key, us] of sortedTop(difference, top, Math.abs)) {
      console.log(`${perProbe(us)}  ${key}`);
    }
  }
  console.log('\ninclusive time per probe of project functions (src/):');
  for (const [key, us] of sortedTop(normalize(oursSummary.inclusive, ours.probes), top)) {
    console.log(`${perProbe(us)}  ${key}`);
  }
}

main();
