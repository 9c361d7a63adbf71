// Reading a file that someone else controls: only a regular file, never more than a limit, and never a FIFO or device that would block.
import * as fs from 'node:fs';

/** What reading gave: the text, or why it was not read. `undefined` from the readers means there is no such file. */
export type FileRead = { text: string } | { refused: 'not-a-file' | 'too-large' | 'unreadable'; size?: number };

/**
 * Opened without blocking: opening a FIFO for reading otherwise waits for a writer, and a check would hang on a
 * file a repository or a broken setup put where a go.mod or a tool should be. The open file is then judged by
 * fstat (not a stat of the name before it, which a swap could outrun).
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function refusedFor(error: unknown): FileRead | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { refused: 'unreadable' };
}

/** A read buffer that grows up to one byte past the limit (that byte read means: too large). */
class BoundedBuffer {
  length = 0;
  private buffer: Buffer;

  constructor(
    expected: number,
    private readonly maxBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(expected, 4096)) + 1);
  }

  /** Where the next read goes, or undefined once more than the limit has been read. */
  room(): { buffer: Buffer; offset: number; length: number } | undefined {
    if (this.length > this.maxBytes) return undefined;
    if (this.length === this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.maxBytes + 1, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    return { buffer: this.buffer, offset: this.length, length: this.buffer.length - this.length };
  }

  text(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }
}

/** Reads at most `maxBytes` of a regular file (files in /proc report size 0, so the size alone is not trusted). */
export function readRegularFileSync(file: string, maxBytes: number): FileRead | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    return refusedFor(e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { refused: 'not-a-file' };
    if (st.size > maxBytes) return { refused: 'too-large', size: st.size };
    const reading = new BoundedBuffer(st.size, maxBytes);
    for (;;) {
      const room = reading.room();
      if (!room) return { refused: 'too-large', size: reading.length };
      const n = fs.readSync(fd, room.buffer, room.offset, room.length, null);
      if (n === 0) return { text: reading.text() };
      reading.length += n;
    }
  } catch {
    return { refused: 'unreadable' };
  } finally {
    fs.closeSync(fd);
  }
}

/** The same, through the thread pool (for network shares and slow mounts). */
export async function readRegularFile(file: string, maxBytes: number): Promise<FileRead | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (e) {
    return refusedFor(e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { refused: 'not-a-file' };
    if (st.size > maxBytes) return { refused: 'too-large', size: st.size };
    const reading = new BoundedBuffer(st.size, maxBytes);
    for (;;) {
      const room = reading.room();
      if (!room) return { refused: 'too-large', size: reading.length };
      const { bytesRead } = await handle.read(room.buffer, room.offset, room.length, null);
      if (bytesRead === 0) return { text: reading.text() };
      reading.length += bytesRead;
    }
  } catch {
    return { refused: 'unreadable' };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The text of a regular file up to `maxBytes`, or undefined for anything else (missing, special, too large, unreadable). */
export function readTextSync(file: string, maxBytes: number): string | undefined {
  const read = readRegularFileSync(file, maxBytes);
  return read && 'text' in read ? read.text : undefined;
}

/** The first `bytes` of a regular file ('' for anything else): enough to see a Go file's package clause. */
export async function readHeadOfRegularFile(file: string, bytes: number): Promise<string> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
    if (!(await handle.stat()).isFile()) return '';
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
