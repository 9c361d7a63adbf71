// The Go environment document and where Problems shows each finding: at its own line, at its cause's line, or on the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import { summarizeEnvironment } from '../../../src/core/environment';
import type { Finding, Report } from '../../../src/core/report';
import { problemPlaces, renderEnvironmentDocument } from '../../../src/shared/environmentDocument';
import { ENVIRONMENT_DOCUMENT_URI, findingKey, type HealthSnapshot } from '../../../src/shared/protocol';
import { diagnosticsByUri } from '../../../src/server/diagnostics';
import { HOME, MOD_DIR, healthyFacts, moduleFile, setEnv } from '../support/factsBuilder';

function snapshotOf(findings: Finding[]): HealthSnapshot {
  const facts = healthyFacts();
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'gohealth', version: '0.1.0' },
    host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: MOD_DIR },
    toolchains: [],
    findings,
    timingsMs: {},
  };
  return { runId: 1, report, environment: summarizeEnvironment(facts), trusted: true, ignoredSettings: [], fixTargets: {} };
}

void test('every finding has a place in Problems: its line, its root cause line, or its line in the Go environment document', () => {
  const facts = setEnv(healthyFacts(), 'GOTOOLCHAIN', 'local', 'os');
  facts.modules = [moduleFile(MOD_DIR, '1.27.1')];
  facts.tools = facts.tools.filter((t) => t.name === 'dlv');
  const findings = runChecks(facts);
  const ids = findings.map((f) => f.id).sort();
  assert.deepEqual(ids, ['gomod-go-newer', 'tool-missing', 'tool-stale']);
  const places = problemPlaces(findings);
  const newer = findings.find((f) => f.id === 'gomod-go-newer')!;
  const stale = findings.find((f) => f.id === 'tool-stale')!;
  const missing = findings.find((f) => f.id === 'tool-missing')!;
  assert.deepEqual(places.get(stale), newer.location, 'the stale tool is shown at the go line it is too old for');
  assert.equal(places.get(missing), undefined);

  const snapshot = snapshotOf(findings);
  const doc = renderEnvironmentDocument(snapshot);
  const line = doc.problemLines.get(findingKey(missing))!;
  assert.match(doc.text.split('\n')[line - 1]!, /^ {2}note {4}gopls is not installed {2}\[tool-missing\]$/);
  assert.equal(doc.problemLines.size, 1, 'only the finding no file is to blame for is listed there');

  const byUri = diagnosticsByUri(snapshot.report, () => undefined, { uri: ENVIRONMENT_DOCUMENT_URI, lines: doc.problemLines });
  const all = [...byUri.values()].flat();
  assert.equal(all.length, findings.length, 'as many Problems entries as findings: the badge counts match');
  assert.deepEqual(
    byUri.get(ENVIRONMENT_DOCUMENT_URI)!.map((d) => [d.code, d.range.start.line]),
    [['tool-missing', line - 1]],
  );
  const goMod = [...byUri.entries()].find(([uri]) => uri.endsWith('/go.mod'))![1];
  assert.deepEqual(goMod.map((d) => [d.code, d.range.start.line]).sort(), [
    ['gomod-go-newer', 2],
    ['tool-stale', 2],
  ]);
  // An editor without the document gets the located ones only.
  assert.equal([...diagnosticsByUri(snapshot.report).values()].flat().length, 2);
});

void test('the document lists installations, variables with where they are set, tools and files; redaction moves no line', () => {
  const snapshot = snapshotOf([]);
  const plain = renderEnvironmentDocument(snapshot, { extra: [{ title: 'Editor', lines: ['VS Code 1.100.3'] }] });
  assert.match(plain.text, /^Problems that no file is to blame for:\n {2}none$/m);
  assert.match(plain.text, /^ {2}go1\.26\.8 {4}\/usr\/local\/go\/bin\/go {2}\(active\)$/m);
  assert.match(plain.text, /^ {2}GOPROXY +https:\/\/proxy\.golang\.org,direct {2}· GOROOT\/go\.env, \/usr\/local\/go\/go\.env:7$/m);
  assert.match(plain.text, /^Editor:\n {2}VS Code 1\.100\.3$/m);
  const redacted = renderEnvironmentDocument(snapshot, { redactWith: { homedir: HOME, username: 'dev' } });
  assert.ok(!redacted.text.includes(HOME), 'no home path');
  assert.equal(redacted.text.split('\n').length, renderEnvironmentDocument(snapshot).text.split('\n').length);
});
