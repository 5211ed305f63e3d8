/**
 * The position after the last item of a page, newest first by (time, id): opaque to clients, so the order
 * may gain columns without breaking their links.
 */
export interface PageCursor {
  ms: number;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.ms}\n${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor a `before` parameter holds, or undefined when it is not one this server wrote. */
export function decodeCursor(text: string): PageCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const newline = decoded.indexOf('\n');
  if (newline < 0) return undefined;
  const ms = Number(decoded.slice(0, newline));
  const id = decoded.slice(newline + 1);
  return Number.isSafeInteger(ms) && id.length > 0 ? { ms, id } : undefined;
}
