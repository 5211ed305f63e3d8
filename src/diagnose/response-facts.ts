import { effectivePort } from '../probe/effective-port.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { HttpObservation, ProbeObservation } from '../probe/observation.js';
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

/** Durations as an operator reads them: "0.3 ms", "3.8 ms", "182 ms", "2.4 s". */
export function formatMs(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * The address:port the probe talked to (or tried to): the completed connection, else the pinned
 * connect-to, else the first resolved address, else the URL's host.
 */
export function describeEndpoint(observation: ProbeObservation): string {
  const port = observation.request.connectTo?.port ?? effectivePort(new URL(observation.request.url));
  if (observation.connect !== undefined)
    return formatHostPort(observation.connect.address, observation.connect.port);
  if (observation.request.connectTo !== undefined)
    return formatHostPort(observation.request.connectTo.host, port);
  const first = observation.dns?.addresses[0];
  if (first !== undefined) return formatHostPort(first.address, port);
  return formatHostPort(stripBrackets(new URL(observation.request.url).hostname), port);
}

/** The port part of describeEndpoint, for "who owns :443" advice. */
export function describePort(observation: ProbeObservation): number {
  return (
    observation.connect?.port ??
    observation.request.connectTo?.port ??
    effectivePort(new URL(observation.request.url))
  );
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
