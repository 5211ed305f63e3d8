import { createHash } from 'node:crypto';
import type { HttpObservation } from '../probe/observation.js';
import { formatStatus, readHeader, readTitle } from './response-facts.js';
import type { RuleContext } from './rule-context.js';

/** Same status, same server header, and the same page (identical body, or same title and length). */
export function isSameResponse(a: HttpObservation, b: HttpObservation): boolean {
  if (a.status !== b.status || readHeader(a, 'server') !== readHeader(b, 'server')) return false;
  if (a.body === b.body) return true;
  const title = readTitle(a.body);
  return title !== undefined && title === readTitle(b.body) && a.bodyBytes === b.bodyBytes;
}

/** Whether this answer is the one the same door gives a Host it cannot have (the catch-all probe's). */
export function echoesCatchAll(ctx: RuleContext): boolean {
  const { http } = ctx.observation;
  const catchAll = ctx.catchAll;
  if (http === undefined || catchAll?.http === undefined || catchAll.failure !== undefined) return false;
  return isSameResponse(http, catchAll.http);
}

function hashBody(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

/** One evidence line: both Hosts got the same answer, with what that answer was. */
export function describeEcho(http: HttpObservation, catchAll: HttpObservation): string {
  const server = readHeader(http, 'server') ?? 'no server header';
  return `Host ${http.hostHeader} and Host ${catchAll.hostHeader} got the same answer: ${formatStatus(http)}, ${server}, body ${http.bodyBytes} bytes sha256:${hashBody(http.body)}`;
}
