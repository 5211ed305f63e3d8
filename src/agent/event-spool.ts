import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type HostEvent, hostEventSchema } from '../incidents/host-event.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * The spool: SPOOL/events.jsonl, one event per line, in sequence order. New events are appended and
 * fsync'd before the state that commits them is written; events the server acknowledged are removed by
 * rewriting the file atomically. A crash can tear only the last line, which reading drops.
 */
export const SPOOL_FILE = 'events.jsonl';

/** One spooled event with its line, so sizes are counted once. */
export interface SpoolEntry {
  event: HostEvent;
  line: string;
  bytes: number;
}

export interface SpoolContents {
  entries: SpoolEntry[];
  /** bytes of the file as found */
  bytes: number;
  /** a last line without its newline (a write cut short) */
  torn: boolean;
  /** lines that are not events (a disk error, a hand edit) */
  invalid: number;
  /** the file was larger than could be read: only its newest part was */
  cut: boolean;
}

export function toSpoolEntry(event: HostEvent): SpoolEntry {
  const line = `${JSON.stringify(event)}\n`;
  return { event, line, bytes: Buffer.byteLength(line) };
}

/** Reads the spool, at most `maxBytes` of it (the newest part when it is larger). */
export async function readSpool(dir: string, maxBytes: number): Promise<SpoolContents> {
  const path = join(dir, SPOOL_FILE);
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries: [], bytes: 0, torn: false, invalid: 0, cut: false };
    throw error;
  }
  let text: string;
  let bytes: number;
  let cut: boolean;
  try {
    bytes = (await file.stat()).size;
    cut = bytes > maxBytes;
    const length = Math.min(bytes, maxBytes);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, bytes - length);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
  // Started mid-file: the first line is a piece of one.
  if (cut) text = text.slice(text.indexOf('\n') + 1);
  const torn = text !== '' && !text.endsWith('\n');
  const lines = text.split('\n').slice(0, -1);
  const entries: SpoolEntry[] = [];
  let invalid = 0;
  for (const line of lines) {
    const event = parseEvent(line);
    if (event === undefined) invalid += 1;
    else entries.push(toSpoolEntry(event));
  }
  return { entries, bytes, torn, invalid, cut };
}

function parseEvent(line: string): HostEvent | undefined {
  try {
    const checked = hostEventSchema.safeParse(JSON.parse(line));
    return checked.success ? checked.data : undefined;
  } catch {
    return undefined;
  }
}

/** Appends events and fsyncs them: on disk before anything is sent or committed. */
export async function appendToSpool(dir: string, entries: readonly SpoolEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const file = await open(join(dir, SPOOL_FILE), 'a', 0o600);
  try {
    await file.writeFile(entries.map((e) => e.line).join(''));
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Replaces the spool with exactly these events (after acknowledgements, or when dropping the oldest). */
export async function rewriteSpool(dir: string, entries: readonly SpoolEntry[]): Promise<void> {
  await writeFileAtomic(join(dir, SPOOL_FILE), entries.map((e) => e.line).join(''));
}
