import { describeEcho, echoesCatchAll } from '../catch-all-echo.js';
import { findUnmetExpectations } from '../expectations.js';
import { identifyDefaultPage } from '../fingerprints/identify-server.js';
import { readTitle } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/**
 * The front door answered this hostname exactly as it answers a Host it cannot have, and that answer is a
 * server's stock default page: a foreign vhost (the default server) answered, so the name is not routed.
 * The match alone proves nothing: a single-site box (one server block, or an app answering every Host)
 * gives every Host its one site's answer, so a 404 or a wrong body there is the site's own, judged by the
 * later rules (client_error, unexpected_content); diagnose() notes the match in their evidence, and the
 * host_binding_missing finding names routing when another hostname on the same origin is routed.
 */
export const diagnoseCatchAllMatch: Rule = (ctx) => {
  const { target, observation, catchAll } = ctx;
  const { http } = observation;
  if (http === undefined || catchAll?.http === undefined || !echoesCatchAll(ctx)) return undefined;
  const defaultPage = identifyDefaultPage(http);
  if (defaultPage === undefined) return undefined;
  // Someone who expects the stock page (a placeholder site) gets what they asked for.
  if (target.expect.body !== undefined && http.body.includes(target.expect.body)) return undefined;
  const unmet = findUnmetExpectations(target, http);

  const via = describeVia(ctx);
  const title = readTitle(http.body);
  const page = `${http.status}${title === undefined ? '' : ` '${title}'`}`;
  const evidence = [describeEcho(http, catchAll.http)];
  if (title !== undefined) evidence.push(`page title '${title}'`);
  evidence.push(defaultPage.evidence);
  evidence.push(...unmet.map((item) => item.evidence));
  return {
    verdict: 'host_not_routed',
    layer: VERDICT_LAYER.host_not_routed,
    summary: `${via} does not route ${target.hostname}: its default server answered (${page}, the same as for a Host it cannot have); add ${target.hostname} to the server_name/binding on ${via}`,
    evidence,
  };
};
