// The value checks on environments files declare: CI jobs, containers and the policy's own values, with the same ids, at their lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import { VALUE_CHECK_IDS, CHECK_VARIABLES } from '../../../src/core/checks/envRules';
import { ALL_CHECKS } from '../../../src/core/checks';
import { setVariableFixes, unsetVariableFixes } from '../../../src/core/fixes';
import { declaredValue } from '../../../src/core/checks/declared';
import { MOD_DIR, healthyFacts } from '../support/factsBuilder';
import { declaring } from '../support/policyFacts';

const WF = `${MOD_DIR}/.github/workflows/ci.yml`;

void test('every value check names its variables, and every id in the tables is a registered check', () => {
  const ids = new Set(ALL_CHECKS.map((c) => c.id));
  for (const id of VALUE_CHECK_IDS) assert.ok(CHECK_VARIABLES[id]?.length, id);
  for (const id of Object.keys(CHECK_VARIABLES)) assert.ok(ids.has(id), id);
});

void test('a workflow, a job and a step are each judged by the same checks, located at the line that sets the value', () => {
  const f = healthyFacts();
  f.declaredEnvs = [
    declaring(WF, 'github-actions', 'workflow', { GOSUMDB: 'off' }, 4),
    declaring(WF, 'github-actions', 'job test', { GOPROXY: 'off', GOFLAGS: '-mod=vender' }, 9),
    declaring(WF, 'github-actions', 'job test, step "Build"', { GOINSECURE: '*', GOCACHE: 'off', GO111MODULE: 'off' }, 20),
  ];
  const found = runChecks(f).filter((x) => x.location?.file === WF);
  assert.deepEqual(found.map((x) => [x.id, x.location?.line]).sort(), [
    ['gocache-off', 21],
    ['goflags-invalid', 10],
    ['goinsecure-set', 20],
    ['gomodule-off', 22],
    ['goproxy-off', 9],
    ['gosumdb-off', 4],
  ]);
  const proxy = found.find((x) => x.id === 'goproxy-off')!;
  assert.match(proxy.title, /^ci.yml, job test: GOPROXY=off/);
  assert.match(proxy.detail, /set in \/work\/app\/\.github\/workflows\/ci\.yml line 9 \(job test\)/);
  assert.deepEqual(proxy.evidence.declaredIn, { file: WF, kind: 'github-actions', scope: 'job test', line: 9 });
  // Only edits of the CI line: go env -w would change this machine, not the job.
  for (const x of found)
    assert.ok(
      x.fixes.every((fx) => fx.kind === 'edit-file' && fx.file === WF),
      x.id,
    );
  assert.deepEqual(
    proxy.fixes.map((fx) => (fx.kind === 'edit-file' ? fx.edits[0] : undefined)),
    [{ line: 9, column: 12, endLine: 9, endColumn: 15, newText: 'https://proxy.golang.org,direct' }],
  );
  // Removing a setting that has its own line removes the line.
  const sumdb = found.find((x) => x.id === 'gosumdb-off')!;
  assert.deepEqual(
    sumdb.fixes.map((fx) => (fx.kind === 'edit-file' ? fx.edits[0] : undefined)),
    [{ line: 4, column: 1, endLine: 5, endColumn: 1, newText: '' }],
  );
  // This machine is healthy: nothing else was reported about it.
  assert.deepEqual(
    runChecks(f).filter((x) => !x.location || x.location.file !== WF),
    [],
  );
});

void test('a declared value is written back as its file reads it: quotes kept, YAML and Dockerfile quoting where needed', () => {
  const f = healthyFacts();
  const v = (kind: 'github-actions' | 'dockerfile' | 'devcontainer', quote?: '"' | "'") => ({
    ...declaring(WF, kind, 'job', { GOFLAGS: 'x' }).vars[0],
    ...(quote ? { quote } : {}),
  });
  const text = (fixes: ReturnType<typeof setVariableFixes>) => (fixes[0]?.kind === 'edit-file' ? fixes[0].edits[0].newText : undefined);
  assert.equal(text(setVariableFixes(f, 'GOFLAGS', declaredValue(v('github-actions')), '-mod=readonly')), '-mod=readonly');
  assert.equal(
    text(setVariableFixes(f, 'GOFLAGS', declaredValue(v('github-actions')), '-mod=readonly -trimpath')),
    '-mod=readonly -trimpath',
  );
  assert.equal(text(setVariableFixes(f, 'GOSUMDB', declaredValue(v('github-actions')), 'off')), '"off"');
  assert.equal(text(setVariableFixes(f, 'GOPRIVATE', declaredValue(v('github-actions')), '*.corp.example')), '"*.corp.example"');
  assert.equal(text(setVariableFixes(f, 'GOFLAGS', declaredValue(v('github-actions', "'")), "it's")), "it''s");
  assert.equal(
    text(setVariableFixes(f, 'GOFLAGS', declaredValue(v('dockerfile')), '-mod=readonly -trimpath')),
    '"-mod=readonly -trimpath"',
  );
  assert.equal(text(setVariableFixes(f, 'GOFLAGS', declaredValue(v('devcontainer', '"')), 'a "b"')), 'a \\"b\\"');
  // A setting sharing its line with others is not removed by a line deletion.
  assert.deepEqual(unsetVariableFixes(f, declaredValue({ ...v('dockerfile'), wholeLine: false })), []);
});
