// Probe cache: a second check with nothing changed spawns nothing; changes and explicit invalidation re-read just what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts, ProbeCache } from '../../../src/core/probe';
import { fakeHost } from '../support/fakeHost';

function setup() {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin:/home/dev/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', '1.26.8');
  host.installTool('/home/dev/go/bin', 'gopls', { goVersion: 'go1.26.8', mod: { path: 'golang.org/x/tools/gopls', version: 'v0.20.0' } });
  host.writeFile('/app/go.mod', 'module app\n\ngo 1.22\n');
  host.writeFile(
    '/app/.github/workflows/ci.yml',
    "jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n",
  );
  return host;
}

void test('a second gatherFacts with nothing changed spawns nothing and returns the same facts', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: ['/app'], timeoutMs: 5000, cache };
  const first = await gatherFacts(host, options);
  assert.equal(cache.spawnCount, 2);
  const callsBefore = host.calls.length;
  const second = await gatherFacts(host, options);
  assert.equal(cache.spawnCount, 2);
  assert.equal(host.calls.length, callsBefore);
  // The release list is read once per run (the second from the cache the first wrote): compared by what it lists.
  const strip = (f: typeof first) => ({ ...f, timingsMs: {}, releases: f.releases?.versions });
  assert.deepEqual(strip(second), strip(first));
});

void test('editing the go env file re-runs go env (the file changed on disk) and gives the new value', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: ['/app'], timeoutMs: 5000, cache };
  await gatherFacts(host, options);
  host.writeFile('/home/dev/.config/go/env', 'GOPROXY=off\n');
  const facts = await gatherFacts(host, options);
  assert.equal(facts.env.GOPROXY.value, 'off');
  assert.equal(host.calls.filter((c) => c.args[0] === 'env').length, 2);
  // go version -m did not depend on that file: still one run.
  assert.equal(host.calls.filter((c) => c.args[0] === 'version').length, 1);
});

void test('a changed go.mod is re-read and re-parsed; a new tool on PATH is picked up', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: ['/app'], timeoutMs: 5000, cache };
  await gatherFacts(host, options);
  host.writeFile('/app/go.mod', 'module app\n\ngo 1.24.0\n');
  host.installTool('/home/dev/go/bin', 'dlv', { goVersion: 'go1.26.8', mod: { path: 'github.com/go-delve/delve', version: 'v1.26.0' } });
  const facts = await gatherFacts(host, options);
  assert.equal(facts.modules[0].go?.value, '1.24.0');
  assert.equal(facts.tools.find((t) => t.name === 'dlv')?.pathCopies[0]?.moduleVersion, 'v1.26.0');
});

void test('invalidateFile drops one file even when size and mtime look unchanged; invalidateAll drops everything', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: ['/app'], timeoutMs: 5000, cache };
  await gatherFacts(host, options);
  // Same length, same mtime: only an explicit invalidation (a watcher event) can tell.
  host.writeFile('/app/go.mod', { content: 'module app\n\ngo 1.23\n', mtimeMs: (await host.fs.stat('/app/go.mod'))!.mtimeMs });
  assert.equal((await gatherFacts(host, options)).modules[0].go?.value, '1.22');
  cache.invalidateFile('/app/go.mod');
  assert.equal((await gatherFacts(host, options)).modules[0].go?.value, '1.23');
  assert.equal(cache.spawnCount, 2);
  cache.invalidateAll();
  await gatherFacts(host, options);
  assert.equal(cache.spawnCount, 4);
});

void test('invalidating the GOENV file re-runs go env only', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: ['/app'], timeoutMs: 5000, cache };
  await gatherFacts(host, options);
  cache.invalidateFile('/home/dev/.config/go/env');
  await gatherFacts(host, options);
  assert.deepEqual(host.calls.map((c) => c.args[0]).sort(), ['env', 'env', 'version']);
});

void test('a timed-out go is not cached: the next check tries again', async () => {
  let hang = true;
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' },
    exec: () => (hang ? { code: null, timedOut: true } : undefined),
  });
  host.installGo('/usr/local/go', '1.26.8');
  const cache = new ProbeCache();
  const options = { workspaceFolders: [], timeoutMs: 100, cache };
  assert.equal((await gatherFacts(host, options)).goEnv.failure?.kind, 'timeout');
  hang = false;
  const facts = await gatherFacts(host, options);
  assert.equal(facts.goEnv.failure, undefined);
  assert.equal(facts.activeGo?.goVersion, 'go1.26.8');
});

void test('a different environment is a different cache entry', async () => {
  const host = setup();
  const cache = new ProbeCache();
  const options = { workspaceFolders: [], timeoutMs: 5000, cache };
  await gatherFacts(host, options);
  host.setEnv('GOFLAGS', '-mod=vendor');
  const facts = await gatherFacts(host, options);
  assert.equal(facts.env.GOFLAGS.value, '-mod=vendor');
  // go env runs again; go version -m does not, as it runs without the user's GOFLAGS.
  assert.equal(cache.spawnCount, 3);
});
