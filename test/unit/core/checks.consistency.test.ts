// Consistency-area checks: go env -w values hidden by the OS environment, CI selecting an older Go than go.mod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CiGoVersion } from '../../../src/core/facts';
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
} from '../support/factsBuilder';

void test('env-override-conflict explains that the OS value wins over go env -w', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPROXY', 'https://goproxy.io,direct', 'goenv-file', 3);
  setEnv(f, 'GOPROXY', 'https://proxy.corp.example', 'os');
  const x = one(f, 'env-override-conflict');
  assert.equal(x.severity, 'info');
  assert.equal(x.evidence.effective, 'https://proxy.corp.example');
  assert.equal(x.evidence.fileValue, 'https://goproxy.io,direct');
  assert.match(x.detail, /warning: go env -w GOPROXY=\.\.\. does not override conflicting OS environment variable/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 3, column: 1, endColumn: 1 + 'GOPROXY=https://goproxy.io,direct'.length });
  assert.equal(fixOf(x, 'go-env-write').value, undefined);
  assert.equal(fixOf(x, 'terminal-env').op, 'delete');
  assertFixIdsUnique(x);
  quiet(healthyFacts(), 'env-override-conflict');
});

void test('env-override-conflict stays quiet when both places agree', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-trimpath', 'goenv-file', 1);
  setEnv(f, 'GOFLAGS', '-trimpath', 'os');
  quiet(f, 'env-override-conflict');
});

function ci(over: Partial<CiGoVersion>): CiGoVersion {
  return {
    file: `${MOD_DIR}/.github/workflows/ci.yml`,
    kind: 'github-actions',
    line: 14,
    column: 23,
    endColumn: 29,
    raw: '1.21.x',
    version: '1.21',
    ...over,
  };
}

void test('ci-go-version-drift fires for setup-go older than the go line, located at the CI line', () => {
  const f = healthyFacts();
  f.ci = [ci({})];
  const x = one(f, 'ci-go-version-drift');
  assert.equal(x.severity, 'warning');
  assert.deepEqual(x.location, { file: `${MOD_DIR}/.github/workflows/ci.yml`, line: 14, column: 23, endColumn: 29 });
  assert.equal(x.evidence.moduleGo, '1.22');
  const edit = fixOf(x, 'edit-file');
  assert.deepEqual(edit.edits, [{ line: 14, column: 23, endLine: 14, endColumn: 29, newText: '1.22.x' }]);
  assert.ok(x.fixes.some((fx) => fx.id === 'use-go-version-file'));
  f.ci = [ci({ raw: '1.22', version: '1.22' })];
  quiet(f, 'ci-go-version-drift');
  quiet(healthyFacts(), 'ci-go-version-drift');
});

void test('ci-go-version-drift: a Dockerfile patch release older than the go line; floating versions are skipped', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.23.4')];
  f.ci = [
    ci({
      file: `${MOD_DIR}/Dockerfile`,
      kind: 'dockerfile',
      line: 1,
      column: 6,
      endColumn: 31,
      raw: 'golang:1.23.2-alpine3.20',
      version: '1.23.2',
    }),
  ];
  const x = one(f, 'ci-go-version-drift');
  // The newest 1.23 patch, and the variant every golang release is built with (a pinned Alpine release may not be).
  assert.deepEqual(fixOf(x, 'edit-file').edits[0].newText, 'golang:1.23.12-alpine');
  assert.equal(
    x.fixes.some((fx) => fx.id === 'use-go-version-file'),
    false,
  );
  // golang:1.23 floats to the newest 1.23.x, which satisfies go 1.23.4.
  f.ci = [ci({ kind: 'gitlab-ci', raw: 'golang:1.23', version: '1.23' }), ci({ raw: 'stable', version: undefined })];
  assert.deepEqual(findingsOf(f, 'ci-go-version-drift'), []);
});

void test('ci-go-version-drift compares against the modules of the CI file repository', () => {
  const f = healthyFacts();
  f.modules = [moduleFile('/repo-a', '1.20'), moduleFile('/repo-b', '1.25')];
  f.ci = [ci({ file: '/repo-a/.github/workflows/ci.yml', raw: '1.21', version: '1.21' })];
  quiet(f, 'ci-go-version-drift');
  f.ci = [ci({ file: '/repo-b/.github/workflows/ci.yml', raw: '1.21', version: '1.21' })];
  assert.equal(one(f, 'ci-go-version-drift').evidence.module, '/repo-b/go.mod');
});

void test('ci-go-version-drift keeps the written form: an unquoted YAML 1.20 (the number 1.2) becomes 1.26, never 1.260', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.26.0')];
  const at = { file: `${MOD_DIR}/.github/workflows/ci.yml`, kind: 'github-actions' as const, line: 8, column: 23, endColumn: 27 };
  f.ci = [ci({ ...at, raw: '1.20', version: '1.2', quoted: false })];
  const x = one(f, 'ci-go-version-drift');
  assert.match(x.detail, /YAML reads the unquoted 1\.20 as the number 1\.2/);
  assert.equal(fixOf(x, 'edit-file').edits[0].newText, '1.26');
  // 1.30 would be read as 1.3 again: then the new value is quoted.
  f.modules = [moduleFile(MOD_DIR, '1.30.0')];
  assert.equal(fixOf(one(f, 'ci-go-version-drift'), 'edit-file').edits[0].newText, '"1.30"');
  // 1.21.x stays an x-range, ^1.21.3 keeps its operator and takes the newest patch.
  f.modules = [moduleFile(MOD_DIR, '1.26.0')];
  f.ci = [ci({ ...at, raw: '1.21.x', version: '1.21', quoted: true })];
  assert.equal(fixOf(one(f, 'ci-go-version-drift'), 'edit-file').edits[0].newText, '1.26.x');
  f.ci = [ci({ ...at, raw: '^1.21.3', version: '1.21.3', quoted: false })];
  assert.equal(fixOf(one(f, 'ci-go-version-drift'), 'edit-file').edits[0].newText, '^1.26.8');
});
