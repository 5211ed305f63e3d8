import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { isAcceptableStatus, readVersion } from '../expectations.js';
import { identifyStockErrorPage } from '../fingerprints/identify-server.js';
import { formatStatus, readHeader, readServerProduct } from '../response-facts.js';
import { describeVia, isThroughEdge, type Rule } from '../rule-context.js';
import { type Diagnosis, VERDICT_LAYER } from '../verdict.js';

/**
 * A proxy answering from its own memory takes a few milliseconds; an app has to route, authenticate and
 * fail first (incident 003: nginx's 500 in 4 ms). Only used to back up a missing app marker.
 */
export const PROXY_FAST_MS = 25;

/**
 * What the proxy's own 502, 503 and 504 say about the app behind it, and where to look next. They differ:
 * a 502 means the app was not reached (refused, reset, or an answer that was not HTTP), a 503 that the
 * proxy had no live server to ask, a 504 that the app was reached and did not answer in time.
 */
const GATEWAY: Record<number, { meaning: string; consequence: string; next: (upstream: string) => string }> =
  {
    502: {
      meaning: 'its upstream refused or reset the connection, or sent an invalid answer',
      consequence: 'the app was not reached, or dropped the connection before answering',
      next: (upstream) => `Check the upstream ${upstream} points at (is the app or pool listening there?)`,
    },
    503: {
      meaning: 'it has no live upstream server',
      consequence: 'no server was left to ask: every one is marked down, or none is configured',
      next: (upstream) =>
        `Check the servers of the pool ${upstream} balances over and its health checks (are any up?)`,
    },
    504: {
      meaning: 'its upstream did not answer in time',
      consequence: 'the app was reached and hung, or the upstream never answered',
      next: () =>
        "Look at the app's slow requests (busy workers, long queries) and the proxy's upstream read timeout",
    },
  };

/**
 * Who wrote a 5xx: the proxy (its stock page, no app marker, answered in a few ms) or the app behind it.
 * 502/503/504 from the proxy -> proxy_upstream_unavailable; another proxy-made 5xx -> proxy_generated_error;
 * anything the app wrote -> app_error.
 */
export const diagnoseServerError: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined || http.status < 500 || http.status > 599) return undefined;
  if (isAcceptableStatus(target.expect, http.status)) return undefined;

  const markerName = target.expect.versionHeader;
  const marker = readVersion(target, http);
  const page = identifyStockErrorPage(http);
  // Behind Cloudflare the Server header names the edge, not the proxy that answered.
  const product = readServerProduct(http);
  const front = target.origin === undefined && product?.toLowerCase() === 'cloudflare' ? undefined : product;
  const fast = http.ttfbMs <= PROXY_FAST_MS;
  const via = describeVia(ctx);

  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}, ${marker === undefined ? `no ${markerName} header` : `${markerName}: ${marker}`}`,
  ];
  const server = readHeader(http, 'server');
  if (server !== undefined) evidence.push(`server: ${server}`);
  if (page !== undefined) evidence.push(page.evidence);
  if (marker === undefined && ctx.appMarkerKnown)
    evidence.push(`the app sets ${markerName}; this answer has none`);

  const make = (verdict: Diagnosis['verdict'], summary: string): Diagnosis => ({
    verdict,
    layer: VERDICT_LAYER[verdict],
    summary,
    evidence,
  });

  if (marker !== undefined) {
    return make(
      'app_error',
      `the app answered ${http.status} in ${formatMilliseconds(http.ttfbMs)} (${markerName}: ${marker}): read the app's log for ${http.path}`,
    );
  }

  const proxyName = page?.server ?? front;
  const who = `${proxyName ?? 'the proxy'}${isThroughEdge(target) ? ' behind the edge' : ` on ${via}`}`;
  const gateway = GATEWAY[http.status];

  if (page !== undefined || (gateway !== undefined && http.status !== 503)) {
    if (gateway !== undefined) {
      const reason = page?.reason ?? gateway.meaning;
      return make(
        'proxy_upstream_unavailable',
        `${who} answered ${http.status} in ${formatMilliseconds(http.ttfbMs)}: ${reason}; ${gateway.consequence}. ${gateway.next(proxyName ?? 'the proxy')}`,
      );
    }
    return make(
      'proxy_generated_error',
      `${who} made this ${http.status} itself in ${formatMilliseconds(http.ttfbMs)} (stock page, no ${markerName}): look at the upstream socket/pool (php-fpm), not the app's code`,
    );
  }

  if (http.status === 500 && ctx.appMarkerKnown && fast) {
    evidence.push(
      `answered in ${formatMilliseconds(http.ttfbMs)}, faster than an app fails (${PROXY_FAST_MS} ms)`,
    );
    return make(
      'proxy_generated_error',
      `${who} answered 500 in ${formatMilliseconds(http.ttfbMs)} without the app's ${markerName}: the proxy made it; look at the upstream socket/pool (php-fpm), not the app's code`,
    );
  }

  return make(
    'app_error',
    `${front === undefined ? 'the app' : `the app behind ${front}`} answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}: read the app's log for ${http.path}`,
  );
};
