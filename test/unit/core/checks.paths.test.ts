// Paths-area checks: GOROOT pointing elsewhere or nowhere, GOPATH mistakes, Windows profile installs, spaces with cgo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GOENV_FILE, HOME, fixOf, healthyFacts, one, quiet, setEnv, windowsFacts } from '../support/factsBuilder';

void test('goroot-mismatch fires for an OS GOROOT of another installation, quoting the compile error', () => {
  const f = healthyFacts();
  setEnv(f, 'GOROOT', '/usr/lib/go-1.22', 'os');
  f.goroot = {
    path: '/usr/lib/go-1.22',
    exists: true,
    hasGoBinary: true,
    hasSrcRuntime: true,
    realPath: '/usr/lib/go-1.22',
    version: 'go1.22.2',
  };
  const x = one(f, 'goroot-mismatch');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /compile: version "go1\.22\.2" does not match go tool version "go1\.26\.8"/);
  assert.equal((x.evidence.GOROOT as { source: string }).source, 'os');
  assert.equal(x.evidence.activeGoroot, '/usr/local/go');
  assert.equal(x.location, undefined);
  assert.equal(fixOf(x, 'terminal-env').op, 'delete');
  assert.ok(fixOf(x, 'instructions').commands?.some((c) => c.text === 'unset GOROOT'));
  quiet(healthyFacts(), 'goroot-mismatch');
});

void test('goroot-mismatch from the go env file is located at its line and fixed with go env -u', () => {
  const f = healthyFacts();
  setEnv(f, 'GOROOT', '/opt/go1.21', 'goenv-file', 3);
  const x = one(f, 'goroot-mismatch');
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 3, column: 1, endColumn: 1 + 'GOROOT=/opt/go1.21'.length });
  const unset = fixOf(x, 'go-env-write');
  assert.equal(unset.variable, 'GOROOT');
  assert.equal(unset.value, undefined);
});

void test('goroot-mismatch stays quiet for the same directory written differently or through a symlink', () => {
  const f = healthyFacts();
  setEnv(f, 'GOROOT', '/usr/local/go/', 'os');
  quiet(f, 'goroot-mismatch');
  const g = healthyFacts();
  setEnv(g, 'GOROOT', '/opt/go', 'os');
  g.goroot = { path: '/opt/go', exists: true, hasGoBinary: true, hasSrcRuntime: true, realPath: '/usr/local/go' };
  quiet(g, 'goroot-mismatch');
});

void test('goroot-invalid fires for a GOROOT that does not exist, quoting the go command', () => {
  const f = healthyFacts();
  setEnv(f, 'GOROOT', '/opt/removed-go', 'os');
  f.goroot = { path: '/opt/removed-go', exists: false, hasGoBinary: false, hasSrcRuntime: false };
  const x = one(f, 'goroot-invalid');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: cannot find GOROOT directory: \/opt\/removed-go/);
  assert.equal(fixOf(x, 'terminal-env').variable, 'GOROOT');
  quiet(f, 'goroot-mismatch');
  quiet(healthyFacts(), 'goroot-invalid');
});

void test('goroot-invalid fires for an installation without src/runtime and suggests reinstalling', () => {
  const f = healthyFacts();
  f.goroot = { ...f.goroot!, hasSrcRuntime: false };
  const x = one(f, 'goroot-invalid');
  assert.match(x.title, /has no src\/runtime/);
  assert.ok(x.fixes.some((fx) => fx.id === 'reinstall-go' && fx.kind === 'instructions'));
});

void test('gopath-is-goroot quotes the go warning and sets GOPATH to ~/go', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPATH', '/usr/local/go', 'goenv-file', 4);
  const x = one(f, 'gopath-is-goroot');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /warning: both GOPATH and GOROOT are the same directory \(\/usr\/local\/go\)/);
  assert.equal(x.location?.line, 4);
  const w = fixOf(x, 'go-env-write');
  assert.deepEqual([w.variable, w.value], ['GOPATH', `${HOME}/go`]);
  quiet(healthyFacts(), 'gopath-is-goroot');
});

void test('gopath-is-goroot from the OS environment is fixed for terminals, and avoids ~/go when that is GOROOT', () => {
  const f = healthyFacts();
  f.goroot = { ...f.goroot!, path: `${HOME}/go` };
  setEnv(f, 'GOPATH', `${HOME}/go`, 'os');
  const x = one(f, 'gopath-is-goroot');
  const t = fixOf(x, 'terminal-env');
  assert.deepEqual([t.op, t.value], ['replace', `${HOME}/gopath`]);
});

void test('gopath-invalid refuses a relative entry, located at the go env line', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPATH', 'go', 'goenv-file', 2);
  const x = one(f, 'gopath-invalid');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: GOPATH entry is relative; must be absolute path: "go"/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 2, column: 1, endColumn: 1 + 'GOPATH=go'.length });
  assert.equal(fixOf(x, 'go-env-write').value, `${HOME}/go`);
  quiet(healthyFacts(), 'gopath-invalid');
});

void test('gopath-invalid explains ~ and keeps the absolute entries', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPATH', `~/go:${HOME}/work`, 'os');
  const x = one(f, 'gopath-invalid');
  assert.match(x.detail, /cannot start with shell metacharacter '~'/);
  assert.equal(fixOf(x, 'terminal-env').value, `${HOME}/work`);
});

void test('goroot-in-user-profile is info on Windows for a Go under the profile, never on Linux', () => {
  const w = windowsFacts();
  w.goroot = { path: 'C:\\Users\\dev\\sdk\\go1.26.8', exists: true, hasGoBinary: true, hasSrcRuntime: true };
  const x = one(w, 'goroot-in-user-profile');
  assert.equal(x.severity, 'info');
  assert.equal(x.evidence.userProfile, 'C:\\Users\\dev');
  assert.ok(fixOf(x, 'instructions').commands?.some((c) => c.shell === 'powershell' && c.elevated));
  quiet(windowsFacts(), 'goroot-in-user-profile');
  const l = healthyFacts();
  l.host.userProfile = '/usr';
  quiet(l, 'goroot-in-user-profile');
});

void test('path-has-spaces is info when cgo is on and GOPATH has a space; quiet with cgo off', () => {
  const w = windowsFacts();
  setEnv(w, 'CGO_ENABLED', '1', 'os');
  setEnv(w, 'GOPATH', 'C:\\Users\\Jane Doe\\go', 'os');
  const x = one(w, 'path-has-spaces');
  assert.equal(x.severity, 'info');
  assert.ok((x.evidence.affected as { name: string }[]).some((a) => a.name === 'GOPATH'));
  // GOPATH comes from the OS environment, which go env -w cannot override: it is changed where it is set.
  const t = fixOf(x, 'terminal-env');
  assert.deepEqual([t.variable, t.value], ['GOPATH', 'C:\\Users\\dev\\go']);
  assert.ok(!x.fixes.some((fx) => fx.kind === 'go-env-write'));
  setEnv(w, 'CGO_ENABLED', '0', 'os');
  quiet(w, 'path-has-spaces');
  quiet(healthyFacts(), 'path-has-spaces');
});

void test('path-has-spaces notices non-ASCII characters', () => {
  const f = healthyFacts();
  setEnv(f, 'GOCACHE', '/home/jürgen/.cache/go-build', 'os');
  one(f, 'path-has-spaces');
});
