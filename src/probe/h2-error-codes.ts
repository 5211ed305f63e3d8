/**
 * HTTP/2 error codes (RFC 9113 section 7), as GOAWAY and RST_STREAM frames carry them, by number. Evidence
 * shows the name; classification switches over the number.
 */
const NAMES: readonly string[] = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

export const H2_NO_ERROR = 0;
export const H2_PROTOCOL_ERROR = 1;
export const H2_REFUSED_STREAM = 7;
export const H2_CANCEL = 8;

/**
 * The name of an HTTP/2 error code; a code outside the registry (a peer may send any 32-bit value) is shown
 * as its number in hexadecimal.
 * @example nameH2ErrorCode(11) // 'ENHANCE_YOUR_CALM'
 */
export function nameH2ErrorCode(code: number): string {
  return NAMES[code] ?? `0x${code.toString(16)}`;
}
