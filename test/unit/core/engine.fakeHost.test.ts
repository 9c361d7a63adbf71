// The whole engine (probes -> facts -> checks) on fake machines: healthy ones report nothing, and one change per check id makes that check fire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHealthCheck } from '../../../src/core/engine';
import { ALL_CHECKS } from '../../../src/core/checks/index';
import type { Finding } from '../../../src/core/report';
import { toolchainListBody, WORLD_VERSIONS } from '../support/releaseWorld';
import { asdfShimGo, healthy, HEALTHY_GO as HEALTHY_GO_VERSION, SCENARIOS, snapGo, type MachineKind } from '../support/engineScenarios';

function describe(findings: Finding[]): string {
  return findings.map((f) => `${f.id} (${f.severity}): ${f.title}`).join('\n') || '(none)';
}

for (const kind of ['linux', 'windows', 'wsl'] as MachineKind[]) {
  void test(`a healthy ${kind} machine gets no finding, and every probe step succeeds`, async () => {
    const m = healthy(kind);
    const { report, facts } = await runHealthCheck(m.host);
    assert.deepEqual(report.findings, [], describe(report.findings));
    assert.equal(facts.probeErrors, undefined);
    // The facts the checks were quiet about are the ones the machine has, not missing ones.
    assert.equal(facts.activeGo?.goVersion, 'go1.26.8');
    assert.equal(facts.activeGo?.goroot.toLowerCase(), m.goRoot.toLowerCase());
    assert.equal(facts.dirs.installDir?.path, m.installDir);
    assert.deepEqual(
      facts.tools.filter((t) => t.installDirCopy).map((t) => [t.name, t.installDirCopy!.goVersion, t.installDirCopy!.moduleVersion]),
      [
        ['gopls', 'go1.26.8', 'v0.21.0'],
        ['dlv', 'go1.26.8', 'v1.26.0'],
      ],
    );
    assert.deepEqual(
      facts.modules.map((mod) => [mod.file, mod.go?.value, mod.hasGoSum]),
      [[m.goMod, '1.22', true]],
    );
    assert.deepEqual([facts.dirs.GOCACHE?.path, facts.dirs.GOCACHE?.writable], [m.gocache, true]);
    assert.deepEqual([facts.dirs.GOMODCACHE?.path, facts.dirs.GOMODCACHE?.writable], [m.gomodcache, true]);
    assert.deepEqual([facts.env.GOTOOLCHAIN.value, facts.env.GOTOOLCHAIN.source], ['auto', 'goroot-go.env']);
    assert.equal(report.host.isWsl, kind === 'wsl');
    assert.deepEqual(
      report.toolchains.map((t) => [t.version, t.active]),
      [['go1.26.8', true]],
    );
  });
}

void test('go behind an asdf shell shim is the Go the shim runs: not broken, its GOROOT from go env', async () => {
  const m = healthy('linux');
  const root = asdfShimGo(m);
  const { report, facts } = await runHealthCheck(m.host);
  assert.deepEqual(report.findings, [], describe(report.findings));
  assert.deepEqual(
    { path: facts.activeGo?.path, version: facts.activeGo?.goVersion, goroot: facts.activeGo?.goroot, error: facts.activeGo?.versionError },
    { path: `${m.home}/.asdf/shims/go`, version: 'go1.26.8', goroot: root, error: undefined },
  );
  // The same shim with a really broken go behind it still is go-broken.
  m.host.installGo(root, { version: HEALTHY_GO_VERSION, envExit: { code: 1, stderr: 'asdf: No version is set for command go\n' } });
  const broken = await runHealthCheck(m.host);
  assert.equal(broken.facts.activeGo?.goVersion, undefined);
  assert.ok(
    broken.report.findings.some((f) => f.id === 'go-broken' && f.severity === 'error'),
    describe(broken.report.findings),
  );
});

void test("snap's go (/snap/bin/go -> /usr/bin/snap) is go1.26.8, not the Go that built snapd", async () => {
  const m = healthy('linux');
  const root = snapGo(m);
  const { report, facts } = await runHealthCheck(m.host);
  assert.deepEqual(report.findings, [], describe(report.findings));
  assert.deepEqual([facts.activeGo?.realPath, facts.activeGo?.goVersion, facts.activeGo?.goroot], ['/usr/bin/snap', 'go1.26.8', root]);
  // With that Go known, a go line it cannot satisfy is judged against 1.26.8 (toolchain-switch to go1.27.1), not 1.21.
  m.host.writeFile(m.goMod, 'module example.com/app\n\ngo 1.27.1\n');
  const newer = await runHealthCheck(m.host);
  const sw = newer.report.findings.find((f) => f.id === 'toolchain-switch');
  assert.match(sw?.title ?? '', /selects go1\.27\.1 instead of the installed go1\.26\.8/);
});

void test('a healthy WSL distro whose Windows side has Go (go.exe on the interop PATH) gets no finding', async () => {
  const m = healthy('wsl');
  m.host.writeFile('/mnt/c/Program Files/Go/bin/go.exe', { goBuild: { goVersion: 'go1.25.4', path: 'cmd/go' }, mode: 0o777 });
  m.host.writeFile('/mnt/c/Program Files/Go/src/runtime/runtime.go', 'package runtime\n');
  m.setPath([...m.pathEntries(), '/mnt/c/Program Files/Go/bin']);
  const { report, facts } = await runHealthCheck(m.host);
  assert.deepEqual(
    facts.goInstallations.map((g) => [g.path, !!g.windowsExe]),
    [
      ['/usr/local/go/bin/go', false],
      ['/mnt/c/Program Files/Go/bin/go.exe', true],
    ],
  );
  assert.deepEqual(report.findings, [], describe(report.findings));
});

for (const scenario of SCENARIOS) {
  void test(`${scenario.id} on ${scenario.machine}: ${scenario.name}`, scenario.todo ? { todo: scenario.todo } : {}, async () => {
    const m = healthy(scenario.machine);
    scenario.setup(m);
    const { report, facts } = await runHealthCheck(m.host, scenario.options ?? {});
    const all = report.findings;
    assert.equal(facts.probeErrors, undefined, `probe steps failed: ${facts.probeErrors?.join('; ')}`);
    assert.equal(
      all.find((f) => f.id === 'internal-error'),
      undefined,
      describe(all),
    );
    // Exactly the expected ids: the change causes this check (plus any justified companions), nothing else.
    assert.deepEqual(all.map((f) => f.id).sort(), [scenario.id, ...(scenario.alsoExpected ?? [])].sort(), describe(all));
    const found = all.filter((f) => f.id === scenario.id);
    assert.ok(found.length >= 1);
    const mine = found[0];
    assert.equal(mine.severity, scenario.severity, describe(found));
    if (scenario.location) {
      const want = scenario.location(m);
      assert.ok(mine.location, `${scenario.id} should point at ${want.file}:${want.line}:${want.column}`);
      assert.deepEqual({ file: mine.location.file, line: mine.location.line, column: mine.location.column }, want);
    } else {
      assert.equal(mine.location, undefined, `unexpected location ${JSON.stringify(mine.location)}`);
    }
    const check = ALL_CHECKS.find((c) => c.id === scenario.id)!;
    assert.equal(mine.area, check.area);
    // The catalogue's list of fix kinds is the truth about what the findings offer.
    for (const f of all)
      for (const fix of f.fixes)
        assert.ok(
          ALL_CHECKS.find((c) => c.id === f.id)!.fixKinds.includes(fix.kind),
          `${f.id} offers a ${fix.kind} fix (${fix.id}) not in its fixKinds`,
        );
    assert.ok(mine.title.length > 0 && mine.detail.length > 0);
  });
}

void test('every check in the registry has a fake-machine scenario that makes it fire', () => {
  const covered = new Set(SCENARIOS.filter((s) => !s.todo).map((s) => s.id));
  const missing = ALL_CHECKS.map((c) => c.id).filter((id) => !covered.has(id));
  assert.deepEqual(missing, [], `checks without a fake-machine scenario: ${missing.join(', ')}`);
  const unknown = SCENARIOS.map((s) => s.id).filter((id) => !ALL_CHECKS.some((c) => c.id === id));
  assert.deepEqual(unknown, [], `scenarios for ids not in the registry: ${unknown.join(', ')}`);
});

void test('Windows-only and WSL-only checks are exercised on their own kind of machine', () => {
  for (const check of ALL_CHECKS) {
    if (check.where === 'all') continue;
    const machines = new Set(SCENARIOS.filter((s) => s.id === check.id).map((s) => s.machine));
    const ok =
      check.where === 'windows'
        ? machines.has('windows')
        : check.where === 'wsl'
          ? machines.has('wsl')
          : check.where === 'windows-wsl'
            ? machines.has('windows') || machines.has('wsl')
            : machines.has('linux');
    assert.ok(ok, `${check.id} (where: ${check.where}) has no scenario on a matching machine`);
  }
});

void test('an asdf shim and the installation it runs, both on PATH, are one Go managed by asdf, upgraded with asdf', async () => {
  const m = healthy('linux');
  const root = asdfShimGo(m);
  m.setPath([...m.pathEntries(), `${root}/bin`]);
  // The proxy knows a newer 1.26 patch: the upgrade goes through asdf, never a tarball over its directory.
  m.host.setHttp((url) => ({ status: 200, body: url.endsWith('/@v/list') ? toolchainListBody([...WORLD_VERSIONS, '1.26.9']) : '' }));
  const { report, facts } = await runHealthCheck(m.host);
  assert.equal(facts.activeGo?.manager, 'asdf');
  assert.ok(!report.findings.some((f) => f.id === 'go-shadowed'), describe(report.findings));
  assert.equal(report.toolchains.find((t) => t.active)?.managedBy, 'asdf');
  const behind = report.findings.find((f) => f.id === 'go-patch-behind');
  const upgrade = behind?.fixes.find((fx) => fx.kind === 'instructions');
  assert.ok(upgrade && upgrade.kind === 'instructions', describe(report.findings));
  assert.deepEqual(
    upgrade.commands?.map((c) => c.text),
    ['asdf install golang 1.26.9', 'asdf set -u golang 1.26.9'],
  );
});
