import { isIPv6 } from 'node:net';
import { FrontdoorError } from '../errors.js';
import { effectivePort } from '../probe/effective-port.js';
import { type FixedAnswers, shareFixedAnswers } from '../probe/fixed-answers.js';
import type { FrontdoorConfig, SiteConfig } from './config-types.js';
import { readJsonPath } from './json-path.js';
import type { Expectations, JsonExpectation, Target } from './target.js';
import { disambiguateTargets, siteTargetId } from './target-identity.js';

/** Where the served version is read from when a site does not say. */
export const DEFAULT_VERSION_HEADER = 'x-app-version';

/** A site that sends a body and names no method posts it, as curl -d does. */
const METHOD_WITH_BODY = 'POST';

/**
 * Expands sites into targets: each hostname (the URL's, then its aliases) through the edge (unless the site
 * says `edge: false`), then each hostname pinned to each of the site's origins. Aliases keep the URL's
 * scheme, port, path and query.
 * @example expandTargets(config, { site: 'shop' })[0]?.name // "shop.example.com via edge"
 * @throws FrontdoorError FD_ERR_SITE_UNKNOWN when `site` names no configured site
 */
export function expandTargets(config: FrontdoorConfig, options: { site?: string } = {}): Target[] {
  const sites = Object.values(config.sites);
  if (options.site !== undefined && !(options.site in config.sites)) {
    const known =
      sites.length > 0 ? `known: ${sites.map((s) => s.name).join(', ')}` : 'no sites are configured';
    throw new FrontdoorError('FD_ERR_SITE_UNKNOWN', `unknown site '${options.site}' (${known})`);
  }
  const chosen = options.site === undefined ? sites : sites.filter((site) => site.name === options.site);
  // One frozen map for every edge target: copying it per target made a 10,000-name map cost 10,000 x 10,000.
  const resolve = shareFixedAnswers(config.resolve);
  const targets: Target[] = [];
  for (const site of chosen) {
    for (const target of expandSite(config, site, resolve)) targets.push(target);
  }
  return disambiguateTargets(targets);
}

function expandSite(config: FrontdoorConfig, site: SiteConfig, resolve: FixedAnswers): Target[] {
  const siteUrl = new URL(site.url);
  const hostnames = [...new Set([siteUrl.hostname, ...site.aliases.map(asUrlHostname)])];
  const defaultPort = effectivePort(siteUrl);
  const alerts = site.environment !== undefined ? config.environments[site.environment]?.alerts : undefined;
  const catchAll = site.catchAll ?? config.catchAll;
  const base = (hostname: string, via: string) => {
    const url = new URL(siteUrl);
    url.hostname = hostname;
    const target: Omit<Target, 'name' | 'via'> = {
      id: siteTargetId(site.name, url, via),
      url: url.href,
      hostname,
      site: site.name,
      method: site.method ?? (site.requestBody === undefined ? 'GET' : METHOD_WITH_BODY),
      headers: { ...site.headers },
      expect: expectationsOf(site),
    };
    if (site.requestBody !== undefined) target.body = site.requestBody;
    if (site.environment !== undefined) target.environment = site.environment;
    if (site.allowInsecureRedirect === true) target.allowInsecureRedirect = true;
    if (site.http !== undefined) target.http = site.http;
    if (alerts !== undefined) target.alerts = alerts;
    if (catchAll === false) target.catchAll = false;
    return target;
  };

  const edgeHostnames = site.edge === false ? [] : hostnames;
  const targets: Target[] = edgeHostnames.map((hostname) => ({
    ...base(hostname, 'edge'),
    name: `${hostname} via edge`,
    via: 'edge',
    resolve,
  }));
  for (const hostname of hostnames) {
    for (const originName of site.origins) {
      const origin = config.origins[originName];
      // parseConfig already refuses this; a configuration built in code may still get it wrong.
      if (origin === undefined) {
        throw new FrontdoorError(
          'FD_ERR_CONFIG_SCHEMA',
          `sites.${site.name}.origins: unknown origin '${originName}'`,
        );
      }
      targets.push({
        ...base(hostname, originName),
        name: `${hostname} via ${originName}`,
        via: originName,
        origin: originName,
        connectTo: { host: origin.host, port: origin.port ?? defaultPort },
      });
    }
  }
  return targets;
}

function expectationsOf(site: SiteConfig): Expectations {
  const {
    status,
    body,
    headers,
    version,
    versionHeader,
    maxLatencyMs,
    bodyRegex,
    json,
    certMinDays,
    httpVersion,
  } = site.expect;
  const expect: Expectations = { versionHeader: (versionHeader ?? DEFAULT_VERSION_HEADER).toLowerCase() };
  if (status !== undefined) expect.status = [...status];
  if (body !== undefined) expect.body = body;
  if (headers !== undefined) {
    expect.headers = Object.entries(headers).map(([name, value]) => ({ name: name.toLowerCase(), value }));
  }
  if (version !== undefined) expect.version = version;
  if (maxLatencyMs !== undefined) expect.maxLatencyMs = maxLatencyMs;
  if (bodyRegex !== undefined) {
    expect.bodyPatterns = [{ shown: bodyRegex, source: bodyRegex, flags: '', must: 'match' }];
  }
  if (json !== undefined) expect.json = toJsonExpectations(json);
  if (certMinDays !== undefined) expect.certMinDays = certMinDays;
  // As the answer's version reads: HTTP/2 is "2.0" there, as in Go's and Node's Proto.
  if (httpVersion !== undefined) expect.httpVersions = [`HTTP/${httpVersion === '2' ? '2.0' : httpVersion}`];
  return expect;
}

/** `expect.json` entries with their paths parsed (parseConfig already refused any that do not parse). */
export function toJsonExpectations(entries: Record<string, unknown>): JsonExpectation[] {
  return Object.entries(entries).map(([path, value]) => {
    const read = readJsonPath(path);
    if (!read.ok) throw new FrontdoorError('FD_ERR_CONFIG_SCHEMA', read.problem);
    return { path, steps: read.value, value };
  });
}

/** Aliases are stored bare; an IPv6 literal needs its brackets to sit in a URL. */
function asUrlHostname(alias: string): string {
  return isIPv6(alias) ? `[${alias}]` : alias.toLowerCase();
}
