// The language server and the team policy: hovers on rules, Restricted Mode without the policy's security fixes, confirmation wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { runHealthCheck } from '../../../src/core/engine';
import { ProbeCache } from '../../../src/core/probe/cache';
import type { EditFileFix, Finding } from '../../../src/core/report';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { findingKey } from '../../../src/shared/protocol';
import { APPLY_ACTION, APPLY_POLICY_ACTION, previewFix } from '../../../src/shared/fixPreview';
import { HealthService } from '../../../src/server/service';
import { codeActionsFor } from '../../../src/server/codeActions';
import { policyHover } from '../../../src/server/policyDocument';
import { DIAGNOSTIC_SOURCE } from '../../../src/server/diagnostics';
import { pathToUri } from '../../../src/server/uris';
import { fakeHostWithGo } from '../support/fakeHost';

const POLICY = '/work/app/.gohealth.json';
const POLICY_TEXT =
  '{\n  "go": ">=1.27",\n  "env": {\n    "GOPROXY": { "equals": "https://goproxy.corp.example", "reason": "company proxy" }\n  },\n  "tools": { "dlv": ">=1.20.0" }\n}\n';

async function runService(trusted: boolean) {
  const host = fakeHostWithGo({ files: { '/work/app/go.mod': 'module example.com/app\n\ngo 1.22\n', [POLICY]: POLICY_TEXT } });
  const service = new HealthService({
    host,
    runCheck: runHealthCheck,
    cache: new ProbeCache(),
    sendHealth: () => undefined,
    publishDiagnostics: () => undefined,
  });
  service.setWorkspaceFolders(['/work/app']);
  service.setSettings({ ...DEFAULT_SETTINGS, trusted, compareLoginShell: false });
  const snapshot = await service.runNow();
  service.dispose();
  return { service, snapshot };
}

void test('Restricted Mode: the policy drift is still reported at its line, but the fixes applying its security-relevant values are gone', async () => {
  const trusted = await runService(true);
  const untrusted = await runService(false);
  const drift = (s: typeof trusted) =>
    s.snapshot!.report.findings.filter((f) => f.id === 'policy-drift' && f.evidence.variable === 'GOPROXY');
  assert.equal(drift(trusted).length, 1);
  assert.deepEqual(drift(trusted)[0].location?.line, 4);
  assert.ok(drift(trusted)[0].fixes.some((f) => f.origin?.securityRelevant));
  assert.equal(drift(untrusted).length, 1);
  assert.deepEqual(drift(untrusted)[0].fixes, []);
  assert.match(drift(untrusted)[0].detail, /not offered in Restricted Mode/);
  // The Go range's install instructions are not security-relevant: they stay.
  const go = untrusted.snapshot!.report.findings.find((f) => f.id === 'policy-drift' && f.evidence.rule === 'go')!;
  assert.deepEqual(
    go.fixes.map((f) => f.kind),
    ['instructions'],
  );
});

void test("hovers on a policy rule say what it checks and this machine's value, judged", async () => {
  const { service } = await runService(true);
  service.openDocument(pathToUri(POLICY), 'jsonc', 1, POLICY_TEXT);
  const text = (line: number, character = 6) => {
    const h = service.hover(pathToUri(POLICY), { line, character });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
  };
  assert.match(
    text(1)!,
    /\*\*go\*\* — the active Go must be a release in `>=1.27`[\s\S]*This machine: `go1.26.8` — the go on PATH \(\/usr\/local\/go\/bin\/go\)\. ✗ breaks the rule/,
  );
  const proxy = text(3)!;
  assert.match(proxy, /\*\*env.GOPROXY\*\* — GOPROXY must be https:\/\/goproxy.corp.example \(severity error\)/);
  assert.match(proxy, /This machine: `https:\/\/proxy.golang.org,direct` — the default from \/usr\/local\/go\/go.env\. ✗ breaks the rule/);
  assert.match(proxy, /Reason given by the policy: `company proxy`/);
  assert.match(
    text(5, 15)!,
    /\*\*tools.dlv\*\* — dlv must be a version in `>=1.20.0`[\s\S]*This machine: dlv is not installed\. ✗ breaks the rule/,
  );
  assert.equal(text(0), undefined);
  // Before any check has finished the rule is still explained.
  const early = policyHover(POLICY_TEXT, { line: 3, character: 6 }, undefined)!.contents as { value: string };
  assert.match(early.value, /GOPROXY must be https:\/\/goproxy.corp.example[\s\S]*have not finished yet/);
});

void test('a security-relevant edit from the policy is never a direct light-bulb edit; it goes through the command that asks', () => {
  const fix: EditFileFix = {
    id: 'policy-set-goproxy-declared',
    title: 'Set GOPROXY',
    kind: 'edit-file',
    file: '/work/app/.github/workflows/ci.yml',
    edits: [{ line: 5, column: 12, endLine: 5, endColumn: 15, newText: 'https://goproxy.corp.example' }],
    origin: { kind: 'policy', file: POLICY, line: 4, rule: 'env.GOPROXY', securityRelevant: true },
  };
  const finding: Finding = {
    id: 'policy-drift',
    severity: 'error',
    area: 'policy',
    title: 'GOPROXY must be …',
    detail: 'd',
    evidence: {},
    location: { file: fix.file, line: 5, column: 12 },
    fixes: [fix, { ...fix, id: 'plain', origin: { ...fix.origin!, securityRelevant: false } }],
  };
  const d: Diagnostic = {
    range: { start: { line: 4, character: 11 }, end: { line: 4, character: 14 } },
    source: DIAGNOSTIC_SOURCE,
    message: 'm',
    data: { findingKey: findingKey(finding) },
  };
  const actions = codeActionsFor([d], [finding], { offered: () => ['off'], current: () => ['off'] });
  assert.equal(actions.length, 2);
  assert.equal(actions[0].edit, undefined);
  assert.deepEqual(actions[0].command?.arguments, [findingKey(finding), fix.id]);
  assert.ok(actions[1].edit, 'a policy value that is not security-relevant is an ordinary edit');

  const preview = previewFix({ ...fix, kind: 'go-env-write', variable: 'GOPROXY', value: 'https://goproxy.corp.example' } as never, {
    goPath: '/usr/local/go/bin/go',
  });
  assert.equal(preview.action, APPLY_POLICY_ACTION);
  assert.match(preview.detail, /^From the repository's team policy: \/work\/app\/\.gohealth\.json line 4 \(env\.GOPROXY\)\./);
  assert.match(preview.detail, /apply it only if you trust this repository/);
  assert.match(preview.detail, /Runs: \/usr\/local\/go\/bin\/go env -w GOPROXY=https:\/\/goproxy.corp.example/);
  assert.equal(previewFix({ id: 'x', title: 't', kind: 'instructions', steps: ['s'] }).action, APPLY_ACTION);
});
