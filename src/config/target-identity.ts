import type { Target } from './target.js';

/**
 * A target's stable identity: site, hostname, path (with query) and path taken, e.g.
 * `shop:shop.example.com/health@web1`. Two sites may share a hostname with different paths, so the
 * display name alone ("shop.example.com via edge") cannot key samples, stored rounds or incidents.
 * A URL given on the command line has no site: its id is the whole URL and the path taken.
 * @example siteTargetId('shop', new URL('https://shop.example.com/health'), 'web1')
 *   // 'shop:shop.example.com/health@web1'
 */
export function siteTargetId(site: string, url: URL, via: string): string {
  return `${site}:${url.host}${url.pathname}${url.search}@${via}`;
}

/** @example urlTargetId(new URL('https://a.test/health'), 'edge') // 'https://a.test/health@edge' */
export function urlTargetId(url: URL, via: string): string {
  return `${url.href}@${via}`;
}

/**
 * Makes ids and display names unique within one run, in place. A name shared by targets that differ in
 * URL gains the path ("shop.example.com/api via edge"); any id still repeated (the same URL given twice)
 * gains "#2", "#3", ... in order, so the first keeps its plain id.
 */
export function disambiguateTargets<T extends Target>(targets: T[]): T[] {
  const urlsByName = new Map<string, Set<string>>();
  for (const target of targets) {
    const urls = urlsByName.get(target.name) ?? new Set<string>();
    urlsByName.set(target.name, urls.add(target.url));
  }
  for (const target of targets) {
    if ((urlsByName.get(target.name)?.size ?? 0) < 2) continue;
    const url = new URL(target.url);
    target.name = `${url.host}${url.pathname}${url.search} via ${target.via}`;
  }
  const seenIds = new Map<string, number>();
  for (const target of targets) {
    const seen = (seenIds.get(target.id) ?? 0) + 1;
    seenIds.set(target.id, seen);
    if (seen > 1) target.id = `${target.id}#${seen}`;
  }
  const seenNames = new Map<string, number>();
  for (const target of targets) {
    const seen = (seenNames.get(target.name) ?? 0) + 1;
    seenNames.set(target.name, seen);
    if (seen > 1) target.name = `${target.name} #${seen}`;
  }
  return targets;
}
