// The bounded file reader on the real file system: FIFOs and devices are refused without blocking, sizes are bounded, /proc is read although it reports size 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readHeadOfRegularFile, readRegularFile, readRegularFileSync, type FileRead } from '../../../src/platform/files';

const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-files-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The outcome without the opened file's stat, which the tests below look at on their own. */
function withoutStat(read: FileRead | undefined): FileRead | undefined {
  if (!read) return read;
  const rest = { ...read };
  delete rest.stat;
  return rest;
}

for (const [name, readWithStat] of [
  ['sync', async (f: string, max: number) => readRegularFileSync(f, max)],
  ['pooled', readRegularFile],
] as const) {
  const read = async (f: string, max: number) => withoutStat(await readWithStat(f, max));
  void test(`${name}: a FIFO, a link to one and a device are refused at once, never waited on`, async () => {
    const fifo = path.join(dir, `${name}.fifo`);
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, path.join(dir, `${name}.link`));
    assert.deepEqual(await read(fifo, 1024), { refused: 'not-a-file' });
    assert.deepEqual(await read(path.join(dir, `${name}.link`), 1024), { refused: 'not-a-file' });
    assert.deepEqual(await read('/dev/zero', 1024), { refused: 'not-a-file' });
    assert.deepEqual(await read(dir, 1024), { refused: 'not-a-file' });
  });

  void test(`${name}: a file is read up to the limit and refused past it; a sparse giant is refused by its size`, async () => {
    const file = path.join(dir, `${name}.txt`);
    writeFileSync(file, 'x'.repeat(10_000));
    assert.deepEqual(await read(file, 10_000), { text: 'x'.repeat(10_000) });
    assert.deepEqual(await read(file, 9_999), { refused: 'too-large', size: 10_000 });
    const sparse = path.join(dir, `${name}.sparse`);
    writeFileSync(sparse, '');
    truncateSync(sparse, 1024 * 1024 * 1024);
    assert.deepEqual(await read(sparse, 1024 * 1024), { refused: 'too-large', size: 1024 * 1024 * 1024 });
    assert.equal(await read(path.join(dir, 'missing'), 10), undefined);
  });

  void test(`${name}: a read gives the opened file's stat, so its reader needs no stat of its own`, async () => {
    const file = path.join(dir, `${name}.stat`);
    writeFileSync(file, 'module example.com/m\n');
    const read = await readWithStat(file, 1024);
    assert.ok(read && 'text' in read && read.stat, JSON.stringify(read));
    assert.equal(read.text, 'module example.com/m\n');
    assert.deepEqual({ isFile: read.stat.isFile, size: read.stat.size }, { isFile: true, size: 21 });
    const fifo = await readWithStat('/dev/zero', 1024);
    assert.equal(fifo && 'refused' in fifo && fifo.stat?.isFile, false);
  });

  void test(`${name}: reads one after another give each file's own text (the reading buffer is reused)`, async () => {
    const long = path.join(dir, `${name}.long`);
    const short = path.join(dir, `${name}.short`);
    writeFileSync(long, 'a'.repeat(70_000));
    writeFileSync(short, 'bb');
    assert.equal(withoutStat(await readWithStat(long, 100_000)) && ((await read(long, 100_000)) as { text: string }).text.length, 70_000);
    assert.deepEqual(await read(short, 100), { text: 'bb' });
    assert.deepEqual(await read(long, 100_000), { text: 'a'.repeat(70_000) });
    assert.deepEqual(await read(short, 100), { text: 'bb' });
  });

  void test(`${name}: /proc files, whose size says 0, are read in full up to the limit`, async () => {
    const status = await read('/proc/self/status', 1024 * 1024);
    assert.ok(status && 'text' in status && /^Name:/m.test(status.text), JSON.stringify(status));
    // More than the first buffer (4 KiB) and still read whole: /proc/self/maps of a Node process is tens of KiB.
    const maps = await read('/proc/self/maps', 16 * 1024 * 1024);
    assert.ok(maps && 'text' in maps && maps.text.length > 4096);
    assert.deepEqual(await read('/proc/self/maps', 100), { refused: 'too-large', size: 101 });
  });
}

void test("a Go file's head is read from a regular file only", async () => {
  const go = path.join(dir, 'main.go');
  writeFileSync(go, 'package main\n\nfunc main() {}\n');
  assert.equal(await readHeadOfRegularFile(go, 12), 'package main');
  const fifo = path.join(dir, 'fifo.go');
  execFileSync('mkfifo', [fifo]);
  assert.equal(await readHeadOfRegularFile(fifo, 12), '');
});
