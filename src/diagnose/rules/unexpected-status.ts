import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { describeAcceptableStatus, isAcceptableStatus } from '../expectations.js';
import { formatStatus, readHeader } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/** A status that is neither an error nor what was expected (a 302 to a login page where 200 was expected). */
export const diagnoseUnexpectedStatus: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined || isAcceptableStatus(target.expect, http.status)) return undefined;
  const expected = describeAcceptableStatus(target.expect);
  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}, expected ${expected}`,
  ];
  const location = readHeader(http, 'location');
  if (location !== undefined) evidence.push(`location: ${location}`);
  return {
    verdict: 'unexpected_content',
    layer: VERDICT_LAYER.unexpected_content,
    summary: `${target.hostname} on ${describeVia(ctx)} answered ${http.status}${location === undefined ? '' : ` -> ${location}`} where ${expected} was expected: check the site's routing for ${http.path}`,
    evidence,
  };
};
