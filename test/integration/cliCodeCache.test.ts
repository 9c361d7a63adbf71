// The gohealth launcher keeps V8's code cache in the user's cache directory, safely, and never lets it change a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, runCli, runCliAt, Sandbox } from './cliHarness';

function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.v8')) : [];
}

void test('the first run leaves a private code cache, later runs reuse it, and the report is the same either way', async () => {
  const box = new Sandbox();
  try {
    const mod = box.module('app', 'module example.com/app\n\ngo 1.22\n');
    const env = box.env();
    const dir = path.join(box.home, '.cache', 'gohealth');
    const first = await runCli(['check', '--format', 'json'], { env, cwd: mod });
    assert.equal(first.code, 0, first.stderr);
    const [name] = cacheFiles(dir);
    assert.ok(name, 'a cache file was written');
    const file = path.join(dir, name);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const written = fs.statSync(file).mtimeMs;

    const second = await runCli(['check', '--format', 'json'], { env, cwd: mod });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(fs.statSync(file).mtimeMs, written, 'a cache that was accepted is not written again');
    const findings = (out: string) => (JSON.parse(out) as { findings: { checkId: string }[] }).findings.map((f) => f.checkId).sort();
    assert.deepEqual(findings(second.stdout), findings(first.stdout));

    // Another user's (here: anyone-writable) or damaged cache is not trusted: the run is right and replaces it.
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    fs.chmodSync(file, 0o666);
    const third = await runCli(['check', '--format', 'json'], { env, cwd: mod });
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(findings(third.stdout), findings(first.stdout));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.notDeepEqual(fs.readFileSync(file).subarray(0, 16), Buffer.alloc(16, 7));

    fs.writeFileSync(file, Buffer.alloc(4096, 9), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    const fourth = await runCli(['check', '--format', 'json'], { env, cwd: mod });
    assert.equal(fourth.code, 0, fourth.stderr);
    assert.notDeepEqual(fs.readFileSync(file).subarray(0, 16), Buffer.alloc(16, 9), 'a cache V8 rejects is made anew');
  } finally {
    box.cleanup();
  }
});

void test('a cache made for another build is removed, XDG_CACHE_HOME is honoured, and GOHEALTH_CODE_CACHE=off writes nothing', async () => {
  const box = new Sandbox();
  try {
    const mod = box.module('app', 'module example.com/app\n\ngo 1.22\n');
    const xdg = path.join(box.root, 'xdg');
    fs.mkdirSync(path.join(xdg, 'gohealth'), { recursive: true, mode: 0o700 });
    const stale = path.join(xdg, 'gohealth', 'cli-000000000000000000000000.v8');
    fs.writeFileSync(stale, 'old', { mode: 0o600 });
    const unrelated = path.join(xdg, 'gohealth', 'notes.txt');
    fs.writeFileSync(unrelated, 'keep');
    const run = await runCli(['check'], { env: box.env({ XDG_CACHE_HOME: xdg }), cwd: mod });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(unrelated), true);
    assert.equal(cacheFiles(path.join(xdg, 'gohealth')).length, 1);

    const off = await runCli(['check'], { env: box.env({ GOHEALTH_CODE_CACHE: 'off' }), cwd: mod });
    assert.equal(off.code, 0, off.stderr);
    // The directory may hold the list of Go releases; no code cache is written beside it.
    assert.deepEqual(cacheFiles(path.join(box.home, '.cache', 'gohealth')), []);
  } finally {
    box.cleanup();
  }
});

void test('rewriting the bundle, even with text of the same length, retires its cache', async () => {
  const box = new Sandbox();
  try {
    const mod = box.module('app', 'module example.com/app\n\ngo 1.22\n');
    // A copy of the built CLI that this test may rewrite.
    const dist = path.join(box.root, 'dist');
    fs.mkdirSync(dist);
    for (const name of ['cli.js', 'cliMain.js', 'yaml.js']) fs.copyFileSync(path.join(path.dirname(CLI), name), path.join(dist, name));
    const cli = path.join(dist, 'cli.js');
    const env = box.env();
    const dir = path.join(box.home, '.cache', 'gohealth');
    const run = async () => {
      const r = await runCliAt(cli, ['check', '--format', 'json'], { env, cwd: mod });
      assert.equal(r.code, 0, r.stderr);
      return cacheFiles(dir);
    };
    const [first] = await run();
    assert.ok(first);
    assert.deepEqual(await run(), [first]);
    // Same bytes written again: a rebuild that changed nothing visible to V8's length check.
    fs.writeFileSync(path.join(dist, 'cliMain.js'), fs.readFileSync(path.join(dist, 'cliMain.js')));
    const after = await run();
    assert.equal(after.length, 1);
    assert.notEqual(after[0], first);
  } finally {
    box.cleanup();
  }
});

void test('a FIFO in place of the code cache neither hangs the start nor is trusted; the run replaces it with a real cache', async () => {
  const box = new Sandbox();
  try {
    const mod = box.module('app', 'module example.com/app\n\ngo 1.22\n');
    const env = box.env();
    const dir = path.join(box.home, '.cache', 'gohealth');
    assert.equal((await runCli(['check', '--format', 'json'], { env, cwd: mod })).code, 0);
    const [name] = cacheFiles(dir);
    const file = path.join(dir, name!);
    fs.rmSync(file);
    execFileSync('mkfifo', ['-m', '600', file]);
    // Opening a FIFO for reading waits for a writer: before, this run never ended.
    const run = await runCli(['check', '--format', 'json'], { env, cwd: mod, timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.statSync(file).isFile(), 'the FIFO was replaced by a cache file');
  } finally {
    box.cleanup();
  }
});
