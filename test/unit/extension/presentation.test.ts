// What the status bar, the Health and Environment trees and the context keys show for each health state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/report';
import { summarizeEnvironment } from '../../../src/core/environment';
import { findingKey, type HealthSnapshot } from '../../../src/shared/protocol';
import type { HealthState } from '../../../src/extension/state';
import {
  contextKeys,
  environmentTreeModel,
  fixPickItems,
  healthTreeModel,
  resolveFindingArg,
  RESTRICTED_LABEL,
  statusBarModel,
  statusMenuItems,
} from '../../../src/extension/presentation';
import { healthyFacts } from '../support/factsBuilder';

function f(id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return {
    id,
    severity,
    area: 'toolchain',
    title: `${id} title`,
    detail: `${id} detail`,
    evidence: { path: '/usr/bin/go' },
    fixes: [],
    ...extra,
  };
}

function snapshot(findings: Finding[], extra: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    runId: 1,
    report: {
      schemaVersion: 1,
      tool: { name: 'gohealth', version: '0.1.0' },
      host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: '/w' },
      toolchains: [],
      findings,
      timingsMs: {},
    },
    environment: summarizeEnvironment(healthyFacts()),
    trusted: true,
    ignoredSettings: [],
    fixTargets: {},
    ...extra,
  };
}

const ready = (findings: Finding[], extra: Partial<HealthSnapshot> = {}): HealthState => ({
  phase: 'ready',
  trusted: true,
  snapshot: snapshot(findings, extra),
});

void test('status bar: spinning while checking, pass with the Go version when healthy; a click opens the status menu', () => {
  assert.equal(statusBarModel({ phase: 'starting', trusted: true }).text, '$(sync~spin) Go');
  assert.equal(statusBarModel({ ...ready([]), phase: 'checking' }).text, '$(sync~spin) Go 1.26.8', 'a re-check keeps the version');
  const healthy = statusBarModel(ready([f('tool-missing', 'info')]));
  assert.equal(healthy.text, '$(pass) Go 1.26.8');
  assert.equal(healthy.background, undefined);
  assert.equal(healthy.command, 'goHealth.statusMenu');
  assert.equal(healthy.accessibilityLabel, 'Go Health: Go 1.26.8, no problems, 1 note');
  assert.match(healthy.tooltip, /tool\\-missing title/, 'the note is named, not only counted');
});

void test("status bar: the first state names the go on PATH's release before the server answers", () => {
  const first = { phase: 'starting', trusted: true, goBeforeTheServer: { path: '/usr/local/go/bin/go', version: 'go1.26.8' } } as const;
  assert.equal(statusBarModel(first).text, '$(sync~spin) Go 1.26.8');
  assert.equal(statusBarModel({ ...first, phase: 'checking' }).text, '$(sync~spin) Go 1.26.8');
  // Once the server has answered, its snapshot decides; restarting after that names no Go it has not checked.
  assert.equal(statusBarModel({ ...ready([]), goBeforeTheServer: { path: '/x/go', version: 'go1.20.1' } }).text, '$(pass) Go 1.26.8');
  assert.equal(statusBarModel({ ...ready([]), phase: 'restarting', goBeforeTheServer: first.goBeforeTheServer }).text, '$(sync~spin) Go');
});

void test('status bar: the version stays in every state; the text counts the worst severity, the label everything, as Problems does', () => {
  const w = statusBarModel(ready([f('go-shadowed', 'warning'), f('tool-stale', 'warning'), f('x', 'info')]));
  assert.equal(w.text, '$(warning) Go 1.26.8 · 2 warnings');
  assert.equal(w.background, 'warning');
  assert.equal(w.accessibilityLabel, 'Go Health: Go 1.26.8, 2 warnings, 1 note');
  const e = statusBarModel(ready([f('goroot-mismatch', 'error'), f('gomod-go-newer', 'error'), f('go-shadowed', 'warning')]));
  assert.equal(e.text, '$(error) Go 1.26.8 · 2 errors');
  assert.equal(e.background, 'error');
  assert.equal(e.accessibilityLabel, 'Go Health: Go 1.26.8, 2 errors, 1 warning');
  const failed = statusBarModel({ ...ready([]), phase: 'failed', message: 'boom' });
  assert.equal(failed.text, '$(error) Go 1.26.8');
});

void test('status bar tooltip names every finding it counts, each consequence under its cause', () => {
  const root = f('gomod-go-newer', 'error', { location: { file: '/w/go.mod', line: 3, column: 4 } });
  const stale = f('tool-stale', 'warning', { evidence: { requiredBy: '/w/go.mod', requiredLine: 3, requiredGo: '1.99' } });
  const many = Array.from({ length: 8 }, (_, i) => f(`w${i}`, 'warning'));
  const m = statusBarModel(ready([stale, ...many, root, f('n', 'info')]));
  for (const id of ['gomod\\-go\\-newer', 'tool\\-stale', ...many.map((x) => x.id), 'n title'])
    assert.ok(m.tooltip.includes(id), `the tooltip names ${id}`);
  const lines = m.tooltip.split('\n');
  const rootLine = lines.findIndex((l) => l.includes('gomod\\-go\\-newer'));
  assert.match(lines[rootLine + 1]!, /^  - \$\(warning\) tool\\-stale/, 'the stale tool is nested under the go line');
});

void test('status menu: the next useful step first, undo only when there is something to undo', () => {
  const fixable = f('goroot-mismatch', 'error', { fixes: [{ id: 'u', title: 'Unset', kind: 'go-env-write', variable: 'GOROOT' }] });
  const items = statusMenuItems(ready([fixable]), { title: 'Change 1.21 to 1.22' });
  assert.equal(items[0]!.command, 'goHealth.fixProblem');
  assert.deepEqual(
    items.map((i) => i.command),
    [
      'goHealth.fixProblem',
      'goHealth.focus',
      'goHealth.rerun',
      'goHealth.undoLastFix',
      'goHealth.showReport',
      'goHealth.showInventory',
      'goHealth.openAuditLog',
      'goHealth.showLogs',
    ],
  );
  assert.ok(
    !statusMenuItems(ready([]), undefined).some((i) => i.command === 'goHealth.undoLastFix' || i.command === 'goHealth.fixProblem'),
  );
});

void test('status bar: a crashed server says it is restarting; a stopped one says so with the reason', () => {
  const r = statusBarModel({ ...ready([]), phase: 'restarting' });
  assert.equal(r.text, '$(sync~spin) Go');
  assert.match(r.tooltip, /restarting/);
  assert.equal(r.accessibilityLabel, 'Go Health: restarting');
  const s = statusBarModel({ phase: 'stopped', trusted: true, message: 'crashed 5 times' });
  assert.equal(s.text, '$(error) Go');
  assert.match(s.tooltip, /crashed 5 times/);
});

void test('tooltip lists the worst findings first with fix and explain links to our commands only', () => {
  const fixable = f('goroot-mismatch', 'error', { fixes: [{ id: 'u', title: 'Unset', kind: 'go-env-write', variable: 'GOROOT' }] });
  const m = statusBarModel(ready([f('go-shadowed', 'warning'), fixable]));
  const lines = m.tooltip.split('\n');
  const first = lines.findIndex((l) => l.includes('goroot\\-mismatch title'));
  const second = lines.findIndex((l) => l.includes('go\\-shadowed title'));
  assert.ok(first > 0 && second > first, 'errors before warnings');
  const links = [...m.tooltip.matchAll(/\]\((command:[^)?]+)/g)].map((x) => x[1]);
  assert.ok(
    links.every((l) => /^command:goHealth\./.test(l!)),
    links.join(','),
  );
  assert.ok(
    links.includes('command:goHealth.fixProblem') &&
      links.includes('command:goHealth.explain') &&
      links.includes('command:goHealth.rerun') &&
      links.includes('command:goHealth.showReport'),
  );
  const arg = /command:goHealth\.fixProblem\?([^)]+)/.exec(m.tooltip)![1]!;
  assert.deepEqual(JSON.parse(decodeURIComponent(arg)), [findingKey(fixable)]);
  assert.equal(lines.filter((l) => l.includes('[Fix]')).length, 1, 'only fixable findings get a Fix link');
});

void test('tooltip text cannot inject links from finding titles', () => {
  const m = statusBarModel(ready([f('x', 'error', { title: '[click](command:workbench.action.terminal.new)' })]));
  assert.ok(!m.tooltip.includes('](command:workbench'));
});

void test('health tree: a summary row, then worst first with consequences nested under their root cause', () => {
  const goMod = '/w/go.mod';
  const located = f('gomod-go-newer', 'error', {
    area: 'modules',
    location: { file: goMod, line: 3, column: 4 },
    evidence: { GOTOOLCHAIN: { value: 'local', source: 'os' }, goLine: '1.99.0', blocked: 'switching-disabled', needsSwitch: false },
    fixes: [
      { id: 'lower', title: 'Lower the go line', kind: 'edit-file', file: goMod, edits: [] },
      {
        id: 'auto',
        title: 'Set GOTOOLCHAIN=auto in integrated terminals',
        kind: 'terminal-env',
        variable: 'GOTOOLCHAIN',
        op: 'replace',
        value: 'auto',
        plan: { reach: 'terminals', resolves: [], leaves: [], defeated: true, note: 'Not enough on its own: afterwards x.' },
      },
    ],
  });
  const stale = f('tool-stale', 'warning', {
    title: 'gopls was built with go1.26.8',
    evidence: { tool: 'gopls', builtWith: 'go1.26.8', requiredBy: goMod, requiredLine: 3, requiredGo: '1.99.0' },
  });
  // In catalogue order the consequence (toolchain area) would come first; worst first puts the cause on top.
  const nodes = healthTreeModel(ready([stale, f('go-shadowed', 'warning'), located, f('tool-missing', 'info')]));
  assert.deepEqual(
    nodes.map((n) => n.label),
    ['1 error, 2 warnings, 1 note', 'gomod-go-newer title', 'go-shadowed title', 'tool-missing title'],
  );
  assert.equal(nodes[0]!.icon?.id, 'error');
  const root = nodes[1]!;
  assert.equal(root.contextValue, 'finding.fixable');
  assert.equal(root.description, 'go.mod:3 · causes 1 more problem');
  const labels = root.children!.map((c) => c.label);
  assert.deepEqual(labels, [
    'GOTOOLCHAIN=local, set in the OS environment.',
    'The go line says go 1.99.0.',
    'Lower the go line',
    'Set GOTOOLCHAIN=auto in integrated terminals',
    'gopls was built with go1.26.8',
    'Open go.mod at line 3',
    'Details',
  ]);
  assert.ok(!labels.some((l) => /blocked|needsSwitch|switching-disabled/.test(l)), 'internal states stay in the details');
  const details = root.children!.find((c) => c.label === 'Details')!;
  assert.equal(details.collapsible, 'collapsed');
  assert.ok(details.children!.some((d) => d.label === 'blocked' && d.description === 'switching-disabled'));
  const fix = root.children!.find((c) => c.label === 'Lower the go line')!;
  assert.deepEqual(fix.command, { command: 'goHealth.applyFix', title: 'Apply Fix', arguments: [findingKey(located), 'lower'] });
  assert.equal(fix.contextValue, 'fix');
  assert.equal(fix.description, 'edits go.mod');
  const defeated = root.children!.find((c) => c.label.startsWith('Set GOTOOLCHAIN'))!;
  assert.equal(defeated.description, 'not enough on its own');
  assert.match(defeated.tooltip!, /Not enough on its own/);
  for (const c of root.children!) assert.ok(!/go-env-write|terminal-env|edit-file/.test(`${c.label} ${c.description ?? ''}`));
});

void test('health tree is empty (welcome view) when all is well or go is missing, and shows a summary for notes only', () => {
  assert.deepEqual(healthTreeModel(ready([])), []);
  assert.deepEqual(healthTreeModel(ready([f('go-missing', 'error')])), []);
  assert.deepEqual(contextKeys(ready([f('go-missing', 'error')]), false)['goHealth.goMissing'], true);
  assert.equal(contextKeys(ready([]), false)['goHealth.allWell'], true);
  assert.equal(contextKeys({ phase: 'starting', trusted: true }, false)['goHealth.allWell'], false, 'no welcome before the first result');
  assert.equal(healthTreeModel(ready([f('tool-missing', 'info')]))[0]!.label, 'No problems with Go 1.26.8');
});

void test('restricted mode is a visible first item with the ignored settings and a trust action', () => {
  const nodes = healthTreeModel({ ...ready([], { trusted: false, ignoredSettings: ['goHealth.goPath'] }), trusted: false });
  assert.equal(nodes[0]!.label, RESTRICTED_LABEL);
  assert.ok(RESTRICTED_LABEL.length <= 24, 'the label fits the default sidebar width; the description and tooltip say the rest');
  assert.match(nodes[0]!.description!, /goHealth\.goPath/);
  assert.match(nodes[0]!.tooltip as string, /does not run programs named by its settings/);
  const noneSet = healthTreeModel({ ...ready([], { trusted: false, ignoredSettings: [] }), trusted: false });
  assert.equal(noneSet[0]!.description, 'program settings ignored');
  assert.equal(nodes[0]!.command?.command, 'goHealth.manageTrust');
  assert.equal(nodes[0]!.contextValue, 'restricted');
  assert.match(statusBarModel({ ...ready([], { trusted: false }), trusted: false }).tooltip, /Restricted mode/);
  assert.equal(contextKeys({ ...ready([]), trusted: false }, false)['goHealth.restricted'], true);
});

void test('environment tree: short source labels with the full path in the tooltip, and what each row can do', () => {
  const [inst, toolchains, vars, tools, goenv] = environmentTreeModel(ready([]));
  assert.equal(inst!.children![0]!.label, 'go1.26.8');
  assert.match(inst!.children![0]!.description!, /^active · \/usr\/local\/go\/bin\/go/);
  assert.equal(inst!.children![0]!.contextValue, 'installation.active');
  assert.equal(inst!.children![0]!.path, '/usr/local/go/bin/go');
  assert.equal(toolchains!.label, 'Toolchain per module');
  assert.equal(toolchains!.children![0]!.label, 'go1.26.8');
  assert.equal(toolchains!.children![0]!.description, '1 module');
  const gp = vars!.children!.find((v) => v.label === 'GOPROXY')!;
  assert.equal(gp.description, 'https://proxy.golang.org,direct · GOROOT/go.env');
  assert.match(gp.tooltip!, /\/usr\/local\/go\/go\.env/, 'the full path is in the tooltip');
  assert.match(gp.tooltip!, /\[About GOPROXY\]\(https:\/\/go\.dev\/ref\/mod#module-proxy\)/);
  assert.deepEqual([gp.variable, gp.value, gp.path, gp.line], ['GOPROXY', 'https://proxy.golang.org,direct', '/usr/local/go/go.env', 7]);
  assert.equal(gp.contextValue, 'variable openable', 'it can be opened where it is set; go env -u has nothing to remove');
  assert.equal(vars!.children!.find((v) => v.label === 'GOFLAGS')!.contextValue, 'variable');
  assert.deepEqual(
    tools!.children!.map((t) => [t.label, t.description, t.contextValue]),
    [
      ['gopls', 'v0.21.0 (built with go1.26.8)', 'tool'],
      ['dlv', 'v1.26.0 (built with go1.26.8)', 'tool'],
    ],
  );
  assert.equal(goenv!.label, 'Go env file');
  assert.equal(goenv!.description, '~/.config/go/env');
});

void test('fix quick pick: label is the fix, description the finding; a finding argument narrows it', () => {
  const a = f('goroot-mismatch', 'error', {
    fixes: [
      { id: 'u', title: 'Unset GOROOT', kind: 'go-env-write', variable: 'GOROOT' },
      { id: 't', title: 'Unset for terminals', kind: 'terminal-env', variable: 'GOROOT', op: 'delete' },
    ],
  });
  const b = f('go-shadowed', 'warning', {
    fixes: [{ id: 'p', title: 'Prepend', kind: 'terminal-env', variable: 'PATH', op: 'prepend', value: '/x' }],
  });
  const items = fixPickItems([b, a]);
  assert.equal(items[0]!.detail, 'every go command you run (go env -w)', 'what it changes, in words');
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['Unset GOROOT', 'goroot-mismatch title'],
      ['Unset for terminals', 'goroot-mismatch title'],
      ['Prepend', 'go-shadowed title'],
    ],
  );
  assert.deepEqual(
    fixPickItems([b, a], findingKey(b)).map((i) => i.fixId),
    ['p'],
  );
});

void test('command arguments name a finding by key, tree node, finding object or bare check id', () => {
  const a = f('gomod-go-newer', 'error', { location: { file: '/a/go.mod', line: 3, column: 4 } });
  const b = f('gomod-go-newer', 'error', {
    location: { file: '/b/go.mod', line: 3, column: 4 },
    fixes: [{ id: 'x', title: 'x', kind: 'go-env-write', variable: 'V' }],
  });
  assert.equal(resolveFindingArg([a, b], findingKey(b)), b);
  assert.equal(resolveFindingArg([a, b], { findingKey: findingKey(a) }), a);
  assert.equal(resolveFindingArg([a, b], b), b);
  assert.equal(resolveFindingArg([a, b], 'gomod-go-newer', 'x'), b);
  assert.equal(resolveFindingArg([a, b], 'nope'), undefined);
});

void test("Health view: the team policy's findings are under their own heading, counted, after the machine's own problems", () => {
  const drift = f('policy-drift', 'error', { area: 'policy', title: 'GOPROXY is not what the team policy says' });
  const nodes = healthTreeModel(ready([drift, f('go-shadowed', 'warning')]));
  const heading = nodes.find((n) => n.label === 'Team policy');
  assert.ok(heading, 'a Team policy heading');
  assert.equal(heading.description, '1 error');
  assert.deepEqual(
    heading.children?.map((c) => c.label),
    ['GOPROXY is not what the team policy says'],
  );
  assert.ok(nodes.indexOf(heading) > nodes.findIndex((n) => n.label === 'go-shadowed title'), "after the machine's own findings");
  assert.equal(
    healthTreeModel(ready([f('go-shadowed', 'warning')])).some((n) => n.label === 'Team policy'),
    false,
  );
});
