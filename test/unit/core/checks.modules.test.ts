// Modules-area checks: go/toolchain lines vs the active Go and GOTOOLCHAIN, parse errors, go.work and replace targets, go.sum, vendoring, GO111MODULE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GOENV_FILE,
  MOD_DIR,
  assertFixIdsUnique,
  findingsOf,
  fixOf,
  healthyFacts,
  moduleFile,
  one,
  quiet,
  setEnv,
  workFile,
} from '../support/factsBuilder';

void test('gomod-go-newer fires with GOTOOLCHAIN=local, located at the go line, quoting the go command', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.27')];
  setEnv(f, 'GOTOOLCHAIN', 'local', 'os');
  const x = one(f, 'gomod-go-newer');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: go\.mod requires go >= 1\.27 \(running go 1\.26\.8; GOTOOLCHAIN=local\)/);
  assert.deepEqual(x.location, { file: `${MOD_DIR}/go.mod`, line: 3, column: 4, endColumn: 8 });
  assert.equal((x.evidence.GOTOOLCHAIN as { source: string }).source, 'os');
  const t = fixOf(x, 'terminal-env');
  assert.deepEqual([t.variable, t.op, t.value], ['GOTOOLCHAIN', 'replace', 'auto']);
  const edit = fixOf(x, 'edit-file');
  assert.deepEqual(edit.edits, [{ line: 3, column: 4, endLine: 3, endColumn: 8, newText: '1.26.0' }]);
  // The newest patch of the minor the line needs, installed beside the Go that works.
  const install = x.fixes.find((fx) => fx.id === 'install-toolchain');
  assert.ok(install?.kind === 'instructions' && install.commands?.some((c) => c.text.includes('golang.org/dl/go1.27.4@latest')));
  assert.ok(!JSON.stringify(x.fixes).includes('rm -rf'), 'a working Go is never deleted for a module');
  assertFixIdsUnique(x);
  quiet(healthyFacts(), 'gomod-go-newer');
});

void test('a go line naming a release that does not exist is toolchain-unavailable, whatever GOTOOLCHAIN says, with the go command message', () => {
  for (const gotoolchain of ['local', 'auto']) {
    const f = healthyFacts();
    f.modules = [moduleFile(MOD_DIR, '1.99.0')];
    setEnv(f, 'GOTOOLCHAIN', gotoolchain, 'os');
    quiet(f, 'gomod-go-newer');
    quiet(f, 'toolchain-switch');
    const x = one(f, 'toolchain-unavailable');
    assert.equal(x.severity, 'error');
    assert.deepEqual(x.location, { file: `${MOD_DIR}/go.mod`, line: 3, column: 4, endColumn: 10 });
    assert.match(x.detail, /go: download go1\.99\.0 for linux\/amd64: toolchain not available/);
    // Neither an install of a release that does not exist nor a switch whose download fails.
    assert.ok(!x.fixes.some((fx) => fx.kind === 'instructions' || fx.kind === 'terminal-env' || fx.kind === 'go-env-write'));
    const lines = x.fixes.map((fx) => (fx.kind === 'edit-file' ? fx.edits[0].newText : ''));
    assert.deepEqual(lines, gotoolchain === 'local' ? ['1.26.0'] : ['1.26.0', '1.27.4']);
  }
});

void test('toolchain go1.27 (a language version) is toolchain-unavailable with the go command own words', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.22', { toolchain: { value: 'go1.27', line: 5, column: 11, endColumn: 17 } })];
  const x = one(f, 'toolchain-unavailable');
  assert.match(x.detail, /go: invalid toolchain: go1\.27 is a language version but not a toolchain version \(go1\.27\.x\)/);
  const change = x.fixes.find((fx) => fx.id === 'existing-toolchain-line');
  assert.ok(change?.kind === 'edit-file' && change.edits[0].newText === 'go1.27.4');
});

void test('gomod-go-newer with GOTOOLCHAIN from go env -w offers go env -w GOTOOLCHAIN=auto', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.27.1')];
  setEnv(f, 'GOTOOLCHAIN', 'local', 'goenv-file', 1);
  const x = one(f, 'gomod-go-newer');
  const w = fixOf(x, 'go-env-write');
  assert.deepEqual([w.variable, w.value], ['GOTOOLCHAIN', 'auto']);
  quiet(healthyFacts(), 'gomod-go-newer');
});

void test('gomod-go-newer with GOTOOLCHAIN=path and no goX.Y.Z on PATH points at the toolchain line', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.22', { toolchain: { value: 'go1.27.2', line: 4, column: 11, endColumn: 19 } })];
  setEnv(f, 'GOTOOLCHAIN', 'path', 'os');
  const x = one(f, 'gomod-go-newer');
  assert.match(x.detail, /go: cannot find "go1\.27\.2" in PATH/);
  assert.equal(x.location?.line, 4);
  assert.deepEqual(fixOf(x, 'run-command').args, ['install', 'golang.org/dl/go1.27.2@latest']);
  assert.deepEqual(fixOf(x, 'edit-file').edits, [{ line: 4, column: 1, endLine: 5, endColumn: 1, newText: '' }]);
  f.pathToolchains = [{ name: 'go1.27.2', path: '/home/dev/go/bin/go1.27.2' }];
  quiet(f, 'gomod-go-newer');
});

void test('toolchain-switch explains the switch at the line that causes it; quiet when no switch', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.27.1')];
  const x = one(f, 'toolchain-switch');
  assert.equal(x.severity, 'info');
  assert.equal(x.evidence.selected, 'go1.27.1');
  assert.equal(x.evidence.needsDownload, true);
  assert.equal(x.location?.line, 3);
  assert.match(x.detail, /downloads go1\.27\.1 through GOPROXY \(once, into the module cache\)/);
  quiet(healthyFacts(), 'toolchain-switch');
});

void test('in workspace mode the go.work line decides, not the module', () => {
  const f = healthyFacts();
  f.modules = [moduleFile('/w/a', '1.22')];
  f.works = [workFile('/w', '1.27.3', ['./a'])];
  const x = one(f, 'toolchain-switch');
  assert.equal(x.location?.file, '/w/go.work');
  assert.equal(x.evidence.selected, 'go1.27.3');
});

void test('toolchain-download-blocked fires when GOPROXY=off prevents the switch', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.27.1')];
  setEnv(f, 'GOPROXY', 'off', 'goenv-file', 2);
  const x = one(f, 'toolchain-download-blocked');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: download go1\.27\.1 for linux\/amd64: toolchain not available/);
  assert.equal(x.location?.line, 3);
  assert.equal(fixOf(x, 'go-env-write').value, 'https://proxy.golang.org,direct');
  fixOf(x, 'instructions');
  quiet(f, 'toolchain-switch');
  quiet(f, 'gomod-go-newer');
  quiet(healthyFacts(), 'toolchain-download-blocked');
});

void test('toolchain-redundant offers to delete a toolchain line that is not newer than the go line', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.22', { toolchain: { value: 'go1.22.0', line: 5, column: 11, endColumn: 19 } })];
  const x = one(f, 'toolchain-redundant');
  assert.equal(x.severity, 'info');
  assert.deepEqual(x.location, { file: `${MOD_DIR}/go.mod`, line: 5, column: 11, endColumn: 19 });
  assert.deepEqual(fixOf(x, 'edit-file').edits, [{ line: 5, column: 1, endLine: 6, endColumn: 1, newText: '' }]);
  f.modules[0].toolchain!.value = 'go1.22.1';
  quiet(f, 'toolchain-redundant');
  quiet(healthyFacts(), 'toolchain-redundant');
});

void test('gomod-invalid reports the go command message at the offending line', () => {
  const f = healthyFacts();
  f.modules = [
    moduleFile(MOD_DIR, null, { errors: [{ line: 3, column: 4, message: "invalid go version '1.22.x': must match format 1.23" }] }),
  ];
  const x = one(f, 'gomod-invalid');
  assert.equal(x.severity, 'error');
  assert.deepEqual(x.location, { file: `${MOD_DIR}/go.mod`, line: 3, column: 4 });
  assert.match(x.detail, /invalid go version '1\.22\.x'/);
  fixOf(x, 'instructions');
  quiet(f, 'gomod-go-missing');
  quiet(healthyFacts(), 'gomod-invalid');
});

void test('gowork-invalid reports a go.work that does not parse', () => {
  const f = healthyFacts();
  const w = workFile('/w', '1.22', ['./a']);
  w.errors = [{ line: 2, column: 1, message: 'unknown directive: usee' }];
  f.works = [w];
  const x = one(f, 'gowork-invalid');
  assert.deepEqual(x.location, { file: '/w/go.work', line: 2, column: 1 });
  assert.match(x.detail, /go work edit -json/);
  fixOf(x, 'instructions');
  quiet(healthyFacts(), 'gowork-invalid');
});

void test('gomod-go-missing offers to add a go line after the module line', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, null)];
  const x = one(f, 'gomod-go-missing');
  assert.equal(x.severity, 'info');
  assert.equal(x.location?.line, 1);
  assert.deepEqual(fixOf(x, 'edit-file').edits, [{ line: 2, column: 1, endLine: 2, endColumn: 1, newText: '\ngo 1.26.0\n' }]);
  quiet(healthyFacts(), 'gomod-go-missing');
});

void test("gowork-go-older fires when a used module's go line is higher, with the go command's message", () => {
  const f = healthyFacts();
  f.modules = [moduleFile('/w/a', '1.24.2'), moduleFile('/w/b', '1.23')];
  f.works = [workFile('/w', '1.22', ['./a', './b'])];
  const x = one(f, 'gowork-go-older');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /module \.\/a listed in go\.work file requires go >= 1\.24\.2, but go\.work lists go 1\.22/);
  assert.deepEqual(x.location, { file: '/w/go.work', line: 1, column: 4, endColumn: 8 });
  assert.deepEqual(fixOf(x, 'edit-file').edits, [{ line: 1, column: 4, endLine: 1, endColumn: 8, newText: '1.24.2' }]);
  assert.deepEqual(fixOf(x, 'run-command').args, ['work', 'use']);
  f.works[0].go!.value = '1.24.2';
  quiet(f, 'gowork-go-older');
});

void test('gowork-module-missing fires at the use line and offers to remove it', () => {
  const f = healthyFacts();
  const w = workFile('/w', '1.22', ['./a', './gone']);
  w.uses[1].hasGoMod = false;
  f.works = [w];
  f.modules = [moduleFile('/w/a', '1.22')];
  const x = one(f, 'gowork-module-missing');
  assert.deepEqual(x.location, { file: '/w/go.work', line: 5, column: 2, endColumn: 8 });
  assert.deepEqual(fixOf(x, 'edit-file').edits, [{ line: 5, column: 1, endLine: 6, endColumn: 1, newText: '' }]);
  w.uses[1].hasGoMod = true;
  quiet(f, 'gowork-module-missing');
});

void test('replace-path-missing fires for a missing directory and for one without go.mod', () => {
  const f = healthyFacts();
  const replace = {
    oldPath: 'example.com/lib',
    newPath: '../lib',
    line: 7,
    column: 29,
    endColumn: 35,
    isLocal: true,
    absTarget: '/work/lib',
    targetExists: false,
    targetHasGoMod: false,
  };
  f.modules = [moduleFile(MOD_DIR, '1.22', { replaces: [replace] })];
  const x = one(f, 'replace-path-missing');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /replacement directory \.\.\/lib does not exist/);
  assert.deepEqual(x.location, { file: `${MOD_DIR}/go.mod`, line: 7, column: 29, endColumn: 35 });
  fixOf(x, 'edit-file');
  replace.targetExists = true;
  assert.match(one(f, 'replace-path-missing').title, /no go\.mod/);
  replace.targetHasGoMod = true;
  quiet(f, 'replace-path-missing');
});

void test('replace-path-missing ignores module (non-filesystem) replacements', () => {
  const f = healthyFacts();
  f.modules = [
    moduleFile(MOD_DIR, '1.22', {
      replaces: [{ oldPath: 'a', newPath: 'b', newVersion: 'v1.0.0', line: 7, column: 10, endColumn: 11, isLocal: false }],
    }),
  ];
  quiet(f, 'replace-path-missing');
});

void test('gosum-missing suggests go mod tidy in the module directory', () => {
  const f = healthyFacts();
  f.modules[0].hasGoSum = false;
  const x = one(f, 'gosum-missing');
  assert.equal(x.severity, 'warning');
  assert.equal(x.location?.line, 5);
  const run = fixOf(x, 'run-command');
  assert.deepEqual([run.args, run.cwd], [['mod', 'tidy'], MOD_DIR]);
  f.modules[0].requires = [];
  quiet(f, 'gosum-missing');
  quiet(healthyFacts(), 'gosum-missing');
});

void test('vendor-missing fires for GOFLAGS=-mod=vendor without vendor/modules.txt', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-mod=vendor -trimpath', 'goenv-file', 1);
  const x = one(f, 'vendor-missing');
  assert.equal(x.severity, 'error');
  assert.deepEqual(fixOf(x, 'run-command').args, ['mod', 'vendor']);
  const w = fixOf(x, 'go-env-write');
  assert.deepEqual([w.variable, w.value], ['GOFLAGS', '-trimpath']);
  assertFixIdsUnique(x);
  f.modules[0].hasVendorModulesTxt = true;
  quiet(f, 'vendor-missing');
  quiet(healthyFacts(), 'vendor-missing');
});

void test('gomodule-off warns when GO111MODULE=off and modules exist', () => {
  const f = healthyFacts();
  setEnv(f, 'GO111MODULE', 'off', 'goenv-file', 6);
  const x = one(f, 'gomodule-off');
  assert.equal(x.severity, 'warning');
  assert.match(x.detail, /modules disabled by GO111MODULE=off/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 6, column: 1, endColumn: 1 + 'GO111MODULE=off'.length });
  assert.equal(fixOf(x, 'go-env-write').value, undefined);
  f.modules = [];
  quiet(f, 'gomodule-off');
  quiet(healthyFacts(), 'gomodule-off');
});

void test('gotoolchain-invalid fires for a value outside the grammar and offers to unset it', () => {
  const f = healthyFacts();
  setEnv(f, 'GOTOOLCHAIN', 'go1.26.8+local', 'os');
  const x = one(f, 'gotoolchain-invalid');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: invalid GOTOOLCHAIN "go1\.26\.8\+local"/);
  assert.equal(fixOf(x, 'terminal-env').op, 'delete');
  // The module checks do not pile on: the invalid value is reported once.
  assert.deepEqual(findingsOf(f, 'gomod-go-newer'), []);
  quiet(healthyFacts(), 'gotoolchain-invalid');
  setEnv(f, 'GOTOOLCHAIN', 'go1.27.0+path', 'os');
  quiet(f, 'gotoolchain-invalid');
});
