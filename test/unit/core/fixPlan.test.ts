// The fix plan and the triage: fixes weighed against every finding (defeated ones said so and last, least invasive first, earlier fixes carried), consequences under their cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import { planFixes } from '../../../src/core/fixPlan';
import { triage } from '../../../src/core/triage';
import type { Facts } from '../../../src/core/facts';
import type { Finding } from '../../../src/core/report';
import { MOD_DIR, healthyFacts, moduleFile, setEnv } from '../support/factsBuilder';

function plan(facts: Facts, previous?: readonly Finding[]): Finding[] {
  return planFixes(facts, runChecks(facts), { judge: (changed) => runChecks(changed), previous });
}

function byId(findings: readonly Finding[], id: string): Finding {
  const f = findings.find((x) => x.id === id);
  assert.ok(f, `a ${id} finding among ${findings.map((x) => x.id).join(', ')}`);
  return f;
}

/** go 1.27.1 in the module, GOTOOLCHAIN=local in the OS environment, and (optionally) GOPROXY=off there too. */
function newerGo(proxyOff: boolean): Facts {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.27.1')];
  setEnv(f, 'GOTOOLCHAIN', 'local', 'os');
  if (proxyOff) setEnv(f, 'GOPROXY', 'off', 'os');
  return f;
}

void test('with GOPROXY=off, Set GOTOOLCHAIN=auto (which would only trade one error for another) is not offered; lowering the go line comes first', () => {
  const x = byId(plan(newerGo(true)), 'gomod-go-newer');
  const ids = x.fixes.map((fx) => fx.id);
  assert.ok(!ids.some((id) => id.startsWith('gotoolchain-auto')), `fixes: ${ids.join(', ')}`);
  assert.equal(ids[0], 'lower-go-line', 'the fix that works comes first');
  assert.equal(x.fixes[0]!.plan?.defeated, false);
  assert.ok(x.fixes.every((fx) => !fx.plan?.defeated));
});

void test('with a proxy, Set GOTOOLCHAIN=auto works and, reaching only terminals, comes first; lowering the line also fixes the stale tools', () => {
  const findings = plan(newerGo(false));
  const x = byId(findings, 'gomod-go-newer');
  assert.equal(x.fixes[0]!.id, 'gotoolchain-auto-set-gotoolchain-terminal');
  assert.equal(x.fixes[0]!.plan?.defeated, false);
  assert.equal(x.fixes[0]!.plan?.reach, 'terminals');
  const lower = x.fixes.find((fx) => fx.id === 'lower-go-line')!;
  assert.equal(lower.plan?.reach, 'file');
  const stale = findings.filter((f) => f.id === 'tool-stale').map((f) => f.title);
  assert.ok(stale.length > 0, 'the tools were built with go1.26.8, older than go 1.27.1');
  for (const t of stale) assert.ok(lower.plan?.resolves.includes(t), `lowering the go line also resolves: ${t}`);
  assert.match(lower.plan?.note ?? '', /^Also fixes: /);
});

void test('removing a bad GOFLAGS entry comes before setting the corrected one, which would break vendoring here', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-mod=vender', 'goenv-file', 1);
  const x = byId(plan(f), 'goflags-invalid');
  const writes = x.fixes.filter((fx) => fx.kind === 'go-env-write');
  assert.deepEqual(
    writes.map((w) => (w.kind === 'go-env-write' ? (w.value ?? '(unset)') : '')),
    ['(unset)', '-mod=vendor'],
  );
  const corrected = writes[1]!;
  assert.deepEqual(
    corrected.plan?.leaves.map((l) => l.id),
    ['vendor-missing'],
  );
  assert.equal(corrected.plan?.defeated, true);
});

void test('after GOTOOLCHAIN=auto trades the error for "cannot be downloaded", lowering the go line stays on offer', () => {
  const before = plan(newerGo(true));
  const after = newerGo(true);
  setEnv(after, 'GOTOOLCHAIN', 'auto', 'os');
  const blocked = byId(plan(after, before), 'toolchain-download-blocked');
  const lower = blocked.fixes.find((fx) => fx.id === 'lower-go-line');
  assert.ok(lower, `fixes now: ${blocked.fixes.map((fx) => fx.id).join(', ')}`);
  assert.equal(lower.plan?.carried, true);
  assert.equal(lower.plan?.defeated, false);
  // Without the run before, only the check's own fixes are offered.
  assert.equal(
    byId(plan(after), 'toolchain-download-blocked').fixes.some((fx) => fx.id === 'lower-go-line'),
    false,
  );
});

void test('a carried edit is dropped once the line it edits no longer holds what it replaced', () => {
  const before = plan(newerGo(true));
  const after = newerGo(true);
  setEnv(after, 'GOTOOLCHAIN', 'auto', 'os');
  // The go line now reads go 1.27: a shorter token at the same place, so the old edit's range is wrong.
  after.modules = [moduleFile(MOD_DIR, '1.27')];
  const blocked = byId(plan(after, before), 'toolchain-download-blocked');
  assert.equal(
    blocked.fixes.some((fx) => fx.id === 'lower-go-line'),
    false,
  );
});

void test('triage: the stale tools are nested under the go line they are too old for; roots are worst first', () => {
  const findings = plan(newerGo(true));
  const roots = triage(findings);
  assert.equal(roots[0]!.finding.id, 'gomod-go-newer');
  assert.deepEqual([...new Set(roots[0]!.consequences.map((c) => c.finding.id))], ['tool-stale']);
  const rootIds = roots.map((r) => r.finding.id);
  assert.ok(!rootIds.includes('tool-stale'), 'a consequence is not also a root');
  const severities = roots.map((r) => r.finding.severity);
  assert.deepEqual(
    severities,
    [...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)),
  );
  assert.equal(
    roots.reduce((n, r) => n + 1 + r.consequences.length, 0),
    findings.length,
    'every finding appears once',
  );
});
