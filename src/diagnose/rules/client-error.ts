import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { describeAcceptableStatus, isAcceptableStatus } from '../expectations.js';
import { formatStatus, readHeader } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

const NEXT_STEP: Record<number, string> = {
  401: 'the path wants credentials: exempt the health path from auth or send them',
  403: 'an access rule refused the probe (allow/deny lists, auth, file permissions)',
  404: 'the path does not exist on the site that answered: wrong root or route, or the wrong vhost answered',
  405: 'the method is not allowed on this path',
  429: 'a rate limit refused the probe',
};

// nginx's answer to plain HTTP on an `ssl` listen (its internal 497, sent as 400 with this stock text).
const PLAIN_HTTP_ON_TLS_PORT = 'The plain HTTP request was sent to HTTPS port';

/** An unexpected 4xx: the request reached something that refused it. */
export const diagnoseClientError: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined || http.status < 400 || http.status > 499) return undefined;
  if (isAcceptableStatus(target.expect, http.status)) return undefined;
  const server = readHeader(http, 'server');
  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)} for ${http.method} ${http.path}, expected ${describeAcceptableStatus(target.expect)}`,
  ];
  if (server !== undefined) evidence.push(`server: ${server}`);
  const plainOnTls = http.status === 400 && http.body.includes(PLAIN_HTTP_ON_TLS_PORT);
  if (plainOnTls) evidence.push(`the body says "${PLAIN_HTTP_ON_TLS_PORT}"`);
  const next = plainOnTls
    ? 'this port speaks TLS: probe it with https://, or point the http URL at the plain-HTTP port'
    : (NEXT_STEP[http.status] ?? 'read the access log of the site that answered');
  return {
    verdict: 'client_error',
    layer: VERDICT_LAYER.client_error,
    summary: `${target.hostname} on ${describeVia(ctx)} answered ${formatStatus(http)} for ${http.path}: ${next}`,
    evidence,
  };
};
