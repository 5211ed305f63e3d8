import { describe, expect, it } from 'vitest';
import { diagnoseObservation } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { buildFailure, buildObservation } from '../fixtures/build-observation.js';

/** An HTTP/2 probe of shop.example.com on web1 that failed with `code`, and its HTTP/1.1 re-probe. */
function h2Failure(code: Parameters<typeof buildFailure>[1], errorCode?: string, overStatus?: number) {
  const ctx = buildContext({ alpn: 'h2', failure: buildFailure('http', code, errorCode, 1.7) });
  if (overStatus !== undefined) {
    ctx.observation.overHttp1 = buildObservation({
      url: ctx.target.url,
      connectTo: { host: '10.0.0.11', port: 443 },
      status: overStatus,
      statusText: overStatus === 200 ? 'OK' : 'Bad Request',
    });
  }
  return ctx;
}

describe('http2_failure', () => {
  it('a reset stream whose request passes over HTTP/1.1: HTTP/2 is at fault, not the app', () => {
    const diagnosis = diagnoseObservation(h2Failure('h2_stream_reset', 'INTERNAL_ERROR', 200));
    expect(diagnosis.verdict).toBe('http2_failure');
    expect(diagnosis.summary).toBe(
      "web1 reset the HTTP/2 stream with INTERNAL_ERROR before answering (the server's HTTP/2 handling failed: read its error log), while the same request over HTTP/1.1 passes (200 OK in 3.1 ms): HTTP/2 is at fault on web1, not shop.example.com's app; browsers speak HTTP/2, so visitors fail",
    );
    // The HTTP/2 error code is in the evidence, beside what ALPN chose and what HTTP/1.1 got.
    expect(diagnosis.evidence).toEqual([
      'shop.example.com -> 10.0.0.11 (pinned)',
      'GET /health on 10.0.0.11:443 failed (h2_stream_reset, INTERNAL_ERROR) after 1.7 ms',
      'error: internal_error (recorded detail)',
      'certificate subject CN=shop.example.com; SANs DNS:shop.example.com',
      "issuer C=US, O=Let's Encrypt, CN=R11; valid 2026-10-01 to 2026-12-30",
      'ALPN: offered h2, http/1.1, the server chose h2',
      'the same request over HTTP/1.1: ok, 200 OK in 3.1 ms',
    ]);
    expect(diagnosis.overHttp1).toMatchObject({ verdict: 'ok', status: 200 });
  });

  it('a GOAWAY for an oversized header whose request fails over HTTP/1.1 too: says both', () => {
    const diagnosis = diagnoseObservation(h2Failure('h2_goaway', 'ENHANCE_YOUR_CALM', 400));
    expect(diagnosis.summary).toContain('ended the HTTP/2 connection with GOAWAY ENHANCE_YOUR_CALM');
    expect(diagnosis.summary).toContain('large_client_header_buffers');
    expect(diagnosis.summary).toContain('; over HTTP/1.1 it fails too (client_error)');
    expect(diagnosis.evidence).toContain(
      'the same request over HTTP/1.1: client_error, 400 Bad Request in 3.1 ms',
    );
    expect(diagnosis.overHttp1).toMatchObject({ verdict: 'client_error', status: 400 });
  });

  it('without a re-probe (/probe), names the HTTP/2 fault alone', () => {
    const diagnosis = diagnoseObservation(h2Failure('h2_settings_timeout'));
    expect(diagnosis.verdict).toBe('http2_failure');
    expect(diagnosis.summary).toBe(
      'web1 negotiated HTTP/2 but sent no SETTINGS frame in 1.7 ms: its HTTP/2 is hung, or it is no HTTP/2 server',
    );
    expect(diagnosis.overHttp1).toBeUndefined();
  });

  it.each([
    ['h2_protocol_error', 'PROTOCOL_ERROR', 'negotiated HTTP/2 and then sent what is not HTTP/2'],
    // A reset is valid HTTP/2: not "what is not HTTP/2", and either side may have sent it.
    [
      'h2_stream_reset',
      'PROTOCOL_ERROR',
      'the HTTP/2 stream on web1 was reset with PROTOCOL_ERROR before the answer was complete (a server sends it for a request it ends without answering (nginx: return 444)',
    ],
    ['h2_refused_stream', 'REFUSED_STREAM', 'refused the HTTP/2 stream (REFUSED_STREAM)'],
  ] as const)('%s reads as an operator would say it', (code, errorCode, text) => {
    expect(diagnoseObservation(h2Failure(code, errorCode)).summary).toContain(text);
  });

  it('a server that does not choose h2 when only h2 is offered: enable HTTP/2 where TLS ends', () => {
    // The handshake completed (its record is kept); the probe then refused to go on without h2.
    const ctx = buildContext({ alpn: 'http/1.1' });
    ctx.observation.failure = buildFailure('tls', 'h2_not_negotiated');
    ctx.observation.request.http = ['h2'];
    const diagnosis = diagnoseObservation(ctx);
    expect(diagnosis.verdict).toBe('http2_failure');
    expect(diagnosis.summary).toBe(
      'web1 does not speak HTTP/2: offered h2 only, it chose http/1.1; enable HTTP/2 where TLS ends (nginx: listen ... ssl http2)',
    );
  });
});
