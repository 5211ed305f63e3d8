/** Standard input is read whole before parsing; a configuration is kilobytes, so this only stops a runaway pipe. */
export const MAX_STDIN_BYTES = 4 * 1_048_576;

/**
 * Reads all of `stdin` as UTF-8, at most `maxBytes`: undefined when there was more, so the caller can say so
 * in its own terms instead of parsing a cut document.
 */
export async function readStdin(
  stdin: NodeJS.ReadableStream,
  maxBytes: number = MAX_STDIN_BYTES,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
