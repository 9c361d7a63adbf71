// The spawn primitive with real processes: an answer is an answer when something the program started holds its output, or when the event loop was busy past the timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFile } from '../../../src/platform/exec';
import { ownedChildCount } from '../../../src/platform/lifetime';

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

void test('a program whose child keeps stdout open is answered when it exits, and the child is ended', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-exec-'));
  try {
    const pidFile = path.join(dir, 'pid');
    // The background sleep inherits stdout: waiting for the pipe to close would wait for it (60 s, past the 20 s limit).
    const result = await execFile('/bin/sh', ['-c', `sleep 60 & echo $! > ${pidFile}; echo answer`], { timeoutMs: 20_000 });
    assert.equal(result.timedOut, false);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'answer\n');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(pid), false, 'the child holding the pipe was killed with the group');
    assert.equal(ownedChildCount(), 0, 'nothing is still owned');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('a program that answered while the event loop was blocked past its timeout is not reported as timed out', async () => {
  const pending = execFile('/bin/sh', ['-c', 'echo fine'], { timeoutMs: 50 });
  // Synchronous work longer than the timeout (a huge file parsed, a slow disk answered synchronously).
  const until = Date.now() + 600;
  while (Date.now() < until) {
    /* busy */
  }
  const result = await pending;
  assert.equal(result.timedOut, false);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'fine\n');
});

void test('a program that really hangs is killed at its timeout with everything it started', async () => {
  const result = await execFile('/bin/sh', ['-c', 'sleep 60 & sleep 60'], { timeoutMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.code, null);
  assert.equal(ownedChildCount(), 0);
});

for (const stream of ['stdout', 'stderr'] as const) {
  void test(`${stream} is cut at maxOutputBytes, the program is stopped, and the run says so`, async () => {
    const redirect = stream === 'stderr' ? ' >&2' : '';
    const result = await execFile('/bin/sh', ['-c', `yes ${stream} | head -c 50000000${redirect}`], {
      timeoutMs: 20_000,
      maxOutputBytes: 64 * 1024,
    });
    assert.equal(result[stream].length, 64 * 1024);
    assert.equal(result.truncated, true);
  });
}

void test('a program that cannot start says why', async () => {
  const result = await execFile('/nonexistent/go', ['version'], { timeoutMs: 5_000 });
  assert.match(result.spawnError ?? '', /ENOENT/);
  assert.equal(result.code, null);
});
