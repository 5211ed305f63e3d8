import type { BodyFraming } from './choose-framing.js';
import { type ChunkedDecoder, createChunkedDecoder } from './decode-chunked.js';
import type { HttpParseError } from './http-parse-error.js';

/** 'capped' means more arrived than the cap allows: what fits is kept and the rest is not read. */
export type BodyStatus = 'more' | 'done' | 'capped' | HttpParseError;

/**
 * Collects one response body as it arrives, up to a byte cap. Reaching the cap exactly is not truncation:
 * only a byte beyond it is. A class rather than closures: one reader per probe, and its methods are shared.
 */
export class BodyReader {
  /** the body bytes kept so far, views into the received data */
  readonly chunks: Buffer[] = [];
  bytes = 0;
  private capped = false;
  private complete: boolean;
  private remaining: number;
  private readonly decoder: ChunkedDecoder | undefined;
  private readonly keepPiece: ((piece: Buffer) => void) | undefined;

  constructor(
    private readonly framing: BodyFraming,
    private readonly maxBytes: number,
  ) {
    this.remaining = framing.length;
    this.complete = framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0);
    const chunked = framing.kind === 'chunked';
    this.decoder = chunked ? createChunkedDecoder() : undefined;
    this.keepPiece = chunked ? (piece) => this.keep(piece, 0, piece.length) : undefined;
  }

  /** Reads `data` from `start`; bytes after the end of the body are ignored. */
  feed(data: Buffer, start: number): BodyStatus {
    if (this.complete) return 'done';
    if (this.decoder !== undefined) {
      const status = this.decoder.feed(data, start, this.keepPiece as (piece: Buffer) => void);
      if (this.capped) return 'capped';
      if (status === 'done') this.complete = true;
      return status;
    }
    if (this.framing.kind === 'close') {
      this.keep(data, start, data.length);
      return this.capped ? 'capped' : 'more';
    }
    const take = Math.min(this.remaining, data.length - start);
    this.keep(data, start, start + take);
    this.remaining -= take;
    if (this.capped) return 'capped';
    if (this.remaining > 0) return 'more';
    this.complete = true;
    return 'done';
  }

  /** Whether the body is whole if the connection ends now. */
  isCompleteAtClose(): boolean {
    return this.complete || this.framing.kind === 'close';
  }

  /** The kept body as UTF-8 text. */
  readText(): string {
    const { chunks } = this;
    if (chunks.length === 0) return '';
    return chunks.length === 1
      ? (chunks[0] as Buffer).toString('utf8')
      : Buffer.concat(chunks).toString('utf8');
  }

  private keep(data: Buffer, start: number, end: number): void {
    if (this.capped || end <= start) return;
    const room = this.maxBytes - this.bytes;
    if (end - start > room) {
      if (room > 0) this.chunks.push(data.subarray(start, start + room));
      this.bytes += Math.max(0, room);
      this.capped = true;
      return;
    }
    this.chunks.push(start === 0 && end === data.length ? data : data.subarray(start, end));
    this.bytes += end - start;
  }
}

/** A reader for a body framed as `framing` that keeps at most `maxBytes`. */
export function createBodyReader(framing: BodyFraming, maxBytes: number): BodyReader {
  return new BodyReader(framing, maxBytes);
}
