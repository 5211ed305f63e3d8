import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent. Left to
 * itself V8 picks 1.1x to 4x by how fast it collects against how fast the program allocates, so the same
 * watch held 160 MB of heap on one run and 320 MB on the next (npm run bench:watch). A daemon that keeps
 * each target's latest round for a whole interval promotes a steady trickle of garbage; 1.4x keeps its
 * footprint near its live set for the price of a short, mostly concurrent full collection every few seconds.
 */
export const HEAP_GROWING_PERCENT = 40;

/** The V8 flag serve sets, or undefined when the operator chose a growth of their own. */
export function chooseHeapGrowthFlag(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): string | undefined {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (given.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/**
 * Sets the growth for this process. V8 reads this flag at every full collection (unlike the heap's size
 * limits, which are fixed when the process starts), so setting it at run time takes effect.
 * Returns the flag set, if any.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): string | undefined {
  const flag = chooseHeapGrowthFlag(execArgv, nodeOptions);
  if (flag !== undefined) setFlagsFromString(flag);
  return flag;
}
