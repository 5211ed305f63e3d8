/**
 * Breaks `text` into lines of at most `width` characters at spaces; a word longer than a line is split.
 * Whitespace runs collapse to one space. Always at least one line (possibly empty).
 * @example wrapText('nothing listens on 10.0.0.11:443', 20) // ['nothing listens on', '10.0.0.11:443']
 */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length <= limit) {
      line += ` ${rest}`;
      continue;
    }
    if (line !== '') lines.push(line);
    while (rest.length > limit) {
      lines.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}
