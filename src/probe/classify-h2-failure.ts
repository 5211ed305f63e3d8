import { classifyHttpError } from './classify-failure.js';
import { H2_NO_ERROR, H2_PROTOCOL_ERROR, H2_REFUSED_STREAM, nameH2ErrorCode } from './h2-error-codes.js';
import type { FailureCode } from './observation.js';

/** How an HTTP/2 stream ended before its response was complete: the codes the session and stream reported. */
export interface H2Ending {
  /** the GOAWAY the server sent, if it sent one */
  goaway?: { code: number; lastStreamId: number };
  /** Node's code for the session's or stream's error (ERR_HTTP2_ERROR: nghttp2 refused the peer's frames) */
  errorCode?: string;
  /** the stream's RST_STREAM code (0 when none was sent or received) */
  rstCode?: number;
  /** the stream's id; absent when the request never got one */
  streamId?: number;
  /** what the socket itself reported (ECONNRESET, EPIPE), when it did */
  socketErrorCode?: string;
}

export interface H2FailureCause {
  code: FailureCode;
  /** the HTTP/2 error code's name (ENHANCE_YOUR_CALM), or the socket's errno */
  errorCode?: string;
  detail: string;
}

/**
 * The failure code of an HTTP/2 stream that ended without a complete response, from the codes alone: a
 * GOAWAY with an error code ends the connection (the server's verdict on it); a GOAWAY without one that
 * leaves the stream out means the server took no new requests; nghttp2's own refusal of the peer's bytes
 * means they were not valid HTTP/2; any reset, PROTOCOL_ERROR included, is the stream's; with no
 * HTTP/2 code at all, the socket's own error tells a reset from a close.
 */
export function classifyH2Ending(ending: H2Ending): H2FailureCause {
  const { goaway, rstCode = H2_NO_ERROR } = ending;
  if (goaway !== undefined && goaway.code !== H2_NO_ERROR) {
    const name = nameH2ErrorCode(goaway.code);
    return {
      code: 'h2_goaway',
      errorCode: name,
      detail: `the server sent GOAWAY ${name} (last stream ${goaway.lastStreamId}) before the response was complete`,
    };
  }
  if (goaway !== undefined && (ending.streamId === undefined || goaway.lastStreamId < ending.streamId)) {
    return {
      code: 'h2_refused_stream',
      errorCode: nameH2ErrorCode(goaway.code),
      detail: `the server sent GOAWAY NO_ERROR with last stream ${goaway.lastStreamId}: it was going away and did not take the request`,
    };
  }
  if (ending.errorCode === 'ERR_HTTP2_ERROR') {
    return {
      code: 'h2_protocol_error',
      errorCode: nameH2ErrorCode(H2_PROTOCOL_ERROR),
      detail: 'the server sent bytes that are not valid HTTP/2 frames',
    };
  }
  if (rstCode === H2_PROTOCOL_ERROR) {
    // A reset, not garbage: the frames around it were valid HTTP/2. Node reports the same code whether the
    // server sent the RST_STREAM (nginx does for a request it ends with `return 444`) or nghttp2 sent it
    // for an answer that broke HTTP/2's rules, so the detail names both.
    return {
      code: 'h2_stream_reset',
      errorCode: nameH2ErrorCode(rstCode),
      detail:
        'the stream was reset with PROTOCOL_ERROR before the response was complete (by the server, or by this client for an answer that broke HTTP/2 rules)',
    };
  }
  if (rstCode === H2_REFUSED_STREAM) {
    return {
      code: 'h2_refused_stream',
      errorCode: nameH2ErrorCode(rstCode),
      detail: 'the server reset the stream with REFUSED_STREAM: it did not process the request',
    };
  }
  if (rstCode !== H2_NO_ERROR) {
    const name = nameH2ErrorCode(rstCode);
    return {
      code: 'h2_stream_reset',
      errorCode: name,
      detail: `the stream was reset with ${name} before the response was complete`,
    };
  }
  const code = classifyHttpError(undefined, ending.socketErrorCode);
  const cause: H2FailureCause = {
    code,
    detail: 'the connection closed before the HTTP/2 response was complete',
  };
  if (ending.socketErrorCode !== undefined) cause.errorCode = ending.socketErrorCode;
  return cause;
}
