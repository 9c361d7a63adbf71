// Fix machinery without VS Code: previews, audit records, comment-preserving JSON edits, undo data, trust-filtered settings, report redaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { appendAuditRecord, auditRecord, AUDIT_LOG_NAME } from '../../../src/shared/audit';
import { instructionsMarkdown, previewFix } from '../../../src/shared/fixPreview';
import { UndoStack, UNDO_LIMIT, type Memento, type UndoEntry } from '../../../src/shared/undoStack';
import { redact, renderReportMarkdown } from '../../../src/shared/reportMarkdown';
import { jsoncEdits, jsoncProblem } from '../../../src/shared/jsonc';
import { applyLineEdits, invertLineEdits, replacedTexts, type LineEdit } from '../../../src/shared/textEdits';
import { expandPathVariables, resolveServerSettings, trustedValue } from '../../../src/shared/settings';
import { summarizeEnvironment } from '../../../src/core/environment';
import type { HealthSnapshot } from '../../../src/shared/protocol';
import { healthyFacts } from '../support/factsBuilder';

void test('an audit record is one OpenTelemetry-style log record with the fix, finding, target and both values', () => {
  const r = auditRecord(
    {
      action: 'apply',
      fixId: 'lower-go-line',
      fixTitle: 'Lower the go line',
      findingId: 'gomod-go-newer',
      target: '/w/go.mod',
      previous: '1.99',
      next: '1.26',
    },
    1_700_000_000_123,
  );
  assert.equal(r.timeUnixNano, '1700000000123000000');
  assert.equal(r.severityText, 'INFO');
  assert.equal(r.severityNumber, 9);
  assert.match(r.body, /^applied fix lower-go-line/);
  assert.deepEqual(r.attributes, {
    'gohealth.fix.id': 'lower-go-line',
    'gohealth.finding.id': 'gomod-go-newer',
    'gohealth.target': '/w/go.mod',
    'gohealth.previous': '1.99',
    'gohealth.new': '1.26',
    'gohealth.action': 'apply',
    'gohealth.fix.title': 'Lower the go line',
  });
  assert.match(
    auditRecord({ action: 'undo', fixId: 'x', fixTitle: 'X', findingId: 'y', target: 't', previous: null, next: null }).body,
    /^undid fix x/,
  );
});

void test('the audit log gets exactly one JSON line per record, appended', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gohealth-audit-'));
  try {
    const storage = join(dir, 'not-yet-created');
    await appendAuditRecord(
      storage,
      auditRecord({ action: 'apply', fixId: 'a', fixTitle: 'A', findingId: 'f', target: 't', previous: 'p\nq', next: 'n' }),
    );
    await appendAuditRecord(
      storage,
      auditRecord({ action: 'undo', fixId: 'a', fixTitle: 'A', findingId: 'f', target: 't', previous: 'n', next: 'p\nq' }),
    );
    const lines = readFileSync(join(storage, AUDIT_LOG_NAME), 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(
      lines.slice(0, 2).map((l) => JSON.parse(l).attributes['gohealth.action']),
      ['apply', 'undo'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('previews state the exact change for each fix kind', () => {
  const edit = previewFix(
    {
      id: 'l',
      title: 'Lower the go line',
      kind: 'edit-file',
      file: '/w/go.mod',
      edits: [{ line: 3, column: 4, endLine: 3, endColumn: 8, newText: '1.26' }],
    },
    { fileText: 'module m\n\ngo 1.99\n' },
  );
  assert.equal(edit.detail, 'In /w/go.mod:\nLine 3: "1.99" → "1.26"');
  const env = previewFix(
    { id: 'g', title: 'Set GOTOOLCHAIN=auto', kind: 'go-env-write', variable: 'GOTOOLCHAIN', value: 'auto' },
    { goPath: '/usr/local/go/bin/go', goenvFile: '/h/.config/go/env', currentFileValue: 'local' },
  );
  assert.equal(
    env.detail,
    'Runs: /usr/local/go/bin/go env -w GOTOOLCHAIN=auto\nGOTOOLCHAIN in the go env file (/h/.config/go/env): "local" → "auto"',
  );
  const unset = previewFix(
    { id: 'u', title: 'Unset GOROOT', kind: 'go-env-write', variable: 'GOROOT' },
    { goPath: '/go', currentFileValue: '/old' },
  );
  assert.match(unset.detail, /Runs: \/go env -u GOROOT\n.*"\/old" → not set/);
  const term = previewFix(
    { id: 't', title: 'Prepend', kind: 'terminal-env', variable: 'PATH', op: 'prepend', value: '/usr/local/go/bin' },
    { pathDelimiter: ':' },
  );
  assert.match(term.detail, /PATH = \/usr\/local\/go\/bin:<current PATH>/);
  const run = previewFix({
    id: 'r',
    title: 'Install dlv',
    kind: 'run-command',
    command: 'go',
    args: ['install', 'github.com/go-delve/delve/cmd/dlv@latest'],
  });
  assert.match(run.detail, /Runs in a new terminal: go install github.com\/go-delve\/delve\/cmd\/dlv@latest/);
  assert.equal(run.undoable, false);
});

void test('instructions become Markdown with each command in a fenced block and no claim of running them', () => {
  const md = instructionsMarkdown(
    {
      id: 'i',
      title: 'Exclude the cache',
      kind: 'instructions',
      steps: ['Open PowerShell as administrator.'],
      commands: [{ shell: 'powershell', text: 'Add-MpPreference -ExclusionPath C:\\x', elevated: true }],
    },
    'Defender scans the cache',
  );
  assert.match(md, /```powershell\nAdd-MpPreference -ExclusionPath C:\\x\n```/);
  assert.match(md, /as administrator/);
  assert.match(md, /does not run these/);
});

const SETTINGS = `{
  // Go settings for this project.
  "go.goroot": "/opt/go1.20", // pinned by someone
  /* keep this */
  "editor.tabSize": 4,
  "go.toolsEnvVars": { "GOFLAGS": "-tags=dev" }
}
`;

void test('JSONC edits set a value and keep comments and other entries', () => {
  const r = jsoncEdits(SETTINGS, ['go.goroot'], '/usr/local/go');
  assert.ok(r.ok);
  const out = applyLineEdits(SETTINGS, r.edits);
  assert.match(out, /\/\/ Go settings for this project\./);
  assert.match(out, /\/\* keep this \*\//);
  assert.match(out, /"go\.goroot": "\/usr\/local\/go", \/\/ pinned by someone/);
  assert.deepEqual(parse(out)['editor.tabSize'], 4);
});

void test('JSONC removal of the first, middle and last property keeps comments and yields valid JSON', () => {
  for (const key of ['go.goroot', 'editor.tabSize', 'go.toolsEnvVars']) {
    const r = jsoncEdits(SETTINGS, [key], undefined);
    assert.ok(r.ok);
    const out = applyLineEdits(SETTINGS, r.edits);
    assert.equal(jsoncProblem(out), undefined, `${key}: ${out}`);
    const value = parse(out) as Record<string, unknown>;
    assert.equal(key in value, false);
    assert.equal(Object.keys(value).length, 2);
    assert.match(out, /\/\/ Go settings for this project\./);
    assert.match(out, /\/\* keep this \*\//);
  }
});

void test('a file that does not parse is refused and left untouched', () => {
  const broken = '{\n  "a": 1,,\n  // c\n';
  const r = jsoncEdits(broken, ['a'], 2);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /does not parse.*left untouched/);
});

void test('inverse edits restore the original text exactly (same line, several lines, multi-line text)', () => {
  const cases: { text: string; edits: LineEdit[] }[] = [
    { text: 'go 1.99\n', edits: [{ line: 1, column: 4, endLine: 1, endColumn: 8, newText: '1.26' }] },
    {
      text: 'abc def ghi\n',
      edits: [
        { line: 1, column: 1, endLine: 1, endColumn: 4, newText: 'ABCDE' },
        { line: 1, column: 5, endLine: 1, endColumn: 8, newText: 'D' },
      ],
    },
    {
      text: 'a\nb\nc\nd\n',
      edits: [
        { line: 2, column: 1, endLine: 3, endColumn: 2, newText: 'X\nY\nZ' },
        { line: 4, column: 1, endLine: 4, endColumn: 2, newText: '' },
      ],
    },
    { text: 'module m\n\ngo 1.22\ntoolchain go1.22.0\n', edits: [{ line: 4, column: 1, endLine: 5, endColumn: 1, newText: '' }] },
  ];
  for (const c of cases) {
    const before = replacedTexts(c.text, c.edits);
    const after = applyLineEdits(c.text, c.edits);
    const inverse = invertLineEdits(c.edits, before);
    assert.deepEqual(
      replacedTexts(after, inverse),
      c.edits.map((e) => e.newText),
      JSON.stringify(c),
    );
    assert.equal(applyLineEdits(after, inverse), c.text, JSON.stringify(c));
  }
});

function memento(): Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(k: string) => data.get(k) as T | undefined,
    update: async (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))),
  };
}

void test('the undo stack survives a reload (it lives in workspace state) and is bounded', async () => {
  const m = memento();
  const entry = (n: number): UndoEntry => ({
    kind: 'go-env-write',
    fixId: `f${n}`,
    fixTitle: 'T',
    findingId: 'x',
    target: 'go env V',
    goPath: '/go',
    variable: 'V',
    previous: undefined,
    appliedValue: 'a',
    previousValue: null,
    appliedAtMs: n,
  });
  await new UndoStack(m).push(entry(1));
  await new UndoStack(m).push(entry(2));
  const reloaded = new UndoStack(m);
  assert.equal(reloaded.peek()?.fixId, 'f2');
  assert.equal((await reloaded.pop())?.fixId, 'f2');
  assert.equal(new UndoStack(m).peek()?.fixId, 'f1');
  for (let i = 0; i < UNDO_LIMIT + 5; i++) await reloaded.push(entry(i));
  assert.equal(reloaded.size, UNDO_LIMIT);
});

void test('untrusted: workspace values of program-path settings are ignored and named; user values still count', () => {
  assert.deepEqual(trustedValue({ globalValue: '/usr/bin/go', workspaceValue: '/w/fake-go' }, false), {
    value: '/usr/bin/go',
    ignored: true,
  });
  assert.deepEqual(trustedValue({ globalValue: '/usr/bin/go', workspaceValue: '/w/fake-go' }, true), {
    value: '/w/fake-go',
    ignored: false,
  });
  const s = resolveServerSettings({
    trusted: false,
    goPath: { workspaceValue: '${workspaceFolder}/fake-go' },
    goGoroot: { workspaceFolderValue: '/w/goroot' },
    goAlternateTools: { workspaceValue: { go: '/w/go' }, globalValue: { go: '/opt/go/bin/go' } },
    disabledChecks: { globalValue: ['go-outdated', 3] },
    severityOverrides: { globalValue: { 'go-shadowed': 'error', bad: 'loud' } },
    timeoutMs: { globalValue: -1 },
  });
  assert.equal(s.goPath, undefined);
  assert.equal(s.vscodeGo.goroot, undefined);
  assert.equal(s.vscodeGo.alternateGo, '/opt/go/bin/go');
  assert.deepEqual(s.ignoredSettings, ['goHealth.goPath', 'go.goroot', 'go.alternateTools']);
  assert.deepEqual(s.disabledChecks, ['go-outdated']);
  assert.deepEqual(s.severityOverrides, { 'go-shadowed': 'error' });
  assert.equal(s.timeoutMs, 10_000);
  assert.equal(s.trusted, false);
});

void test('untrusted: a workspace cannot silence the checks through their timeout, disabled list, severities or the login-shell comparison', () => {
  const workspace = {
    timeoutMs: { defaultValue: 10_000, workspaceValue: 1 },
    disabledChecks: { defaultValue: [], workspaceFolderValue: ['go-broken', 'goroot-mismatch'] },
    severityOverrides: { defaultValue: {}, globalValue: { 'go-outdated': 'off' }, workspaceValue: { 'goroot-mismatch': 'info' } },
    compareLoginShell: { defaultValue: true, workspaceValue: false },
  };
  const untrusted = resolveServerSettings({ trusted: false, ...workspace });
  assert.equal(untrusted.timeoutMs, 10_000);
  assert.deepEqual(untrusted.disabledChecks, []);
  assert.deepEqual(untrusted.severityOverrides, { 'go-outdated': 'off' }, "the user's own settings still count");
  assert.equal(untrusted.compareLoginShell, true);
  assert.deepEqual(untrusted.ignoredSettings, [
    'goHealth.timeoutMs',
    'goHealth.checks.disabled',
    'goHealth.checks.severityOverrides',
    'goHealth.compareLoginShell',
  ]);
  const trusted = resolveServerSettings({ trusted: true, ...workspace });
  assert.equal(trusted.timeoutMs, 1);
  assert.deepEqual(trusted.disabledChecks, ['go-broken', 'goroot-mismatch']);
  assert.deepEqual(trusted.severityOverrides, { 'goroot-mismatch': 'info' });
  assert.equal(trusted.compareLoginShell, false);
});

void test('path settings expand ${workspaceFolder}, ${userHome} and ~', () => {
  assert.equal(expandPathVariables('${workspaceFolder}/fake-go', ['/w'], '/h'), '/w/fake-go');
  assert.equal(expandPathVariables('~/sdk/go/bin/go', [], '/h'), '/h/sdk/go/bin/go');
  assert.equal(expandPathVariables('${userHome}/go', [], '/h'), '/h/go');
  assert.equal(expandPathVariables('${workspaceFolder}/go', [], '/h'), undefined);
});

void test('the bug-report version of the report has no home paths or user name', () => {
  const snapshot: HealthSnapshot = {
    runId: 1,
    report: {
      schemaVersion: 1,
      tool: { name: 'gohealth', version: '0.1.0' },
      host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: '/home/dev/app' },
      toolchains: [],
      findings: [
        {
          id: 'gobin-not-on-path',
          severity: 'warning',
          area: 'toolchain',
          title: '/home/dev/go/bin is not on PATH',
          detail: 'user dev installs to /home/dev/go/bin',
          evidence: {},
          fixes: [],
        },
      ],
      timingsMs: { total: 12 },
    },
    environment: summarizeEnvironment(healthyFacts()),
    trusted: true,
    ignoredSettings: [],
    fixTargets: {},
  };
  const plain = renderReportMarkdown(snapshot);
  assert.match(plain, /\/home\/dev\/go\/bin is not on PATH/);
  const clean = renderReportMarkdown(snapshot, { homedir: '/home/dev', username: 'dev' });
  assert.ok(!clean.includes('/home/dev'), clean);
  assert.match(clean, /~\/go\/bin is not on PATH/);
  assert.match(clean, /user <user> installs/);
  assert.match(clean, /\| GOPATH \| `~\/go` \| default \|/);
  assert.equal(redact('C:\\Users\\Bob\\go and C:/Users/Bob/sdk', { homedir: 'C:\\Users\\Bob', username: 'Bob' }), '~\\go and ~/sdk');
});
