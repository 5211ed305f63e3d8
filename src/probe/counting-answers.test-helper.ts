import type { FixedAnswers } from './fixed-answers.js';

/**
 * A map whose key listings and property reads are counted (the work done on it, whatever the caller), and
 * which throws once they pass `limit`, so a quadratic regression fails at once instead of running for minutes.
 */
export function countingAnswers(
  entries: Record<string, string>,
  limit: number,
): { answers: FixedAnswers; reads: () => number } {
  let reads = 0;
  const count = () => {
    reads += 1;
    if (reads > limit) throw new RangeError(`the resolve map was read more than ${limit} times`);
  };
  const answers = new Proxy(entries, {
    get(target, key, receiver) {
      count();
      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      count();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      count();
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  return { answers, reads: () => reads };
}
