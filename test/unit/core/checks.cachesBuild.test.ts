// Caches- and build-area checks: GOCACHE=off, unwritable caches, WSL drive mounts, GOOS/GOARCH and cgo settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GOENV_FILE,
  HOME,
  assertFixIdsUnique,
  findingsOf,
  fixOf,
  healthyFacts,
  one,
  quiet,
  setEnv,
  windowsFacts,
  wslFacts,
} from '../support/factsBuilder';

void test('gocache-off quotes the go command and offers to unset GOCACHE', () => {
  const f = healthyFacts();
  setEnv(f, 'GOCACHE', 'off', 'goenv-file', 2);
  const x = one(f, 'gocache-off');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /build cache is disabled by GOCACHE=off, but required as of Go 1\.12/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 2, column: 1, endColumn: 1 + 'GOCACHE=off'.length });
  assert.equal(fixOf(x, 'go-env-write').value, undefined);
  quiet(healthyFacts(), 'gocache-off');
});

void test('cache-unwritable fires per unwritable directory with ownership instructions and a writable alternative', () => {
  const f = healthyFacts();
  setEnv(f, 'GOMODCACHE', '/srv/gomod', 'goenv-file', 1);
  f.dirs.GOMODCACHE = { path: '/srv/gomod', exists: true, writable: false };
  const x = one(f, 'cache-unwritable');
  assert.equal(x.severity, 'error');
  assert.equal(x.evidence.path, '/srv/gomod');
  const w = fixOf(x, 'go-env-write');
  assert.deepEqual([w.variable, w.value], ['GOMODCACHE', `${HOME}/go/pkg/mod`]);
  assert.ok(fixOf(x, 'instructions').commands?.some((c) => c.elevated && c.text.includes('chown')));
  quiet(healthyFacts(), 'cache-unwritable');
});

void test('cache-unwritable for the default location offers only the ownership fix', () => {
  const f = healthyFacts();
  f.dirs.installDir = { path: `${HOME}/go/bin`, exists: false, writable: false };
  const x = one(f, 'cache-unwritable');
  assert.deepEqual(
    x.fixes.map((fx) => fx.kind),
    ['instructions'],
  );
  const w = windowsFacts();
  w.dirs.GOCACHE = { path: 'D:\\cache', exists: true, writable: false };
  const y = one(w, 'cache-unwritable');
  assert.ok(fixOf(y, 'instructions').commands?.some((c) => c.shell === 'powershell' && c.text.startsWith('icacls')));
});

void test('cache-on-slow-fs fires in WSL for caches and workspaces on /mnt/c, and never outside WSL', () => {
  const f = wslFacts();
  setEnv(f, 'GOMODCACHE', '/mnt/c/Users/dev/go/pkg/mod', 'goenv-file', 1);
  f.workspaceFolders = ['/mnt/c/src/app'];
  const found = findingsOf(f, 'cache-on-slow-fs');
  assert.deepEqual(
    found.map((x) => x.severity),
    ['warning', 'warning'],
  );
  assert.equal(found[0].evidence.variable, 'GOMODCACHE');
  assert.equal(found[0].location?.line, 1);
  const w = fixOf(found[0], 'go-env-write');
  assert.deepEqual([w.variable, w.value], ['GOMODCACHE', `${HOME}/go/pkg/mod`]);
  assert.equal(found[1].evidence.folder, '/mnt/c/src/app');
  assert.match(fixOf(found[1], 'instructions').commands![0].text, /cp -a/);
  const linux = healthyFacts();
  setEnv(linux, 'GOMODCACHE', '/mnt/c/Users/dev/go/pkg/mod', 'os');
  quiet(linux, 'cache-on-slow-fs');
});

void test('cache-on-slow-fs follows a custom automount root and ignores other /mnt paths', () => {
  const f = wslFacts();
  f.wsl!.automountRoot = '/win/';
  setEnv(f, 'GOCACHE', '/win/d/cache', 'os');
  assert.equal(one(f, 'cache-on-slow-fs').evidence.value, '/win/d/cache');
  setEnv(f, 'GOCACHE', '/mnt/data/cache', 'os');
  quiet(f, 'cache-on-slow-fs');
});

void test('healthy WSL facts keep cache-on-slow-fs quiet', () => {
  quiet(wslFacts(), 'cache-on-slow-fs');
});

void test('cross-target-global warns for a global GOOS and offers to unset it', () => {
  const f = healthyFacts();
  setEnv(f, 'GOOS', 'windows', 'goenv-file', 4);
  const x = one(f, 'cross-target-global');
  assert.equal(x.severity, 'warning');
  assert.equal(x.evidence.target, 'windows/amd64');
  assert.equal(x.evidence.host, 'linux/amd64');
  assert.equal(x.location?.line, 4);
  assert.equal(fixOf(x, 'go-env-write').variable, 'GOOS');
  quiet(healthyFacts(), 'cross-target-global');
});

void test('cross-target-global stays quiet for targets this machine runs (GOARCH=386 on 64-bit Windows)', () => {
  const w = windowsFacts();
  setEnv(w, 'GOARCH', '386', 'os');
  quiet(w, 'cross-target-global');
  const f = healthyFacts();
  setEnv(f, 'GOOS', 'linux', 'os');
  quiet(f, 'cross-target-global');
});

void test('goos-goarch-invalid fires for a pair go tool dist list does not know', () => {
  const f = healthyFacts();
  setEnv(f, 'GOARCH', 'amd46', 'os');
  f.distList = ['linux/amd64', 'linux/arm64', 'windows/amd64', 'darwin/arm64'];
  const x = one(f, 'goos-goarch-invalid');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /unsupported GOOS\/GOARCH pair linux\/amd46/);
  assert.match(x.detail, /linux\/amd64, linux\/arm64/);
  assert.equal(fixOf(x, 'terminal-env').variable, 'GOARCH');
  quiet(f, 'cross-target-global');
  // An invalid target is one problem: the cgo cross-compiler advice would only repeat it.
  setEnv(f, 'CGO_ENABLED', '1', 'os');
  quiet(f, 'cgo-cross-compiler');
  setEnv(f, 'GOARCH', 'arm64', 'os');
  quiet(f, 'goos-goarch-invalid');
});

void test('goos-goarch-invalid needs the dist list', () => {
  const f = healthyFacts();
  setEnv(f, 'GOARCH', 'amd46', 'os');
  quiet(f, 'goos-goarch-invalid');
});

void test('cgo-no-compiler fires when CGO_ENABLED=1 is explicit and gcc is missing', () => {
  const f = healthyFacts();
  setEnv(f, 'CGO_ENABLED', '1', 'os');
  f.cc = { value: 'gcc' };
  const x = one(f, 'cgo-no-compiler');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /cgo: C compiler "gcc" not found/);
  assert.equal(fixOf(x, 'terminal-env').variable, 'CGO_ENABLED');
  assert.ok(x.fixes.some((fx) => fx.id === 'install-c-compiler'));
  assertFixIdsUnique(x);
  f.cc = { value: 'gcc', resolvedPath: '/usr/bin/gcc' };
  quiet(f, 'cgo-no-compiler');
  const g = healthyFacts();
  g.cc = { value: 'gcc' };
  quiet(g, 'cgo-no-compiler');
});

void test('cgo-cross-compiler warns when cross-compiling with cgo and the host gcc', () => {
  const f = healthyFacts();
  setEnv(f, 'GOARCH', 'arm64', 'os');
  setEnv(f, 'CGO_ENABLED', '1', 'os');
  const x = one(f, 'cgo-cross-compiler');
  assert.equal(x.severity, 'warning');
  assert.match(x.detail, /aarch64-linux-gnu-gcc, from the gcc-aarch64-linux-gnu package/);
  const how = fixOf(x, 'instructions').commands!.map((c) => c.text);
  assert.deepEqual(how, ['sudo apt-get install -y gcc-aarch64-linux-gnu', 'CC=aarch64-linux-gnu-gcc go build', 'CGO_ENABLED=0 go build']);
  // No compiler name is guessed for a target without a packaged GNU cross compiler.
  const mac = healthyFacts();
  setEnv(mac, 'GOOS', 'darwin', 'os');
  setEnv(mac, 'CGO_ENABLED', '1', 'os');
  assert.deepEqual(
    fixOf(one(mac, 'cgo-cross-compiler'), 'instructions').commands!.map((c) => c.text),
    ['CGO_ENABLED=0 go build'],
  );
  f.cc = { value: 'aarch64-linux-gnu-gcc', resolvedPath: '/usr/bin/aarch64-linux-gnu-gcc' };
  quiet(f, 'cgo-cross-compiler');
  quiet(healthyFacts(), 'cgo-cross-compiler');
});
