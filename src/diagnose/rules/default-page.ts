import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { findUnmetExpectations } from '../expectations.js';
import { identifyDefaultPage } from '../fingerprints/identify-server.js';
import { formatStatus, readHeader } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/**
 * A fresh install's welcome page ("Welcome to nginx!") answered: no site claimed the hostname and the
 * default server took it. Stays silent when the page is what the target expects (its body expectation held).
 */
export const diagnoseDefaultPage: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined) return undefined;
  const page = identifyDefaultPage(http);
  if (page === undefined) return undefined;
  if (target.expect.body !== undefined && http.body.includes(target.expect.body)) return undefined;
  const via = describeVia(ctx);
  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)} for Host ${http.hostHeader}`,
  ];
  const server = readHeader(http, 'server');
  if (server !== undefined) evidence.push(`server: ${server}`);
  evidence.push(page.evidence, ...findUnmetExpectations(target, http).map((item) => item.evidence));
  return {
    verdict: 'host_not_routed',
    layer: VERDICT_LAYER.host_not_routed,
    summary: `${via} answered ${target.hostname} with ${page.server}'s stock default page: the hostname is not routed to its site; add it to the server_name/binding on ${via}`,
    evidence,
  };
};
