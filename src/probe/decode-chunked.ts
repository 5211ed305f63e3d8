import type { HttpParseError } from './http-parse-error.js';

/** 'more' until the last chunk and its trailers are read, then 'done'; an error ends decoding for good. */
export type ChunkedStatus = 'more' | 'done' | HttpParseError;

/** Incremental decoder of a chunked body (RFC 9112 section 7.1), fed the bytes as they arrive. */
export interface ChunkedDecoder {
  /**
   * Decodes `data` from `start`, handing each piece of chunk data to `emit` (views into `data`, no copy).
   * After 'done', `consumed` says where the message ended; bytes after it belong to nobody.
   */
  feed(data: Buffer, start: number, emit: (piece: Buffer) => void): ChunkedStatus;
  readonly consumed: number;
}

type State =
  | 'size'
  | 'extension'
  | 'size_lf'
  | 'data'
  | 'data_cr'
  | 'data_lf'
  | 'trailer'
  | 'trailer_lf'
  | 'done';

const CR = 13;
const LF = 10;
// 2^52 as 13 hex digits: longer sizes cannot be a real chunk and would lose precision as a number.
const MAX_SIZE_DIGITS = 13;
// Trailer fields get the same room as a response head.
const MAX_TRAILER_BYTES = 16 * 1024;

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

const badSize = (detail: string): HttpParseError => ({ code: 'HPE_INVALID_CHUNK_SIZE', detail });

/**
 * A decoder for one chunked body: hex sizes with optional extensions (ignored), data, the zero-size last
 * chunk, then trailer fields (read and dropped) up to the empty line.
 */
export function createChunkedDecoder(): ChunkedDecoder {
  let state: State = 'size';
  let size = 0;
  let digits = 0;
  let remaining = 0;
  let lineBytes = 0;
  let trailerBytes = 0;
  const decoder = {
    consumed: 0,
    feed(data: Buffer, start: number, emit: (piece: Buffer) => void): ChunkedStatus {
      let i = start;
      while (i < data.length) {
        const byte = data[i] as number;
        switch (state) {
          case 'size': {
            const value = hexValue(byte);
            if (value >= 0) {
              digits += 1;
              if (digits > MAX_SIZE_DIGITS) return badSize('chunk size too large');
              size = size * 16 + value;
            } else if (digits === 0) {
              return badSize('chunk size is not hexadecimal');
            } else if (byte === 59 || byte === 32 || byte === 9) {
              state = 'extension';
            } else if (byte === CR) {
              state = 'size_lf';
            } else {
              return badSize('invalid character after the chunk size');
            }
            break;
          }
          case 'extension':
            if (byte === CR) state = 'size_lf';
            else if (byte === LF || (byte < 32 && byte !== 9) || byte === 127)
              return badSize('invalid character in a chunk extension');
            break;
          case 'size_lf':
            if (byte !== LF) return badSize('chunk size line not ended by CRLF');
            if (size === 0) {
              state = 'trailer';
              lineBytes = 0;
            } else {
              state = 'data';
              remaining = size;
            }
            break;
          case 'data': {
            const take = Math.min(remaining, data.length - i);
            emit(data.subarray(i, i + take));
            remaining -= take;
            i += take;
            if (remaining === 0) state = 'data_cr';
            continue;
          }
          case 'data_cr':
            if (byte !== CR) return badSize('chunk data not followed by CRLF');
            state = 'data_lf';
            break;
          case 'data_lf':
            if (byte !== LF) return badSize('chunk data not followed by CRLF');
            state = 'size';
            size = 0;
            digits = 0;
            break;
          case 'trailer':
            trailerBytes += 1;
            if (trailerBytes > MAX_TRAILER_BYTES)
              return { code: 'HPE_HEADER_OVERFLOW', detail: 'chunked trailer section too large' };
            if (byte === CR) state = 'trailer_lf';
            else if (byte === LF)
              return { code: 'HPE_CR_EXPECTED', detail: 'trailer line ends in a bare LF' };
            else lineBytes += 1;
            break;
          case 'trailer_lf':
            if (byte !== LF) return { code: 'HPE_LF_EXPECTED', detail: 'bare CR in the chunked trailer' };
            if (lineBytes === 0) {
              state = 'done';
              decoder.consumed = i + 1;
              return 'done';
            }
            state = 'trailer';
            lineBytes = 0;
            break;
          case 'done':
            return 'done';
        }
        i += 1;
      }
      return state === 'done' ? 'done' : 'more';
    },
  };
  return decoder;
}
