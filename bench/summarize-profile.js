import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: self time by function, and
 * inclusive time of every function in the project's own code, mapped from dist/*.js back to src/*.ts lines
 * through the build's source maps. Usage: node bench/summarize-profile.js FILE.cpuprofile [TOP]
 */

/**
 * @typedef {{ functionName: string; url: string; lineNumber: number; columnNumber: number }} CallFrame
 * @typedef {{ id: number; callFrame: CallFrame; children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }} CpuProfile
 */

/** @type {Map<string, SourceMap | undefined>} */
const sourceMaps = new Map();

/**
 * @param {CallFrame} frame
 * @returns {string} "name src/probe/x.ts:12" for project code, "name (url:line)" otherwise
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
  const map = sourceMaps.get(path);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry !== undefined && 'originalSource' in entry) {
    const source = entry.originalSource.replace(/^.*\/(src\/)/, '$1');
    return `${name} ${source}:${entry.originalLine + 1}`;
  }
  return `${name} ${path.replace(/^.*\/(dist|bench|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`;
}

/** @param {string} path @param {number} top */
function summarize(path, top) {
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
    const node = byId.get(id);
    const total =
      (selfUs.get(id) ?? 0) + (node?.children ?? []).reduce((sum, child) => sum + inclusive(child), 0);
    inclusiveUs.set(id, total);
    return total;
  };

  /** @type {Map<string, number>} */
  const selfByFunction = new Map();
  /** @type {Map<string, number>} */
  const inclusiveByFunction = new Map();
  for (const node of profile.nodes) {
    const key = locate(node.callFrame);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + (selfUs.get(node.id) ?? 0));
    if (key.includes(' src/')) {
      // Recursion would count twice; project code here does not recurse into itself in a probe.
      inclusiveByFunction.set(key, (inclusiveByFunction.get(key) ?? 0) + inclusive(node.id));
    }
  }
  const totalUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const idleUs = [...selfByFunction]
    .filter(([key]) => key.startsWith('(idle)'))
    .reduce((s, [, us]) => s + us, 0);
  const busyUs = totalUs - idleUs;
  const line = (/** @type {string} */ key, /** @type {number} */ us) =>
    `${(us / 1000).toFixed(1).padStart(9)} ms ${((us / busyUs) * 100).toFixed(1).padStart(5)}%  ${key}`;

  console.log(
    `${path}: ${(busyUs / 1000).toFixed(0)} ms on CPU of ${(totalUs / 1000).toFixed(0)} ms sampled`,
  );
  console.log(`\nself time, top ${top} (percent of CPU time, idle excluded):`);
  for (const [key, us] of [...selfByFunction]
    .filter(([key]) => !key.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(line(key, us));
  }
  console.log('\ninclusive time of project functions (src/):');
  for (const [key, us] of [...inclusiveByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(line(key, us));
  }
}

const [path, topText] = process.argv.slice(2);
if (path === undefined) {
  process.stderr.write('usage: node bench/summarize-profile.js FILE.cpuprofile [TOP]\n');
  process.exitCode = 2;
} else {
  summarize(path, Number(topText ?? 25));
}
