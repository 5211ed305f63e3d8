import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand, without asking whoever runs `npm run bench` for --expose-gc:
 * the flag is set at run time and a fresh context picks up the `gc` global it creates. Used only around
 * the memory readings, so RSS deltas show what probes retain rather than when V8 last collected.
 * @returns {() => void}
 */
export function createGarbageCollector() {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc');
  if (typeof collect !== 'function') throw new Error('could not expose the garbage collector');
  return () => collect();
}
