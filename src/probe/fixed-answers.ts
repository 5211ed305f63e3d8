import { toHostKey } from './host-key.js';

/**
 * Fixed DNS answers, hostname -> address (a configuration's `resolve:` map, curl's --resolve). One map
 * serves a whole run: targets and probe requests hold the same object by reference and never copy it, so a
 * 10,000-name map costs its size once, not once per target.
 */
export type FixedAnswers = Readonly<Record<string, string>>;

// Each map is indexed once, by the normalised name, the first time a probe asks it anything; keyed by the
// map's identity so an index lives exactly as long as the map. Maps are not changed after probing starts
// (the configuration's is frozen), so an index never goes stale.
const indexes = new WeakMap<FixedAnswers, ReadonlyMap<string, string>>();

/**
 * Builds the lookup index of a map: host key (host-key.ts: lower-case, punycode, no trailing dot) -> address.
 * When two entries share a key, the one already written as its key wins, then the first in the map's
 * order; an entry that is no domain name has no key and never answers.
 */
export function indexFixedAnswers(answers: FixedAnswers): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  for (const name of Object.keys(answers)) {
    const key = toHostKey(name);
    if (key === undefined) continue;
    if (!index.has(key) || key === name) index.set(key, answers[name] as string);
  }
  return index;
}

/**
 * The fixed answer for a host `key` (toHostKey, or toUrlHostKey of a URL's host), or undefined: the one
 * lookup of fixed answers, in constant time after the map's one-off index. Configured names are keyed the
 * same way when the index is built, so "Shop.Example." and "bücher.example" meet the hosts they name.
 * @example findFixedAnswer({ 'Shop.Example.com.': '10.0.0.11' }, 'shop.example.com') // '10.0.0.11'
 */
export function findFixedAnswer(answers: FixedAnswers | undefined, key: string): string | undefined {
  if (answers === undefined) return undefined;
  let index = indexes.get(answers);
  if (index === undefined) {
    index = indexFixedAnswers(answers);
    indexes.set(answers, index);
  }
  return index.get(key);
}

/**
 * One shared, frozen map holding `base` overlaid with `extra`, for handing to every target of a run: an
 * entry of `extra` replaces the entry of `base` for the same host key (whatever its case or trailing dot). Copies once; returns
 * `base` itself when it is already shared and there is nothing to add.
 */
export function shareFixedAnswers(base: FixedAnswers | undefined, extra?: FixedAnswers): FixedAnswers {
  const keyOf = (name: string) => toHostKey(name) ?? name;
  const extraKeys = new Set(Object.keys(extra ?? {}).map(keyOf));
  if (base !== undefined && Object.isFrozen(base) && extraKeys.size === 0) return base;
  const merged: Record<string, string> = {};
  for (const [name, address] of Object.entries(base ?? {})) {
    if (!extraKeys.has(keyOf(name))) merged[name] = address;
  }
  return Object.freeze(Object.assign(merged, extra));
}
