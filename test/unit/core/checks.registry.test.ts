// The check registry and runner: catalogue ids, host filtering, --only/--skip, sorting and a crashing check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CHECKS, checkById, runChecks } from '../../../src/core/checks';
import { AREAS, SEVERITY_RANK } from '../../../src/core/report';
import { healthyFacts, moduleFile, setEnv, windowsFacts, wslFacts } from '../support/factsBuilder';

/** The catalogue ids (checks.md) this engine implements; ids are public, so a rename must show up here. */
const CATALOGUE_IDS = [
  'go-missing',
  'go-broken',
  'go-env-refused',
  'go-shadowed',
  'path-unsafe-entry',
  'gobin-not-on-path',
  'tool-shadowed',
  'tool-missing',
  'tool-stale',
  'dlv-go-incompatible',
  'go-outdated',
  'go-patch-behind',
  'goroot-mismatch',
  'goroot-invalid',
  'gopath-is-goroot',
  'gopath-invalid',
  'goroot-in-user-profile',
  'path-has-spaces',
  'gomod-go-newer',
  'toolchain-unavailable',
  'toolchain-switch',
  'toolchain-download-blocked',
  'toolchain-redundant',
  'gomod-invalid',
  'gowork-invalid',
  'gomod-go-missing',
  'gowork-go-older',
  'gowork-module-missing',
  'replace-path-missing',
  'gosum-missing',
  'vendor-missing',
  'gomodule-off',
  'gotoolchain-invalid',
  'goproxy-off',
  'goproxy-insecure',
  'goproxy-invalid',
  'gosumdb-off',
  'goinsecure-set',
  'goflags-invalid',
  'goflags-unknown',
  'gocache-off',
  'cache-unwritable',
  'cache-on-slow-fs',
  'goos-goarch-invalid',
  'cross-target-global',
  'cgo-no-compiler',
  'cgo-cross-compiler',
  'env-override-conflict',
  'env-changed',
  'env-terminal-differs',
  'vscode-go-differs',
  'ci-go-version-drift',
  'files-not-read',
  'go-pin-too-old',
  'go-pins-disagree',
  'go-pin-not-active',
  'policy-drift',
  'policy-invalid',
  'defender-scanning-cache',
  'wsl-windows-go',
  'wsl-version-1',
  'wsl-distro-no-bash',
  'wsl-distro-no-go',
  'wsl-distro-no-dlv',
  'wsl-localhost-forwarding-off',
  'windows-go-virtualstore',
];

void test('every registered id is a catalogue id, unique and kebab-case, with its metadata', () => {
  const ids = ALL_CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  assert.deepEqual([...ids].sort(), [...CATALOGUE_IDS].sort());
  for (const c of ALL_CHECKS) {
    assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, c.id);
    assert.ok(AREAS.includes(c.area), c.id);
    assert.ok(c.severity in SEVERITY_RANK, c.id);
    assert.ok(c.summary.length > 10 && c.help.length > 40, `${c.id}: summary and help`);
    assert.equal(checkById(c.id), c);
  }
  assert.equal(checkById('no-such-check'), undefined);
});

void test('healthy Linux, Windows and WSL baselines produce no findings at all', () => {
  for (const facts of [healthyFacts(), windowsFacts(), wslFacts()]) {
    assert.deepEqual(
      runChecks(facts).map((f) => `${f.id}: ${f.title}`),
      [],
    );
  }
});

void test('host filtering: Windows-only and WSL-only checks run only there', () => {
  const f = healthyFacts();
  f.goroot = { ...f.goroot!, path: '/home/dev/sdk/go' };
  f.host.userProfile = '/home/dev';
  setEnv(f, 'GOCACHE', '/mnt/c/cache', 'os');
  assert.deepEqual(runChecks(f, { only: ['goroot-in-user-profile', 'cache-on-slow-fs'] }), []);
  f.host.isWsl = true;
  assert.deepEqual(
    runChecks(f, { only: ['goroot-in-user-profile', 'cache-on-slow-fs'] }).map((x) => x.id),
    ['cache-on-slow-fs'],
  );
});

void test('only and skip select checks; findings come sorted errors first', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(undefined, '1.27')];
  setEnv(f, 'GOTOOLCHAIN', 'local', 'os');
  setEnv(f, 'GOINSECURE', '*', 'os');
  f.tools = f.tools.filter((t) => t.name !== 'gopls');
  const all = runChecks(f);
  // Errors, then warnings (toolchain area before network), then info.
  assert.deepEqual(
    all.map((x) => x.id),
    ['gomod-go-newer', 'tool-stale', 'goinsecure-set', 'tool-missing'],
  );
  assert.deepEqual(
    runChecks(f, { only: ['tool-missing', 'goinsecure-set'] }).map((x) => x.id),
    ['goinsecure-set', 'tool-missing'],
  );
  assert.deepEqual(
    runChecks(f, { skip: ['gomod-go-newer', 'tool-stale'] }).map((x) => x.id),
    ['goinsecure-set', 'tool-missing'],
  );
});

void test('a check that throws becomes an internal-error finding and the others still run', () => {
  const f = healthyFacts();
  // Facts a probe got wrong: modules missing their arrays makes some checks throw.
  (f.modules[0] as { requires: unknown }).requires = undefined;
  f.modules[0].hasGoSum = false;
  setEnv(f, 'GOINSECURE', 'x.example', 'os');
  const found = runChecks(f);
  const crash = found.find((x) => x.id === 'internal-error');
  assert.ok(crash, 'expected an internal-error finding');
  assert.equal(crash.severity, 'warning');
  assert.match(String(crash.evidence.check), /^[a-z-]+$/);
  assert.ok(found.some((x) => x.id === 'goinsecure-set'));
});

void test('every finding from a broken machine carries evidence and fixes with unique ids', () => {
  const f = healthyFacts();
  setEnv(f, 'GOROOT', '/opt/old-go', 'goenv-file', 1);
  setEnv(f, 'GOPATH', '/usr/local/go', 'os');
  setEnv(f, 'GOFLAGS', '-mod=vender x', 'goenv-file', 2);
  setEnv(f, 'GOPROXY', 'off', 'goenv-file', 3);
  setEnv(f, 'GOSUMDB', 'off', 'goenv-file', 4);
  setEnv(f, 'GOCACHE', 'off', 'os');
  f.modules = [moduleFile(undefined, '1.27.1', { hasGoSum: false })];
  const found = runChecks(f);
  assert.ok(found.length >= 7);
  for (const x of found) {
    assert.notEqual(x.id, 'internal-error', x.detail);
    assert.ok(Object.keys(x.evidence).length > 0, `${x.id}: evidence`);
    assert.ok(x.fixes.length > 0 || x.id === 'toolchain-switch', `${x.id}: fixes`);
    const ids = x.fixes.map((fx) => fx.id);
    assert.equal(new Set(ids).size, ids.length, `${x.id}: fix ids ${ids.join(', ')}`);
  }
  for (let i = 1; i < found.length; i++) assert.ok(SEVERITY_RANK[found[i - 1].severity] >= SEVERITY_RANK[found[i].severity]);
});
