import { formatMilliseconds } from '../format/format-milliseconds.js';
import { effectivePort } from '../probe/effective-port.js';
import { pinForHop } from '../probe/follow-redirect.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { DeadAddress, HttpObservation, ProbeObservation } from '../probe/observation.js';
import { stripBrackets } from '../probe/strip-brackets.js';

/**
 * Small, pure readers over an observation that several rules share: header values, the server's product,
 * the page title, durations as people read them, and the address a probe talked to.
 */

/** A header's value with repeated values joined, or undefined when absent. Names are lower-cased by the probe. */
export function readHeader(http: HttpObservation, name: string): string | undefined {
  const value = http.headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** "nginx/1.22.1" -> "nginx"; absent header -> undefined. */
export function readServerProduct(http: HttpObservation): string | undefined {
  const server = readHeader(http, 'server');
  if (server === undefined || server.trim() === '') return undefined;
  return server.trim().split(/[/\s]/)[0];
}

/** The page's <title>, whitespace collapsed, or undefined. */
export function readTitle(body: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body);
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title === undefined || title === '' ? undefined : title;
}

/**
 * The pin that applied to the probe's last hop (see pinForHop) and that hop's port: after a redirect to
 * another name or port, the original pin and port no longer say where the probe went.
 */
function lastHopTarget(observation: ProbeObservation): { host: string; port: number; pinned: boolean } {
  const url = new URL(observation.url);
  const pin = pinForHop(url, new URL(observation.request.url), observation.request.connectTo);
  const port = pin?.port ?? effectivePort(url);
  return pin === undefined
    ? { host: stripBrackets(url.hostname), port, pinned: false }
    : { host: pin.host, port, pinned: true };
}

/**
 * The address:port the probe talked to (or tried to) on its last hop: the completed connection, else the last
 * address it dialled, else the pin, else the first resolved address, else the URL's host.
 */
export function describeEndpoint(observation: ProbeObservation): string {
  if (observation.connect !== undefined)
    return formatHostPort(observation.connect.address, observation.connect.port);
  const dialled = observation.deadAddresses?.at(-1);
  if (dialled !== undefined) return formatHostPort(dialled.address, dialled.port);
  const { host, port, pinned } = lastHopTarget(observation);
  const first = observation.dns?.addresses[0];
  if (!pinned && first !== undefined) return formatHostPort(first.address, port);
  return formatHostPort(host, port);
}

/** The port part of describeEndpoint, for "who owns :443" advice. */
export function describePort(observation: ProbeObservation): number {
  return (
    observation.connect?.port ?? observation.deadAddresses?.at(-1)?.port ?? lastHopTarget(observation).port
  );
}

/** The hostname the last hop asked for: the URL's, or a redirect's when the probe followed one. */
export function describeHostname(observation: ProbeObservation): string {
  return stripBrackets(new URL(observation.url).hostname);
}

/**
 * Addresses that did not get through, as evidence: "127.1.2.3:443 (connect_timeout, no answer in 251 ms),
 * 127.1.2.4:443 (connect_refused, ECONNREFUSED after 0.2 ms)".
 */
export function describeDeadAddresses(dead: readonly DeadAddress[]): string {
  return dead
    .map((entry) => {
      const where = formatHostPort(entry.address, entry.port);
      const how =
        entry.errorCode === undefined
          ? `no answer in ${formatMilliseconds(entry.durationMs)}`
          : `${entry.errorCode} after ${formatMilliseconds(entry.durationMs)}`;
      return `${where} (${entry.code}, ${how})`;
    })
    .join(', ');
}

/** Quote a bit of response text for evidence, keeping one line short. */
export function quote(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `'${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}'`;
}

/** "502 Bad Gateway", or just "521" when the status line carries no reason phrase. */
export function formatStatus(http: HttpObservation): string {
  return http.statusText === '' ? String(http.status) : `${http.status} ${http.statusText}`;
}
