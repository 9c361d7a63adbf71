// Reading a file that someone else controls: only a regular file, never more than a limit, and never a FIFO or device that would block.
import * as fs from 'node:fs';

/** The opened file's fstat, in the shape of the engine's FileStat: a caller that has it needs no stat of its own. */
export interface OpenedStat {
  isFile: boolean;
  isDirectory: boolean;
  mode: number;
  size: number;
  mtimeMs: number;
}

/** What reading gave: the text, or why it was not read. `undefined` from the readers means there is no such file. */
export type FileRead =
  { text: string; stat?: OpenedStat } | { refused: 'not-a-file' | 'too-large' | 'unreadable'; size?: number; stat?: OpenedStat };

/** A Node stat in that shape (the real host's stat gives the same). */
export function openedStat(s: fs.Stats): OpenedStat {
  return { isFile: s.isFile(), isDirectory: s.isDirectory(), mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
}

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
    scratch?: Buffer,
  ) {
    const want = Math.min(maxBytes, Math.max(expected, 4096)) + 1;
    // A view of the shared buffer as long as a fresh one would be: a read never asks for more than the limit allows.
    this.buffer = scratch && scratch.length >= want ? scratch.subarray(0, want) : Buffer.allocUnsafe(want);
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

  /**
   * Whether the read that just gave `n` of the `asked` bytes was the last: nothing came, or a regular file of
   * `size` bytes has given them all and fewer than asked (it reads short only at its end: one call per file saved).
   */
  done(n: number, asked: number, size: number): boolean {
    return n === 0 || (size > 0 && n < asked && this.length >= size);
  }

  text(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }
}

/**
 * The synchronous reader's buffer, reused: a read of ten thousand go.mod files would otherwise allocate a buffer
 * outside the heap for each (4 KB and up), which the garbage collector frees late and the process's memory shows.
 */
const scratch = Buffer.allocUnsafeSlow(64 * 1024 + 1);

/**
 * Reads at most `maxBytes` of a regular file (files in /proc report size 0, so the size alone is not trusted:
 * their end is the read that returns nothing).
 */
export function readRegularFileSync(file: string, maxBytes: number): FileRead | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    return refusedFor(e);
  }
  try {
    const st = fs.fstatSync(fd);
    const stat = openedStat(st);
    if (!st.isFile()) return { refused: 'not-a-file', stat };
    if (st.size > maxBytes) return { refused: 'too-large', size: st.size, stat };
    const reading = new BoundedBuffer(st.size, maxBytes, scratch);
    for (;;) {
      const room = reading.room();
      if (!room) return { refused: 'too-large', size: reading.length, stat };
      const n = fs.readSync(fd, room.buffer, room.offset, room.length, null);
      reading.length += n;
      if (reading.done(n, room.length, st.size)) return { text: reading.text(), stat };
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
    const stat = openedStat(st);
    if (!st.isFile()) return { refused: 'not-a-file', stat };
    if (st.size > maxBytes) return { refused: 'too-large', size: st.size, stat };
    const reading = new BoundedBuffer(st.size, maxBytes);
    for (;;) {
      const room = reading.room();
      if (!room) return { refused: 'too-large', size: reading.length, stat };
      const { bytesRead } = await handle.read(room.buffer, room.offset, room.length, null);
      reading.length += bytesRead;
      if (reading.done(bytesRead, room.length, st.size)) return { text: reading.text(), stat };
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
