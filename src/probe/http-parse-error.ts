/**
 * Why a response could not be parsed, named after llhttp's HPE_* codes so that classification (which keys on
 * the HPE_ prefix, see classify-failure.ts) and recorded evidence read the same as with Node's own parser.
 */
export type HttpParseErrorCode =
  | 'HPE_INVALID_CONSTANT'
  | 'HPE_INVALID_VERSION'
  | 'HPE_INVALID_STATUS'
  | 'HPE_INVALID_HEADER_TOKEN'
  | 'HPE_CR_EXPECTED'
  | 'HPE_LF_EXPECTED'
  | 'HPE_HEADER_OVERFLOW'
  | 'HPE_INVALID_CONTENT_LENGTH'
  | 'HPE_UNEXPECTED_CONTENT_LENGTH'
  | 'HPE_INVALID_CHUNK_SIZE';

/** A parse failure: its code and a one-line description for the observation's detail. */
export interface HttpParseError {
  code: HttpParseErrorCode;
  detail: string;
}
