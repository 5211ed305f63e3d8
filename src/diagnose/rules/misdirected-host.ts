import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { isAcceptableStatus } from '../expectations.js';
import { formatStatus, quote, readHeader } from '../response-facts.js';
import { describeVia, isThroughEdge, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

// HTTP.sys (IIS) answers a Host it has no binding for with "Bad Request - Invalid Hostname" /
// "HTTP Error 400. The request hostname is invalid." (incident 001); 421 is the standard "not here".
const INVALID_HOSTNAME = /Bad Request - Invalid Hostname|The request hostname is invalid/i;

/** The front door says outright that it does not serve this hostname: 400 Invalid Hostname or 421. */
export const diagnoseMisdirectedHost: Rule = (ctx) => {
  const { http } = ctx.observation;
  if (http === undefined || isAcceptableStatus(ctx.target.expect, http.status)) return undefined;
  const via = describeVia(ctx);
  const { hostname } = ctx.target;
  const server = readHeader(http, 'server');
  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)} for Host ${http.hostHeader}`,
  ];
  if (server !== undefined) evidence.push(`server: ${server}`);
  if (http.status === 400) {
    const match = INVALID_HOSTNAME.exec(http.body);
    if (match === null) return undefined;
    evidence.push(`body says ${quote(match[0])}`);
    const who = server?.startsWith('Microsoft-HTTPAPI')
      ? 'HTTP.sys (no IIS site binding)'
      : 'its default server';
    // A CDN never writes this page: through the edge it is the origin's answer, passed on.
    const where = isThroughEdge(ctx.target) ? 'the origin behind the edge' : via;
    return {
      verdict: 'host_not_routed',
      layer: VERDICT_LAYER.host_not_routed,
      summary: `${where} does not route ${hostname}: 400 'Invalid Hostname' from ${who}; add a binding for ${hostname} there`,
      evidence,
    };
  }
  if (http.status === 421) {
    return {
      verdict: 'host_not_routed',
      layer: VERDICT_LAYER.host_not_routed,
      summary: `${via} does not route ${hostname}: 421 Misdirected Request (no server block or certificate for this name on this listener); add ${hostname} there`,
      evidence,
    };
  }
  return undefined;
};
