import { describe, expect, it } from 'vitest';
import { classifyH2Ending, type H2Ending } from './classify-h2-failure.js';
import type { FailureCode } from './observation.js';

describe('classifyH2Ending', () => {
  it.each<[string, H2Ending, FailureCode, string | undefined]>([
    [
      'a GOAWAY with an error code',
      { goaway: { code: 11, lastStreamId: 1 }, streamId: 1 },
      'h2_goaway',
      'ENHANCE_YOUR_CALM',
    ],
    [
      'a GOAWAY with an error code, whatever the stream then reports',
      { goaway: { code: 2, lastStreamId: 0 }, rstCode: 8, streamId: 1 },
      'h2_goaway',
      'INTERNAL_ERROR',
    ],
    [
      'a GOAWAY NO_ERROR that leaves the stream out',
      { goaway: { code: 0, lastStreamId: 0 }, streamId: 1 },
      'h2_refused_stream',
      'NO_ERROR',
    ],
    ['a REFUSED_STREAM reset', { rstCode: 7, streamId: 1 }, 'h2_refused_stream', 'REFUSED_STREAM'],
    // nginx resets a request it ends with `return 444` so, over frames that are valid HTTP/2.
    ['a PROTOCOL_ERROR reset', { rstCode: 1, streamId: 1 }, 'h2_stream_reset', 'PROTOCOL_ERROR'],
    [
      "nghttp2 refusing the peer's frames, whatever the stream then reports",
      { errorCode: 'ERR_HTTP2_ERROR', rstCode: 1, streamId: 1 },
      'h2_protocol_error',
      'PROTOCOL_ERROR',
    ],
    [
      "nghttp2 refusing the peer's frames",
      { errorCode: 'ERR_HTTP2_ERROR' },
      'h2_protocol_error',
      'PROTOCOL_ERROR',
    ],
    ['an INTERNAL_ERROR reset', { rstCode: 2, streamId: 1 }, 'h2_stream_reset', 'INTERNAL_ERROR'],
    ['a code outside the registry', { rstCode: 0x1f, streamId: 1 }, 'h2_stream_reset', '0x1f'],
    ['a reset connection and no HTTP/2 code', { socketErrorCode: 'ECONNRESET' }, 'http_reset', 'ECONNRESET'],
    ['a closed connection and no code at all', {}, 'http_closed_early', undefined],
  ])('%s', (_, ending, code, errorCode) => {
    const cause = classifyH2Ending(ending);
    expect(cause.code).toBe(code);
    expect(cause.errorCode).toBe(errorCode);
    expect(cause.detail).not.toBe('');
  });

  it('a GOAWAY NO_ERROR that covers the stream is no refusal: the close decides', () => {
    expect(classifyH2Ending({ goaway: { code: 0, lastStreamId: 3 }, streamId: 1 }).code).toBe(
      'http_closed_early',
    );
  });
});
