// Probes against the real go command: facts for a real module, two real toolchains on PATH, a hanging and a garbage-printing `go`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeHost } from '../../src/core/nodeHost';
import { gatherFacts, ProbeCache } from '../../src/core/probe';
import { PRIMARY_GO, SECOND_GO_VERSION, secondGoRoot } from './secondGo';

const PRIMARY_ROOT = path.dirname(path.dirname(PRIMARY_GO));
const PRIMARY_VERSION = readFileSync(path.join(PRIMARY_ROOT, 'VERSION'), 'utf8').split('\n')[0].trim();

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gohealth-probe-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function hostWithPath(pathValue: string, extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, PATH: pathValue, ...extra };
  delete env.GOROOT;
  delete env.GOTOOLCHAIN;
  return nodeHost({ env });
}

void test("real go: version, go env, sources and a module, with a broken go.mod explained in the go command's words", async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/probe\n\ngo 1.22\n\nrequire golang.org/x/mod v0.20.0\n');
  mkdirSync(path.join(dir, 'broken'));
  writeFileSync(path.join(dir, 'broken', 'go.mod'), 'module example.com/broken\n\ngo 1.22\nreplace a => b\n');
  const host = hostWithPath(`${path.dirname(PRIMARY_GO)}:/usr/bin:/bin`);
  const facts = await gatherFacts(host, { workspaceFolders: [dir], timeoutMs: 20_000 });
  assert.equal(facts.activeGo?.path, PRIMARY_GO);
  assert.equal(facts.activeGo?.goVersion, PRIMARY_VERSION);
  assert.equal(facts.activeGo?.gorootLooksValid, true);
  assert.equal(facts.goEnv.failure, undefined);
  assert.equal(facts.goEnv.vars.GOROOT, PRIMARY_ROOT);
  assert.equal(facts.goEnv.vars.GOVERSION, PRIMARY_VERSION);
  assert.equal(facts.env.GOROOT.value, PRIMARY_ROOT);
  assert.equal(facts.gorootEnvFile?.path, path.join(PRIMARY_ROOT, 'go.env'));
  assert.equal(facts.goroot?.version, PRIMARY_VERSION);
  assert.ok(['goroot-go.env', 'default', 'os', 'goenv-file'].includes(facts.env.GOTOOLCHAIN.source));
  const main = facts.modules.find((m) => m.file === path.join(dir, 'go.mod'))!;
  assert.deepEqual(main.go, { value: '1.22', line: 3, column: 4, endColumn: 8 });
  assert.deepEqual(main.requires, [{ path: 'golang.org/x/mod', version: 'v0.20.0', line: 5, indirect: false }]);
  assert.equal(main.hasGoSum, false);
  const broken = facts.modules.find((m) => m.dir === path.join(dir, 'broken'))!;
  assert.deepEqual(broken.errors, [
    {
      line: 4,
      column: 1,
      message: 'go.mod:4: replacement module without version must be directory path (rooted or starting with . or ..)',
    },
  ]);
  assert.equal(facts.probeErrors, undefined);
});

void test('real go: a second gatherFacts with the cache spawns nothing', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/cached\n\ngo 1.22\n');
  const host = hostWithPath(`${path.dirname(PRIMARY_GO)}:/usr/bin:/bin`);
  const cache = new ProbeCache();
  const first = await gatherFacts(host, { workspaceFolders: [dir], timeoutMs: 20_000, cache });
  const spawned = cache.spawnCount;
  assert.ok(spawned >= 2);
  const second = await gatherFacts(host, { workspaceFolders: [dir], timeoutMs: 20_000, cache });
  assert.equal(cache.spawnCount, spawned);
  assert.deepEqual(second.activeGo, first.activeGo);
  assert.deepEqual(second.modules, first.modules);
});

void test('two real toolchains on PATH: two installations with their own versions, the first one active', async () => {
  const second = await secondGoRoot();
  const host = hostWithPath(`${path.join(second, 'bin')}:${path.dirname(PRIMARY_GO)}:/usr/bin:/bin`);
  const facts = await gatherFacts(host, { workspaceFolders: [], timeoutMs: 20_000 });
  assert.deepEqual(
    facts.goInstallations.map((g) => [g.goroot, g.goVersion, g.gorootLooksValid]),
    [
      [second, SECOND_GO_VERSION, true],
      [PRIMARY_ROOT, PRIMARY_VERSION, true],
    ],
  );
  assert.equal(facts.activeGo?.goroot, second);
  assert.equal(facts.goEnv.vars.GOVERSION, SECOND_GO_VERSION);
  assert.equal(facts.goEnv.vars.GOROOT, second);
});

function pidsAlive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

void test('a hanging go ends within the timeout as a timeout failure, with its whole process group gone', async (t) => {
  const dir = tempDir(t);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const pidFile = path.join(dir, 'pids');
  // The fake go starts a grandchild too: killing only the direct child would leave that one running.
  writeFileSync(path.join(bin, 'go'), `#!/bin/sh\necho $$ >> '${pidFile}'\nsleep 60 &\necho $! >> '${pidFile}'\nwait\n`);
  chmodSync(path.join(bin, 'go'), 0o755);
  const host = hostWithPath(`${bin}:/usr/bin:/bin`);
  const facts = await gatherFacts(host, { workspaceFolders: [], timeoutMs: 700 });
  assert.equal(facts.goEnv.failure?.kind, 'timeout');
  assert.match(facts.goEnv.failure!.message, /did not answer within 700 ms/);
  assert.match(facts.activeGo?.versionError ?? '', /did not answer/);
  const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  assert.ok(pids.length >= 2, 'the script started');
  let alive = pidsAlive(pids);
  for (let i = 0; i < 40 && alive.length; i++) {
    await new Promise((r) => setTimeout(r, 50));
    alive = pidsAlive(alive);
  }
  assert.deepEqual(alive, [], 'no process left behind');
});

void test('a go that prints garbage yields a garbage failure and no versions', async (t) => {
  const dir = tempDir(t);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'go'), '#!/bin/sh\necho "Welcome to go! This is not JSON."\n');
  chmodSync(path.join(bin, 'go'), 0o755);
  const host = hostWithPath(`${bin}:/usr/bin:/bin`);
  const facts = await gatherFacts(host, { workspaceFolders: [], timeoutMs: 5000 });
  assert.equal(facts.goEnv.failure?.kind, 'garbage');
  assert.match(facts.goEnv.failure!.message, /Welcome to go/);
  assert.equal(facts.activeGo?.goVersion, undefined);
  assert.equal(facts.activeGo?.gorootLooksValid, false);
});
