// The goenv language: parsing like the go command, diagnostics for names and values, engine checks on the document, hovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks/index';
import { factsWithEnvFile, GOENV_CHECK_IDS, goEnvDiagnostics, goEnvHover, parseGoEnv } from '../../../src/server/goenvDocument';
import { goEnvFileValue } from '../../../src/shared/goenvParse';
import { GO_ENV_VARIABLES } from '../../../src/shared/goenvVariables';
import { healthyFacts, setEnv } from '../support/factsBuilder';

const judge = (facts: Parameters<typeof runChecks>[0]) => runChecks(facts, { only: GOENV_CHECK_IDS });

void test('parses NAME=VALUE lines like the go command: comments, lower-case and blank lines are skipped', () => {
  const p = parseGoEnv('# comment\n\nGOPROXY=https://a,direct\nlower=1\nGOFLAGS=-mod=mod -trimpath\r\nNOEQUALS\n');
  assert.deepEqual(
    p.entries.map((e) => [e.name, e.value, e.line]),
    [
      ['GOPROXY', 'https://a,direct', 2],
      ['GOFLAGS', '-mod=mod -trimpath', 4],
    ],
  );
  assert.deepEqual(p.ignored, [{ line: 5, text: 'NOEQUALS' }]);
});

void test('the last line setting a variable wins, as in the go command', () => {
  assert.equal(goEnvFileValue('GOPROXY=a\nGOPROXY=b\n', 'GOPROXY'), 'b');
  assert.equal(goEnvFileValue('GOPROXY=a\n', 'GOFLAGS'), undefined);
});

void test('unknown variables, read-only ones, bad closed-set values and duplicates are diagnosed on their line', () => {
  const d = goEnvDiagnostics('GOFOO=1\nGOVERSION=go1\nGO111MODULE=yes\nCGO_ENABLED=1\nCGO_ENABLED=0\n', { layer: 'goenv-file' });
  const byCode = (code: string) => d.filter((x) => x.code === code).map((x) => x.range.start.line);
  assert.deepEqual(byCode('goenv-unknown'), [0]);
  assert.deepEqual(byCode('goenv-read-only'), [1]);
  assert.deepEqual(byCode('goenv-bad-value'), [2]);
  assert.deepEqual(byCode('goenv-duplicate'), [3]);
  const bad = d.find((x) => x.code === 'goenv-bad-value')!;
  assert.deepEqual(bad.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 15 } }, 'the value, not the name, is marked');
});

void test('a healthy file has no diagnostics', () => {
  const text = 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n';
  assert.deepEqual(goEnvDiagnostics(text, { layer: 'goenv-file', facts: healthyFacts(), judge }), []);
});

void test("the engine's value checks judge the document's values at their lines", () => {
  const text = '# mine\nGOPROXY=off\nGOTOOLCHAIN=banana\nGOFLAGS=-mod=vender\nGOCACHE=off\n';
  const d = goEnvDiagnostics(text, { layer: 'goenv-file', facts: healthyFacts(), judge });
  const at = Object.fromEntries(d.map((x) => [x.code, x.range.start.line]));
  assert.equal(at['goproxy-off'], 1);
  assert.equal(at['gotoolchain-invalid'], 2);
  assert.equal(at['goflags-invalid'], 3);
  assert.equal(at['gocache-off'], 4);
});

void test('a value hidden by the OS environment does not blame the file', () => {
  const facts = setEnv(healthyFacts(), 'GOPROXY', 'https://proxy.golang.org,direct', 'os');
  const d = goEnvDiagnostics('GOPROXY=off\n', { layer: 'goenv-file', facts, judge });
  assert.equal(d.filter((x) => x.code === 'goproxy-off').length, 0);
});

void test('facts built from the document replace that file layer and recompute effective values', () => {
  const base = setEnv(healthyFacts(), 'GOFLAGS', '-mod=mod', 'goenv-file');
  const next = factsWithEnvFile(base, 'goenv-file', parseGoEnv('GOPROXY=off\n').entries);
  assert.equal(next.env.GOPROXY!.value, 'off');
  assert.equal(next.env.GOPROXY!.source, 'goenv-file');
  assert.equal(next.env.GOFLAGS!.value, '', 'a variable deleted from the document falls back to its default');
  assert.equal(next.goEnv.vars.GOPROXY, 'off');
  assert.equal(base.env.GOPROXY!.value, 'https://proxy.golang.org,direct', 'the original facts are untouched');
});

void test('hover documents the variable under the cursor with its value here', () => {
  const h = goEnvHover('# x\nGOTOOLCHAIN=local\n', { line: 1, character: 3 });
  assert.ok(h);
  const value = (h!.contents as { value: string }).value;
  assert.match(value, /\*\*GOTOOLCHAIN\*\*/);
  assert.match(value, /Value here: `local`/);
  assert.equal(goEnvHover('# x\n', { line: 0, character: 1 }), undefined);
  assert.match((goEnvHover('GOFOO=1', { line: 0, character: 1 })!.contents as { value: string }).value, /not a go command variable/);
});

void test('every variable the checks judge is documented', () => {
  for (const name of [
    'GOPROXY',
    'GOSUMDB',
    'GOFLAGS',
    'GOTOOLCHAIN',
    'GOOS',
    'GOARCH',
    'GO111MODULE',
    'GOCACHE',
    'GOINSECURE',
    'GOPRIVATE',
    'GONOSUMDB',
  ]) {
    assert.ok(GO_ENV_VARIABLES.get(name)?.doc, name);
  }
});
