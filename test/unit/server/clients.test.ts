// What the server offers and does for an editor without Go Health's own client: code actions it can carry out, its settings, fixes it applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { EditFileFix, Finding, Fix } from '../../../src/core/report';
import type { ExecFn } from '../../../src/platform/exec';
import { codeActionsFor } from '../../../src/server/codeActions';
import { DIAGNOSTIC_SOURCE } from '../../../src/server/diagnostics';
import { SERVER_COMMANDS, ServerFixes, type ServerFixDeps } from '../../../src/server/serverFixes';
import { findingKey, type HealthSnapshot } from '../../../src/shared/protocol';
import { settingsFromConfiguration } from '../../../src/shared/settings';

const GO_MOD = '/work/app/go.mod';

function finding(fixes: Fix[]): Finding {
  return {
    id: 'gomod-go-newer',
    severity: 'error',
    area: 'modules',
    title: 'go.mod needs go1.99.0',
    detail: 'd',
    evidence: {},
    location: { file: GO_MOD, line: 3, column: 4 },
    fixes,
  };
}

const goEnvFix: Fix = {
  id: 'auto',
  title: 'Set GOTOOLCHAIN=auto with go env -w',
  kind: 'go-env-write',
  variable: 'GOTOOLCHAIN',
  value: 'auto',
};
const terminalFix: Fix = {
  id: 't',
  title: 'Set GOTOOLCHAIN=auto in integrated terminals',
  kind: 'terminal-env',
  variable: 'GOTOOLCHAIN',
  op: 'replace',
  value: 'auto',
};
const runFix: Fix = {
  id: 'r',
  title: 'Install dlv',
  kind: 'run-command',
  command: '/usr/local/go/bin/go',
  args: ['install', 'github.com/go-delve/delve/cmd/dlv@latest'],
};

function diagnosticFor(f: Finding): Diagnostic {
  return {
    range: { start: { line: 2, character: 3 }, end: { line: 2, character: 7 } },
    message: f.title,
    source: DIAGNOSTIC_SOURCE,
    code: f.id,
    data: { findingKey: findingKey(f) },
  };
}

const noTargets = { offered: () => undefined, current: () => undefined };

void test('a client without integrated terminals is never offered a terminal fix; the others run the server command', () => {
  const f = finding([goEnvFix, terminalFix, runFix]);
  const other = codeActionsFor([diagnosticFor(f)], [f], noTargets, {
    applyFixCommand: SERVER_COMMANDS.applyFix,
    terminalEnvironment: false,
  });
  assert.deepEqual(
    other.map((a) => [a.title, a.command?.command]),
    [
      [goEnvFix.title, 'gohealth.applyFix'],
      [runFix.title, 'gohealth.applyFix'],
    ],
  );
  const vscode = codeActionsFor([diagnosticFor(f)], [f], noTargets);
  assert.deepEqual(
    vscode.map((a) => a.command?.command),
    ['goHealth.applyFix', 'goHealth.applyFix', 'goHealth.applyFix'],
  );
});

void test("settings under VS Code's names, nested or dotted, as the editor's own configuration sends them", () => {
  const nested = settingsFromConfiguration({
    goPath: '/opt/go/bin/go',
    timeoutMs: 5000,
    checks: { disabled: ['go-outdated'], severityOverrides: { 'tool-missing': 'off', x: 'loud' } },
  });
  assert.equal(nested.goPath, '/opt/go/bin/go');
  assert.equal(nested.timeoutMs, 5000);
  assert.deepEqual(nested.disabledChecks, ['go-outdated']);
  assert.deepEqual(nested.severityOverrides, { 'tool-missing': 'off' });
  assert.equal(nested.trusted, true);
  const dotted = settingsFromConfiguration({ 'checks.disabled': ['gosum-missing'], compareLoginShell: false });
  assert.deepEqual(dotted.disabledChecks, ['gosum-missing']);
  assert.equal(dotted.compareLoginShell, false);
  // Garbage is the defaults, not a crash.
  assert.equal(settingsFromConfiguration(null).timeoutMs, 10_000);
  assert.equal(settingsFromConfiguration([1, 2]).disabledChecks.length, 0);
  assert.equal(settingsFromConfiguration({ timeoutMs: -1 }).timeoutMs, 10_000);
});

interface FakeEditor {
  deps: ServerFixDeps;
  asked: string[];
  told: string[];
  pages: string[];
  edits: EditFileFix[];
  runs: string[][];
  state: string;
}

function editor(t: { after: (fn: () => void) => void }, f: Finding, answer: boolean, files: Record<string, string> = {}): FakeEditor {
  const state = mkdtempSync(path.join(os.tmpdir(), 'gohealth-serverfixes-'));
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const goenv = path.join(state, 'goenv');
  writeFileSync(goenv, 'GOTOOLCHAIN=local\n');
  const e: Omit<FakeEditor, 'deps'> = { asked: [], told: [], pages: [], edits: [], runs: [], state };
  const exec: ExecFn = async (file, args) => {
    e.runs.push([file, ...args]);
    return { code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
  };
  const snapshot = {
    runId: 1,
    report: { findings: [f] },
    environment: { activeGo: { path: '/usr/local/go/bin/go' }, goenvFile: goenv },
    trusted: true,
    ignoredSettings: [],
    fixTargets: { [`${findingKey(f)}/lower`]: ['1.99'] },
  } as unknown as HealthSnapshot;
  const deps: ServerFixDeps = {
    exec,
    stateDir: state,
    timeoutMs: () => 1000,
    env: {},
    snapshot: () => snapshot,
    confirm: async (message) => (e.asked.push(message), answer),
    inform: (m) => void e.told.push(m),
    showPage: async (_file, markdown) => void e.pages.push(markdown),
    applyEdit: async (fix) => (e.edits.push(fix), true),
    readFile: async (file) => files[file],
    rerun: async () => undefined,
  };
  return { ...e, deps };
}

void test('go env -w is run only after the user confirms, with the active go, and recorded for the audit log and undo', async (t) => {
  const f = finding([goEnvFix]);
  const declined = editor(t, f, false);
  assert.equal(await new ServerFixes(declined.deps).apply(findingKey(f), 'auto'), false);
  assert.deepEqual(declined.runs, []);

  const e = editor(t, f, true);
  const fixes = new ServerFixes(e.deps);
  assert.equal(await fixes.apply(findingKey(f), 'auto'), true);
  assert.deepEqual(e.runs[0]!.slice(0, 4), ['/usr/local/go/bin/go', 'env', '-w', 'GOTOOLCHAIN=auto']);
  assert.match(e.asked[0]!, /Set GOTOOLCHAIN=auto/);
  const audit = readFileSync(path.join(e.state, 'audit-log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(audit[0].attributes['gohealth.previous'], 'local');
  // Undo writes the previous value back, and a new server (another editor session) still knows what to undo.
  assert.equal(await new ServerFixes(e.deps).undoLast(), true);
  assert.deepEqual(e.runs[1]!.slice(0, 4), ['/usr/local/go/bin/go', 'env', '-w', 'GOTOOLCHAIN=local']);
  assert.equal(await new ServerFixes(e.deps).undoLast(), false);
  assert.match(e.told.at(-1)!, /no Go Health fix to undo/);
});

void test('a command fix is shown to the user as a page, never started by the server; a terminal fix says why it cannot apply', async (t) => {
  const f = finding([runFix, terminalFix]);
  const e = editor(t, f, true);
  const fixes = new ServerFixes(e.deps);
  assert.equal(await fixes.apply(findingKey(f), 'r'), false);
  assert.deepEqual(e.runs, []);
  assert.match(e.pages[0]!, /go install github\.com\/go-delve\/delve\/cmd\/dlv@latest/);
  assert.equal(await fixes.apply(findingKey(f), 't'), false);
  assert.match(e.told[0]!, /integrated terminals/);
});

void test('an edit is applied through the editor only while its target is what the check saw', async (t) => {
  const lower: Fix = {
    id: 'lower',
    title: 'Lower the go line',
    kind: 'edit-file',
    file: GO_MOD,
    edits: [{ line: 3, column: 4, endLine: 3, endColumn: 8, newText: '1.26' }],
  };
  const f = finding([lower]);
  const e = editor(t, f, true, { [GO_MOD]: 'module m\n\ngo 1.99\n' });
  assert.equal(await new ServerFixes(e.deps).apply(findingKey(f), 'lower'), true);
  assert.equal(e.edits.length, 1);
  const changed = editor(t, f, true, { [GO_MOD]: 'module m\n\ngo 1.98\n' });
  assert.equal(await new ServerFixes(changed.deps).apply(findingKey(f), 'lower'), false);
  assert.deepEqual(changed.edits, []);
  assert.match(changed.told[0]!, /changed since it was checked/);
});
