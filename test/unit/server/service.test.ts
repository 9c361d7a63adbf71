// The language server's logic: when runs happen, what diagnostics and quick fixes it publishes, and trust rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { runHealthCheck, type HealthCheckOptions } from '../../../src/core/engine';
import { ProbeCache } from '../../../src/core/probe/cache';
import type { Finding, Report } from '../../../src/core/report';
import type { Host } from '../../../src/core/host';
import type { HealthNotificationParams } from '../../../src/shared/protocol';
import { APPLY_FIX_COMMAND, findingKey } from '../../../src/shared/protocol';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { HealthService, applySeverityOverrides, skippedChecks } from '../../../src/server/service';
import { explainCheck } from '../../../src/server/server';
import { diagnosticsByUri } from '../../../src/server/diagnostics';
import { overlayHost } from '../../../src/server/overlayHost';
import { Debouncer, type Clock } from '../../../src/server/debounce';
import { pathToUri } from '../../../src/server/uris';
import { fakeHostWithGo } from '../support/fakeHost';
import { healthyFacts } from '../support/factsBuilder';

/** A clock that only moves when the test says so. */
function manualClock() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
    get pending() {
      return timers.size;
    },
  };
}

const GO_MOD = '/work/app/go.mod';

function newerGoFinding(line = 3): Finding {
  return {
    id: 'gomod-go-newer',
    severity: 'error',
    area: 'modules',
    title: 'go.mod needs go1.99.0',
    detail: 'd',
    evidence: {},
    location: { file: GO_MOD, line, column: 4, endColumn: 8 },
    fixes: [
      {
        id: 'lower-go-line',
        title: 'Lower the go line to 1.26',
        kind: 'edit-file',
        file: GO_MOD,
        edits: [{ line, column: 4, endLine: line, endColumn: 8, newText: '1.26' }],
      },
      { id: 'gotoolchain-auto', title: 'go env -w GOTOOLCHAIN=auto', kind: 'go-env-write', variable: 'GOTOOLCHAIN', value: 'auto' },
    ],
  };
}

function reportWith(findings: Finding[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'gohealth', version: '0' },
    host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: '/work/app' },
    toolchains: [],
    findings,
    timingsMs: {},
  };
}

/** A service over a fake run whose findings the test controls, recording what it publishes. */
function harness(options: { findings?: (host: Host) => Promise<Finding[]> | Finding[]; disk?: Record<string, string> } = {}) {
  const disk: Record<string, string> = { [GO_MOD]: 'module example.com/app\n\ngo 1.99\n', ...(options.disk ?? {}) };
  const runs: HealthCheckOptions[] = [];
  const sent: HealthNotificationParams[] = [];
  const published = new Map<string, Diagnostic[]>();
  const invalidated: string[] = [];
  const time = manualClock();
  const baseHost = fakeHostWithGo({ files: disk, dirs: ['/work/app'] });
  const service = new HealthService({
    host: baseHost,
    clock: time.clock,
    cache: { invalidateAll: () => invalidated.push('*'), invalidateFile: (f) => invalidated.push(f) },
    runCheck: async (host, opts) => {
      runs.push(opts);
      const findings = options.findings ? await options.findings(host) : [newerGoFinding()];
      return { report: reportWith(findings), facts: healthyFacts() };
    },
    sendHealth: (p) => sent.push(p),
    publishDiagnostics: (uri, d) => published.set(uri, d),
  });
  service.setWorkspaceFolders(['/work/app']);
  time.advance(1000);
  return { service, runs, sent, published, time, invalidated, baseHost };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

void test('edits while typing are debounced into one run; a save runs at once', async () => {
  const h = harness();
  await settle();
  const before = h.runs.length;
  h.service.openDocument(pathToUri(GO_MOD), 'go.mod', 1, 'module example.com/app\n\ngo 1.99\n');
  for (let v = 2; v < 7; v++) {
    h.service.changeDocument(pathToUri(GO_MOD), v, `module example.com/app\n\ngo 1.${90 + v}\n`);
    h.time.advance(50);
  }
  await settle();
  assert.equal(h.runs.length, before, 'no run while the user keeps typing');
  h.time.advance(150);
  await settle();
  assert.equal(h.runs.length, before + 1, 'one run after the pause');
  await h.service.saveDocument(pathToUri(GO_MOD));
  assert.equal(h.runs.length, before + 2, 'a save does not wait for the delay');
  assert.ok(h.invalidated.includes(GO_MOD), 'the saved file is dropped from the probe cache');
});

void test('a file-located finding becomes a diagnostic at its exact line and columns with the check id as code', async () => {
  const h = harness();
  await h.service.runNow();
  const diags = h.published.get(pathToUri(GO_MOD))!;
  assert.equal(diags.length, 1);
  assert.deepEqual(diags[0]!.range, { start: { line: 2, character: 3 }, end: { line: 2, character: 7 } });
  assert.equal(diags[0]!.code, 'gomod-go-newer');
  assert.equal(diags[0]!.source, 'Go Health');
  assert.equal(diags[0]!.severity, 1);
});

void test('diagnostics of a fixed problem are cleared on the next run', async () => {
  let findings: Finding[] = [newerGoFinding()];
  const h = harness({ findings: () => findings });
  await h.service.runNow();
  assert.equal(h.published.get(pathToUri(GO_MOD))!.length, 1);
  findings = [];
  await h.service.runNow();
  assert.deepEqual(h.published.get(pathToUri(GO_MOD)), []);
});

void test('findings without a location are reported but never become diagnostics', () => {
  const f: Finding = { ...newerGoFinding(), location: undefined };
  assert.equal(diagnosticsByUri(reportWith([f])).size, 0);
});

void test('a finding without an end column is highlighted to the end of its line', () => {
  const f: Finding = { ...newerGoFinding(), location: { file: GO_MOD, line: 3, column: 1 } };
  const d = diagnosticsByUri(reportWith([f]), () => 'module x\n\ngo 1.99   \n').get(pathToUri(GO_MOD))!;
  assert.deepEqual(d[0]!.range.end, { line: 2, character: 10 });
});

void test('the whole report goes to the client in one notification with the fix targets as the check saw them', async () => {
  const h = harness();
  await h.service.runNow();
  const done = h.sent.filter((s) => s.phase === 'done');
  const last = done[done.length - 1]!;
  assert.equal(last.phase, 'done');
  if (last.phase !== 'done') return;
  assert.equal(last.snapshot.report.findings[0]!.id, 'gomod-go-newer');
  assert.deepEqual(last.snapshot.fixTargets[`${findingKey(newerGoFinding())}/lower-go-line`], ['1.99']);
  assert.equal(last.snapshot.environment.activeGo?.version, 'go1.26.8');
  assert.ok(
    h.sent.some((s) => s.phase === 'checking'),
    'the client hears that a run started',
  );
});

void test('code actions: an edit-file fix is a workspace edit plus a record command; other kinds run the apply command', async () => {
  const h = harness();
  await h.service.runNow();
  const diags = h.published.get(pathToUri(GO_MOD))!;
  const actions = h.service.codeActions(pathToUri(GO_MOD), diags);
  assert.equal(actions.length, 2);
  const edit = actions.find((a) => a.title.startsWith('Lower'))!;
  assert.deepEqual(edit.edit?.changes?.[pathToUri(GO_MOD)], [
    { range: { start: { line: 2, character: 3 }, end: { line: 2, character: 7 } }, newText: '1.26' },
  ]);
  assert.equal(edit.command?.command, APPLY_FIX_COMMAND);
  assert.deepEqual(edit.command?.arguments?.[2], { alreadyApplied: true, previous: ['1.99'] });
  const env = actions.find((a) => a.title.startsWith('go env'))!;
  assert.equal(env.edit, undefined);
  assert.deepEqual(env.command?.arguments, [findingKey(newerGoFinding()), 'gotoolchain-auto']);
});

void test('a quick fix whose target text changed since the check is not offered', async () => {
  const h = harness();
  await h.service.runNow();
  const diags = h.published.get(pathToUri(GO_MOD))!;
  h.service.openDocument(pathToUri(GO_MOD), 'go.mod', 1, 'module example.com/app\n\ngo 1.98\n');
  const actions = h.service.codeActions(pathToUri(GO_MOD), diags);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['go env -w GOTOOLCHAIN=auto'],
  );
  h.service.dispose();
});

void test('the engine reads open documents from the editor, not from disk', async () => {
  const seen: string[] = [];
  const h = harness({
    findings: async (host) => {
      const read = await host.fs.readFile(GO_MOD, 1024 * 1024);
      seen.push(read && 'text' in read ? read.text : '');
      return [];
    },
  });
  h.service.openDocument(pathToUri(GO_MOD), 'go.mod', 1, 'module example.com/app\n\ngo 1.50\n');
  await h.service.runNow();
  assert.match(seen[seen.length - 1]!, /go 1\.50/);
  h.service.closeDocument(pathToUri(GO_MOD));
  await h.service.runNow();
  assert.match(seen[seen.length - 1]!, /go 1\.99/, 'closed: the disk copy counts again');
  h.service.dispose();
});

void test('the document overlay changes the stat so a size+mtime cache sees each edit', async () => {
  const base = fakeHostWithGo({ files: { [GO_MOD]: 'go 1.20\n' } });
  let version = 1;
  const host = overlayHost(base, (f) => (f === GO_MOD ? { text: 'go 1.21\n', version } : undefined));
  const a = await host.fs.stat(GO_MOD);
  version = 2;
  const b = await host.fs.stat(GO_MOD);
  assert.notEqual(a!.mtimeMs, b!.mtimeMs);
  assert.deepEqual(await host.fs.readFile(GO_MOD, 1024), { text: 'go 1.21\n' });
  assert.deepEqual(await host.fs.readFile(GO_MOD, 4), { refused: 'too-large', size: 8 }, 'an open document is bounded like a file');
});

void test('severity overrides change findings; an override to off and a disabled check are not run at all', async () => {
  const findings = [newerGoFinding(), { ...newerGoFinding(), id: 'tool-missing', severity: 'info' as const, location: undefined }];
  const out = applySeverityOverrides(findings, { severityOverrides: { 'gomod-go-newer': 'warning' } });
  assert.deepEqual(
    out.map((f) => [f.id, f.severity]),
    [
      ['gomod-go-newer', 'warning'],
      ['tool-missing', 'info'],
    ],
  );
  assert.deepEqual(
    skippedChecks({ severityOverrides: { 'tool-missing': 'off', 'go-shadowed': 'error' }, disabledChecks: ['gosum-missing'] }),
    ['gosum-missing', 'tool-missing'],
  );
  const h = harness();
  h.service.setSettings({ ...DEFAULT_SETTINGS, disabledChecks: ['go-outdated'] });
  await h.service.runNow();
  assert.deepEqual(h.runs[h.runs.length - 1]!.skip, ['go-outdated']);
  h.service.dispose();
});

void test('untrusted: a go path inside the workspace is never passed to the engine, even if a client sent it', async () => {
  const h = harness();
  h.service.setSettings({ ...DEFAULT_SETTINGS, goPath: '/work/app/fake-go', trusted: false, ignoredSettings: [] });
  await h.service.runNow();
  assert.equal(h.runs[h.runs.length - 1]!.configuredGoPath, undefined);
  h.service.setSettings({ ...DEFAULT_SETTINGS, goPath: '/work/app/fake-go', trusted: true });
  await h.service.runNow();
  assert.equal(h.runs[h.runs.length - 1]!.configuredGoPath, '/work/app/fake-go');
  h.service.dispose();
});

void test('untrusted: a go in a workspace folder whose name starts with two dots is inside the workspace too', async () => {
  const h = harness();
  for (const goPath of ['/work/app/..evil/go', '/work/app/sub/../..x/go']) {
    h.service.setSettings({ ...DEFAULT_SETTINGS, goPath, trusted: false, ignoredSettings: [] });
    await h.service.runNow();
    assert.equal(h.runs[h.runs.length - 1]!.configuredGoPath, undefined, goPath);
  }
  h.service.setSettings({ ...DEFAULT_SETTINGS, goPath: '/work/app/../other/go', trusted: false, ignoredSettings: [] });
  await h.service.runNow();
  assert.equal(h.runs[h.runs.length - 1]!.configuredGoPath, '/work/app/../other/go');
  h.service.dispose();
});

void test('explain finds help for engine checks and editor checks', () => {
  assert.ok(explainCheck('go-shadowed').help);
  assert.ok(explainCheck('env-terminal-differs').help);
  assert.equal(explainCheck('no-such-check').help, undefined);
});

void test('untrusted, end to end with the real engine: a workspace script named as go is never executed', async () => {
  const script = '/work/app/fake-go';
  const host = fakeHostWithGo({
    files: { [GO_MOD]: 'module example.com/app\n\ngo 1.22\n', [script]: { content: '#!/bin/sh\ntouch marker\n', mode: 0o755 } },
    dirs: ['/work/app'],
  });
  const sent: HealthNotificationParams[] = [];
  const service = new HealthService({
    host,
    runCheck: runHealthCheck,
    cache: new ProbeCache(),
    sendHealth: (p) => sent.push(p),
    publishDiagnostics: () => undefined,
  });
  service.setWorkspaceFolders(['/work/app']);
  service.setSettings({
    ...DEFAULT_SETTINGS,
    goPath: script,
    trusted: false,
    ignoredSettings: ['goHealth.goPath'],
    compareLoginShell: false,
  });
  const snapshot = await service.runNow();
  service.dispose();
  assert.equal(host.executed(script), false);
  assert.equal(snapshot?.trusted, false);
  assert.deepEqual(snapshot?.ignoredSettings, ['goHealth.goPath']);
  assert.equal(snapshot?.environment.activeGo?.path, '/usr/local/go/bin/go', 'the go on PATH is checked instead');
});

void test('runs never overlap: requests during a run queue exactly one more', async () => {
  let release!: () => void;
  let active = 0;
  let maxActive = 0;
  let count = 0;
  const h = harness({
    findings: async () => {
      count++;
      active++;
      maxActive = Math.max(maxActive, active);
      if (count === 2) await new Promise<void>((r) => (release = r));
      active--;
      return [];
    },
  });
  await settle();
  const startCount = count;
  const a = h.service.runNow();
  const b = h.service.runNow();
  const c = h.service.runNow();
  assert.equal(b, c, 'one queued run serves every request made meanwhile');
  await settle();
  release?.();
  await Promise.all([a, b, c]);
  assert.equal(count - startCount, 2);
  assert.equal(maxActive, 1);
  h.service.dispose();
});

void test('a run that throws is reported as failed and the next run works', async () => {
  let fail = true;
  const h = harness({
    findings: () => {
      if (fail) throw new Error('probe exploded');
      return [];
    },
  });
  await settle();
  const failed = await h.service.runNow();
  assert.equal(failed, undefined);
  assert.ok(h.sent.some((s) => s.phase === 'failed' && s.message === 'probe exploded'));
  fail = false;
  assert.ok(await h.service.runNow());
  h.service.dispose();
});

void test('a deleted workspace folder is left out rather than failing the run', async () => {
  const h = harness();
  h.service.setWorkspaceFolders(['/work/app', '/work/gone']);
  await h.service.runNow();
  assert.deepEqual(h.runs[h.runs.length - 1]!.workspaceFolders, ['/work/app']);
  h.service.dispose();
});

void test('the debouncer runs once after the last trigger and flushes on demand', () => {
  const time = manualClock();
  let calls = 0;
  const d = new Debouncer(() => calls++, 100, time.clock);
  d.trigger();
  time.advance(60);
  d.trigger();
  time.advance(60);
  assert.equal(calls, 0);
  time.advance(50);
  assert.equal(calls, 1);
  d.trigger();
  d.flush();
  assert.equal(calls, 2);
  assert.equal(time.pending, 0);
});

for (const trusted of [true, false]) {
  void test(`a 10 KB launch.json of [ does not fail the run (${trusted ? 'trusted' : 'Restricted Mode'})`, async () => {
    const h = harness({ disk: { '/work/app/.vscode/launch.json': '['.repeat(10 * 1024) } });
    h.service.setSettings({ ...DEFAULT_SETTINGS, trusted });
    const snapshot = await h.service.runNow();
    assert.ok(snapshot, JSON.stringify(h.sent.filter((s) => s.phase === 'failed')));
    assert.equal(h.runs[h.runs.length - 1]!.debuggingSetUp, false);
    h.service.dispose();
  });
}
