import { isUtf8 } from 'node:buffer';

/** Text decoded from UTF-8, or where the first byte that is not UTF-8 sits. */
export type Utf8Decoding =
  | { ok: true; text: string }
  | { ok: false; offset: number; byte: number; line: number; column: number };

/**
 * Decodes UTF-8 strictly. A latin1 file read as UTF-8 silently turns "café" into "caf\uFFFD"; this says
 * where the first invalid byte is instead (1-based line and column, the column in characters as yaml
 * counts them), so the file can be saved as UTF-8. A leading byte order mark is dropped.
 * @example decodeUtf8(Buffer.from([0x61, 0xe9, 0x0a])) // { ok: false, offset: 1, byte: 0xe9, line: 1, column: 2 }
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Decoding {
  if (isUtf8(bytes)) return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
  const offset = firstInvalidByte(bytes);
  // lastIndexOf counts a negative start from the end, so an invalid first byte needs its own case
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let index = 0; index < lineStart; index += 1) if (bytes[index] === 0x0a) line += 1;
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { ok: false, offset, byte: bytes[offset] ?? 0, line, column: before.length + 1 };
}

/**
 * The offset of the first byte that does not start or continue a well-formed sequence (Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); the length when all are fine.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const shape = sequenceShape(lead);
    if (shape === undefined) return index;
    const [continuations, low, high] = shape;
    if (index + continuations >= bytes.length) return index;
    const second = bytes[index + 1] ?? 0;
    if (second < low || second > high) return index;
    for (let next = 2; next <= continuations; next += 1) {
      const byte = bytes[index + next] ?? 0;
      if (byte < 0x80 || byte > 0xbf) return index;
    }
    index += continuations + 1;
  }
  return bytes.length;
}

/** For a lead byte: how many continuation bytes follow, and the range the first of them must be in. */
function sequenceShape(lead: number): [number, number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [1, 0x80, 0xbf];
  if (lead === 0xe0) return [2, 0xa0, 0xbf];
  if (lead === 0xed) return [2, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [2, 0x80, 0xbf];
  if (lead === 0xf0) return [3, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [3, 0x80, 0xbf];
  if (lead === 0xf4) return [3, 0x80, 0x8f];
  return undefined;
}
