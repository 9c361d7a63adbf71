// DAP wire framing: splits a byte stream into Content-Length framed JSON messages, and encodes them.
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../shared/jsonDepth';

/** Any DAP message as it travels: a request, response or event, with whatever fields the sender put in. */
export type DapMessage = Record<string, unknown> & { seq?: unknown; type?: unknown };

/** A frame that could not be turned into a message; the stream stays usable after it. */
export interface DapFrameError {
  reason: 'bad-header' | 'too-large' | 'too-deep' | 'bad-json' | 'not-an-object';
  detail: string;
}

interface DapReaderOptions {
  /** Frames announcing more bytes than this are skipped without being buffered. */
  maxMessageBytes?: number;
  /** Header blocks longer than this are treated as garbage (no sender needs more than a few headers). */
  maxHeaderBytes?: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const HEADER_NAME = Buffer.from('Content-Length:');

/**
 * Incremental reader: feed it chunks with {@link DapReader.push}; it calls back once per message or
 * per broken frame. A frame announcing more than the limit is never buffered: the reader drops
 * bytes until the next `Content-Length:` header, so one hostile frame cannot end the session.
 */
export class DapReader {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  private resyncing = false;
  private readonly maxMessageBytes: number;
  private readonly maxHeaderBytes: number;

  constructor(
    private readonly onMessage: (message: DapMessage, raw: Buffer) => void,
    private readonly onError: (error: DapFrameError) => void,
    options: DapReaderOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.resyncing) {
        const next = this.buffer.indexOf(HEADER_NAME);
        if (next < 0) {
          // Keep a tail that may be the start of a header split across chunks.
          this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - HEADER_NAME.length + 1));
          return;
        }
        this.buffer = this.buffer.subarray(next);
        this.resyncing = false;
      }
      if (this.bodyLength < 0) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buffer.length > this.maxHeaderBytes) this.dropGarbage(this.buffer.length);
          return;
        }
        if (end > this.maxHeaderBytes) {
          this.dropGarbage(end + HEADER_END.length);
          continue;
        }
        const header = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        const length = contentLength(header);
        if (length === undefined) {
          this.onError({ reason: 'bad-header', detail: `no valid Content-Length in header ${JSON.stringify(header.slice(0, 200))}` });
          // Its body, of unknown length, follows: skip to the next header.
          this.resyncing = true;
          continue;
        }
        if (length > this.maxMessageBytes) {
          // Skipping `length` bytes could swallow the rest of the session; instead drop bytes up to the next header.
          this.onError({
            reason: 'too-large',
            detail: `Content-Length ${length} exceeds the limit of ${this.maxMessageBytes} bytes; the message was skipped`,
          });
          this.resyncing = true;
          continue;
        }
        this.bodyLength = length;
      }
      if (this.buffer.length < this.bodyLength) return;
      const body = this.buffer.subarray(0, this.bodyLength);
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      this.deliver(body);
    }
  }

  private dropGarbage(bytes: number): void {
    this.onError({ reason: 'bad-header', detail: `${bytes} bytes without a DAP header were dropped` });
    this.buffer = this.buffer.subarray(bytes);
    this.resyncing = true;
  }

  private deliver(body: Buffer): void {
    // Parsing would succeed, but re-encoding it (JSON.stringify recurses) would overflow the stack and end the session.
    if (nestsDeeperThan(body)) {
      this.onError({ reason: 'too-deep', detail: `the message nests more than ${MAX_JSON_DEPTH} levels deep; it was skipped` });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (e) {
      this.onError({ reason: 'bad-json', detail: (e as Error).message });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.onError({
        reason: 'not-an-object',
        detail: `a DAP message must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
      });
      return;
    }
    this.onMessage(parsed as DapMessage, body);
  }
}

/** The Content-Length value of a header block (other headers are allowed and ignored), or undefined. */
function contentLength(header: string): number | undefined {
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,16}$/.test(value)) return undefined;
    return Number(value);
  }
  return undefined;
}

/** One DAP message as bytes on the wire. */
export function encodeDapMessage(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}
