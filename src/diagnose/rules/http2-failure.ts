import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { describeOffer, type HttpOffer } from '../../probe/http-offer.js';
import type { PhaseFailure } from '../../probe/observation.js';
import { isPassingVerdict } from '../passing.js';
import { formatStatus } from '../response-facts.js';
import { describeVia, type RuleContext } from '../rule-context.js';

/** What a failure of the HTTP/2 exchange says, and the facts that go with it. */
export interface Http2FailureStory {
  summary: string;
  evidence: string[];
}

// What each GOAWAY or RST_STREAM code usually means at a front door, as advice after the code.
const CODE_HINTS: Readonly<Record<string, string>> = {
  ENHANCE_YOUR_CALM:
    'the server judged the request abusive: in nginx, a request header field larger than large_client_header_buffers, which HTTP/2 applies to every field while HTTP/1.1 first fills client_header_buffer_size',
  PROTOCOL_ERROR: "the server found the client's frames invalid, or its own HTTP/2 is broken",
  INTERNAL_ERROR: "the server's HTTP/2 handling failed: read its error log",
  COMPRESSION_ERROR: "the server could not decode the request's headers (HPACK)",
  FRAME_SIZE_ERROR: 'a frame was larger than the server allows',
  FLOW_CONTROL_ERROR: 'flow control broke between client and server',
  INADEQUATE_SECURITY: 'the TLS cipher or version does not meet what HTTP/2 requires (RFC 9113 9.2)',
  HTTP_1_1_REQUIRED:
    'the server wants this request in HTTP/1.1 (IIS does so for client certificates and Windows authentication)',
  CANCEL: 'the server gave up on the stream',
  REFUSED_STREAM: 'the server did not process the request',
  NO_ERROR: 'the server was going away (a reload or shutdown) and took no new request',
  SETTINGS_MAX_CONCURRENT_STREAMS: 'in nginx, http2_max_concurrent_streams 0',
};

// Node reports a PROTOCOL_ERROR reset alike whichever side sent it, so its words name both.
const PROTOCOL_ERROR_RESET_HINT =
  'a server sends it for a request it ends without answering (nginx: return 444) or whose frames it finds invalid; this client sends it for an answer that breaks HTTP/2 rules, such as a Content-Length its body does not match';

function hint(code: string | undefined): string {
  const text = code === undefined ? undefined : CODE_HINTS[code];
  return text === undefined ? '' : ` (${text})`;
}

/** What went wrong in HTTP/2, in an operator's words, before what HTTP/1.1 showed. */
function describeFault(ctx: RuleContext, failure: PhaseFailure, offer: HttpOffer): string {
  const via = describeVia(ctx);
  const name = failure.errorCode ?? 'no code';
  switch (failure.code) {
    case 'h2_goaway':
      return `${via} ended the HTTP/2 connection with GOAWAY ${name} before answering${hint(failure.errorCode)}`;
    case 'h2_stream_reset':
      if (failure.errorCode === 'PROTOCOL_ERROR') {
        return `the HTTP/2 stream on ${via} was reset with PROTOCOL_ERROR before the answer was complete (${PROTOCOL_ERROR_RESET_HINT})`;
      }
      return `${via} reset the HTTP/2 stream with ${name} before answering${hint(failure.errorCode)}`;
    case 'h2_refused_stream':
      return `${via} refused the HTTP/2 stream (${name})${hint(failure.errorCode)}`;
    case 'h2_protocol_error':
      return `${via} negotiated HTTP/2 and then sent what is not HTTP/2: a server that offers h2 in ALPN but speaks something else, or the wrong process on the port`;
    case 'h2_settings_timeout':
      return `${via} negotiated HTTP/2 but sent no SETTINGS frame in ${formatMilliseconds(failure.durationMs)}: its HTTP/2 is hung, or it is no HTTP/2 server`;
    default: {
      const answer =
        failure.errorCode === undefined
          ? `it chose ${ctx.observation.tls?.alpn ?? 'no protocol'}`
          : `it refused every protocol offered (${failure.errorCode})`;
      return `${via} does not speak HTTP/2: offered ${describeOffer(offer)} only, ${answer}; enable HTTP/2 where TLS ends (nginx: listen ... ssl http2)`;
    }
  }
}

/**
 * The summary and facts of an http2_failure from a failed HTTP/2 exchange, naming HTTP/2 as the fault when
 * the same request over HTTP/1.1 passed (`ctx.overHttp1`), and saying so when it failed too.
 */
export function describeHttp2Failure(ctx: RuleContext, failure: PhaseFailure): Http2FailureStory {
  const { observation, target } = ctx;
  const offer = observation.request.http ?? ['h2', 'h1'];
  const fault = describeFault(ctx, failure, offer);
  const evidence: string[] = [];
  const alpn = observation.tls?.alpn;
  if (alpn !== undefined) evidence.push(`ALPN: offered ${describeOffer(offer)}, the server chose ${alpn}`);
  const over = ctx.overHttp1;
  const again = observation.overHttp1;
  if (over === undefined || again === undefined) return { summary: fault, evidence };
  const answered =
    again.http === undefined
      ? 'no answer'
      : `${formatStatus(again.http)} in ${formatMilliseconds(again.http.ttfbMs)}`;
  evidence.push(`the same request over HTTP/1.1: ${over.verdict}, ${answered}`);
  if (isPassingVerdict(over.verdict)) {
    return {
      summary: `${fault}, while the same request over HTTP/1.1 passes (${answered}): HTTP/2 is at fault on ${describeVia(ctx)}, not ${target.hostname}'s app; browsers speak HTTP/2, so visitors fail`,
      evidence,
    };
  }
  evidence.push(...over.evidence.map((line) => `over HTTP/1.1: ${line}`));
  return { summary: `${fault}; over HTTP/1.1 it fails too (${over.verdict}): ${over.summary}`, evidence };
}
