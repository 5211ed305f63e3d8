/** Writes text line by line with a prefix; a partial line waits for its end (or for flush). */
export interface LinePrefixer {
  write(chunk: string): void;
  /** writes a pending partial line, ended with a newline */
  flush(): void;
}

/**
 * Prefixes every line of a stream so a deploy's output stays readable among frontdoor's own lines.
 * @example const out = prefixLines('deploy| ', (text) => process.stderr.write(text)); out.write('a\nb'); out.flush();
 */
export function prefixLines(prefix: string, write: (text: string) => void): LinePrefixer {
  let pending = '';
  return {
    write(chunk) {
      const text = pending + chunk;
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        pending = text;
        return;
      }
      pending = text.slice(end + 1);
      const lines = text.slice(0, end).split('\n');
      write(lines.map((line) => `${prefix}${line}\n`).join(''));
    },
    flush() {
      if (pending === '') return;
      write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}
