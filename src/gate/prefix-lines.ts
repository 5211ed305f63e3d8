/** Writes text line by line with a prefix; a partial line waits for its end (or for flush). */
export interface LinePrefixer {
  write(chunk: string): void;
  /** writes a pending partial line, ended with a newline */
  flush(): void;
}

/**
 * The longest line held back waiting for its newline. Output without newlines (a progress bar) would
 * otherwise grow one string without bound, re-scanned on every chunk: 240 MB took 11 minutes and 3 GB.
 */
export const MAX_PENDING_LINE = 8192;

/**
 * Prefixes every line of a stream so a deploy's output stays readable among frontdoor's own lines. A line
 * longer than `maxLine` characters is written in pieces of at most that length, each prefixed and ended
 * with a newline, so memory and work per chunk stay bounded whatever the stream sends.
 * @example const out = prefixLines('deploy| ', (text) => process.stderr.write(text)); out.write('a\nb'); out.flush();
 */
export function prefixLines(
  prefix: string,
  write: (text: string) => void,
  maxLine = MAX_PENDING_LINE,
): LinePrefixer {
  if (!Number.isInteger(maxLine) || maxLine < 2) throw new RangeError('maxLine must be an integer >= 2');
  // Invariant: no newline, and shorter than maxLine.
  let pending = '';
  return {
    write(chunk) {
      const lines: string[] = [];
      let at = 0;
      while (at < chunk.length) {
        const room = maxLine - pending.length;
        const newline = chunk.indexOf('\n', at);
        if (newline >= 0 && newline - at <= room) {
          lines.push(`${prefix}${pending}${chunk.slice(at, newline)}\n`);
          pending = '';
          at = newline + 1;
        } else if (newline < 0 && chunk.length - at < room) {
          pending += chunk.slice(at);
          at = chunk.length;
        } else {
          const end = pieceEnd(chunk, at, Math.min(at + room, chunk.length));
          lines.push(`${prefix}${pending}${chunk.slice(at, end)}\n`);
          pending = '';
          at = end;
        }
      }
      if (lines.length > 0) write(lines.join(''));
    },
    flush() {
      if (pending === '') return;
      write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}

/**
 * Where to cut a piece that must end by `limit`: never between the two halves of a surrogate pair. Cutting
 * at `start` is fine: the piece is then the pending text alone, which is never empty when room is that short.
 */
function pieceEnd(text: string, start: number, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff && limit < text.length;
  return splitsPair && limit - 1 >= start ? limit - 1 : limit;
}
