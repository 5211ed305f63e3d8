import { createHash } from 'node:crypto';
import type { HttpObservation } from '../../probe/observation.js';
import { findUnmetExpectations } from '../expectations.js';
import { identifyDefaultPage } from '../fingerprints/identify-server.js';
import { formatStatus, readHeader, readTitle } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

function hashBody(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

/** Same status, same server header, and the same page (identical body, or same title and length). */
export function isSameResponse(a: HttpObservation, b: HttpObservation): boolean {
  if (a.status !== b.status || readHeader(a, 'server') !== readHeader(b, 'server')) return false;
  if (a.body === b.body) return true;
  const title = readTitle(a.body);
  return title !== undefined && title === readTitle(b.body) && a.bodyBytes === b.bodyBytes;
}

/**
 * The front door answered this hostname exactly as it answers a Host it cannot have: its default server
 * answered, so the name is not routed. A box whose only site is also its default server matches too, so the
 * match alone is not enough: the answer must also fail an expectation other than the version, or be a
 * stock default page.
 */
export const diagnoseCatchAllMatch: Rule = (ctx) => {
  const { target, observation, catchAll } = ctx;
  const { http } = observation;
  if (http === undefined || catchAll?.http === undefined || catchAll.failure !== undefined) return undefined;
  if (!isSameResponse(http, catchAll.http)) return undefined;
  // A version mismatch alone says which release answered, not which server block: a single-site box whose
  // app is also its default server answers every Host alike, and a stale deploy there is wrong_version.
  const unmet = findUnmetExpectations(target, http);
  const routingHints = unmet.filter((item) => item.kind !== 'version');
  const defaultPage = identifyDefaultPage(http);
  if (routingHints.length === 0 && defaultPage === undefined) return undefined;

  const via = describeVia(ctx);
  const title = readTitle(http.body);
  const server = readHeader(http, 'server') ?? 'no server header';
  const page = `${http.status}${title === undefined ? '' : ` '${title}'`}`;
  const evidence = [
    `Host ${http.hostHeader} and Host ${catchAll.http.hostHeader} got the same answer: ${formatStatus(http)}, ${server}, body ${http.bodyBytes} bytes sha256:${hashBody(http.body)}`,
  ];
  if (title !== undefined) evidence.push(`page title '${title}'`);
  if (defaultPage !== undefined) evidence.push(defaultPage.evidence);
  evidence.push(...unmet.map((item) => item.evidence));
  return {
    verdict: 'host_not_routed',
    layer: VERDICT_LAYER.host_not_routed,
    summary: `${via} does not route ${target.hostname}: its default server answered (${page}, the same as for a Host it cannot have); add ${target.hostname} to the server_name/binding on ${via}`,
    evidence,
  };
};
