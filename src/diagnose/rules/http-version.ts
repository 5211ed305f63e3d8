import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { describeOffer } from '../../probe/http-offer.js';
import { findUnmetExpectations } from '../expectations.js';
import { formatStatus } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { type Diagnosis, VERDICT_LAYER } from '../verdict.js';

/** How HTTP/2 reads in an HttpObservation and in `expect.http_version` / `valid_http_versions`. */
const HTTP2 = 'HTTP/2.0';

/**
 * The answer came in another HTTP version than the target expects (`expect.http_version`, blackbox's
 * `valid_http_versions`). A site that must speak HTTP/2 and answered in HTTP/1.1 has lost HTTP/2 where TLS
 * ends (a `listen` without `http2` after an upgrade): http2_failure. Any other version mismatch is content
 * the site does not serve as expected.
 */
export const diagnoseHttpVersion: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined) return undefined;
  const unmet = findUnmetExpectations(target, http).filter((item) => item.kind === 'http_version');
  const first = unmet[0];
  if (first === undefined) return undefined;
  const via = describeVia(ctx);
  const answered = `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}`;
  const expected = target.expect.httpVersions ?? [];
  if (expected.includes(HTTP2) && `HTTP/${http.httpVersion}` !== HTTP2) {
    const offer = describeOffer(observation.request.http ?? ['h2', 'h1']);
    const alpn = observation.tls === undefined ? undefined : (observation.tls.alpn ?? 'no protocol');
    const chose =
      alpn === undefined
        ? 'over plain http, where HTTP/2 is never spoken'
        : `ALPN: offered ${offer}, the server chose ${alpn}`;
    const diagnosis: Diagnosis = {
      verdict: 'http2_failure',
      layer: VERDICT_LAYER.http2_failure,
      summary: `${target.hostname} on ${via} answered over HTTP/${http.httpVersion} but the site must speak HTTP/2 (${chose}): enable HTTP/2 where TLS ends (nginx: listen ... ssl http2), or check what now holds the port`,
      evidence: [answered, first.evidence, chose],
    };
    return diagnosis;
  }
  return {
    verdict: 'unexpected_content',
    layer: VERDICT_LAYER.unexpected_content,
    summary: `${target.hostname} on ${via} answered ${http.status} but the protocol is not what the site serves: ${first.evidence}; check which server answered`,
    evidence: [answered, first.evidence],
  };
};
