// The real host's file system answers alike whether it answers synchronously (local disk) or through the thread pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeHost, realFs } from '../../src/core/nodeHost';

function sandbox(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gohealth-realfs-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'notes.txt'), 'héllo\n', { mode: 0o644 });
  fs.symlinkSync(path.join(dir, 'bin', 'tool'), path.join(dir, 'link'));
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken'));
  fs.mkdirSync(path.join(dir, 'locked'), { mode: 0o555 });
  return dir;
}

void test('synchronous and thread-pool answers are the same for files, links, missing paths and directories', async () => {
  const dir = sandbox();
  try {
    const local = realFs(() => true, process.platform);
    const remote = realFs(() => false, process.platform);
    const probe = async (f: typeof local) => {
      const out: unknown[] = [];
      for (const name of ['bin', 'bin/tool', 'bin/notes.txt', 'link', 'broken', 'missing', 'locked']) {
        const file = path.join(dir, name);
        const st = await f.stat(file);
        out.push([
          name,
          st && { ...st, mtimeMs: Math.round(st.mtimeMs) },
          await f.realpath(file),
          await f.isExecutable(file),
          await f.isWritableDir(file),
          await f
            .readFile(file, 1024 * 1024)
            .then((read) => read && (read.stat ? { ...read, stat: { ...read.stat, mtimeMs: Math.round(read.stat.mtimeMs) } } : read)),
        ]);
      }
      out.push(
        (await f.readdir(path.join(dir, 'bin')))?.sort((a, b) => a.name.localeCompare(b.name)),
        await f.readdir(path.join(dir, 'missing')),
      );
      return out;
    };
    const [sync, pooled] = [await probe(local), await probe(remote)];
    assert.deepEqual(sync, pooled);
    // And the answers are the right ones, not the same wrong ones.
    const byName = new Map((sync.slice(0, 7) as [string, unknown, string | undefined, boolean, boolean, unknown][]).map((r) => [r[0], r]));
    assert.equal(byName.get('bin/tool')?.[3], true);
    assert.equal(byName.get('bin/notes.txt')?.[3], false);
    // The text, with the opened file's own stat (its reader needs no stat of its own).
    assert.deepEqual(byName.get('bin/notes.txt')?.[5], { text: 'héllo\n', stat: byName.get('bin/notes.txt')?.[1] });
    assert.deepEqual(byName.get('bin')?.[5], { refused: 'not-a-file', stat: byName.get('bin')?.[1] }, 'a directory is refused, not read');
    assert.equal(byName.get('missing')?.[5], undefined);
    assert.equal(byName.get('link')?.[2], fs.realpathSync(path.join(dir, 'bin', 'tool')));
    assert.equal(byName.get('broken')?.[1], undefined);
    assert.equal(byName.get('missing')?.[2], undefined);
    assert.equal(byName.get('bin')?.[4], true);
    if (process.getuid?.() !== 0) assert.equal(byName.get('locked')?.[4], false);
  } finally {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('the real host says the root file system here is local, and a relative path is not', () => {
  const host = nodeHost();
  assert.equal(host.fs.isLocal?.(os.tmpdir()), true);
  assert.equal(host.fs.isLocal?.('relative/bin'), false);
});
