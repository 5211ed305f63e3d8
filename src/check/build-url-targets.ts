import type { Expectations, Target } from '../config/target.js';
import { disambiguateTargets, urlTargetId } from '../config/target-identity.js';
import { type FixedAnswers, shareFixedAnswers } from '../probe/fixed-answers.js';
import type { ConnectTo } from '../probe/observation.js';
import { formatConnectTo } from './format-connect-to.js';

export interface UrlTargetOptions {
  /** pin every URL to this address (curl --connect-to); SNI and Host stay the URL's */
  connectTo?: ConnectTo;
  resolve?: FixedAnswers;
  expect: Expectations;
}

/**
 * The path a URL from the command line takes when it is not pinned: wherever DNS (or --resolve) sends it.
 * Nothing says a CDN edge stands there, so it is not called one.
 */
export const URL_VIA = 'dns';

/**
 * Targets for URLs given on the command line. An unpinned URL goes where DNS answers (`via` 'dns'); a pinned
 * URL is named after the address it is pinned to, which also serves as its origin so findings can group
 * several URLs on one box.
 * @example buildUrlTargets([new URL('https://a.test/')], { connectTo: { host: '10.0.0.1' }, expect })
 *   // [{ name: 'https://a.test/ via 10.0.0.1:443', via: '10.0.0.1:443', origin: '10.0.0.1:443', ... }]
 */
export function buildUrlTargets(urls: readonly URL[], options: UrlTargetOptions): Target[] {
  const resolve =
    options.resolve !== undefined && Object.keys(options.resolve).length > 0
      ? shareFixedAnswers(options.resolve)
      : undefined;
  const targets = urls.map((url) => {
    const target: Target = {
      id: urlTargetId(url, URL_VIA),
      name: url.href,
      url: url.href,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      via: URL_VIA,
      method: 'GET',
      headers: {},
      expect: { ...options.expect },
    };
    if (options.connectTo !== undefined) {
      const address = formatConnectTo(options.connectTo, url);
      target.id = urlTargetId(url, address);
      target.name = `${url.href} via ${address}`;
      target.via = address;
      target.origin = address;
      target.connectTo = { ...options.connectTo };
    }
    if (resolve !== undefined) target.resolve = resolve;
    return target;
  });
  return disambiguateTargets(targets);
}
