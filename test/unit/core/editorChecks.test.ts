// Editor-side comparisons (login shell, VS Code Go settings), the login-shell probe's parsing, and the Environment summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facts, LoginShellValues, VscodeGoValues } from '../../../src/core/facts';
import { runChecks } from '../../../src/core/checks/index';
import { summarizeEnvironment } from '../../../src/core/environment';
import { COMPARED_VARIABLES, loginShellScript, parseLoginShellOutput, probeLoginShell } from '../../../src/core/probe/loginShell';
import { ProbeCache } from '../../../src/core/probe/cache';
import { healthyFacts, moduleFile, setEnv, GOENV_FILE } from '../support/factsBuilder';
import { fakeHostWithGo } from '../support/fakeHost';

const compared = [...COMPARED_VARIABLES];
const compareLoginShell = (facts: Facts, shell: Omit<LoginShellValues, 'compared'>) =>
  runChecks({ ...facts, context: { ...facts.context, loginShell: { compared, ...shell } } }, { only: ['env-terminal-differs'] });
const compareVscodeGo = (facts: Facts, vscodeGo: VscodeGoValues) =>
  runChecks({ ...facts, context: { ...facts.context, vscodeGo } }, { only: ['vscode-go-differs'] });

void test('the editor checks are quiet when the face gave them nothing to compare (the CLI, another editor)', () => {
  assert.deepEqual(runChecks(healthyFacts(), { only: ['env-terminal-differs', 'vscode-go-differs'] }), []);
});

void test('env-terminal-differs: a login shell with another go and GOROOT is reported with terminal fixes', () => {
  const facts = setEnv(healthyFacts(), 'GOFLAGS', '-mod=mod', 'os');
  const [f, ...rest] = compareLoginShell(facts, {
    shell: '/bin/zsh',
    goPath: '/opt/homebrew/bin/go',
    vars: { GOROOT: '/opt/old-go', GOFLAGS: '-mod=mod' },
  });
  assert.equal(rest.length, 0);
  assert.equal(f!.id, 'env-terminal-differs');
  assert.equal(f!.severity, 'warning');
  assert.match(f!.detail, /\/opt\/homebrew\/bin\/go/);
  assert.match(f!.detail, /GOROOT is \/opt\/old-go in the login shell but unset in the editor/);
  assert.deepEqual(
    f!.fixes.map((x) => x.kind),
    ['terminal-env', 'terminal-env', 'instructions'],
  );
  const unset = f!.fixes.find((x) => x.id === 'unset-goroot-terminal');
  assert.deepEqual(unset && { kind: unset.kind, op: (unset as { op: string }).op }, { kind: 'terminal-env', op: 'delete' });
});

void test('env-terminal-differs stays quiet when the shell agrees', () => {
  const facts = healthyFacts();
  assert.deepEqual(compareLoginShell(facts, { shell: '/bin/bash', goPath: '/usr/local/go/bin/go', vars: {} }), []);
});

void test('vscode-go-differs: go.alternateTools, go.goroot and go.toolsEnvVars against what was found', () => {
  const facts = healthyFacts();
  assert.deepEqual(
    compareVscodeGo(facts, {
      goroot: '/usr/local/go/',
      alternateGo: '/usr/local/go/bin/go',
      toolsEnvVars: { GOPROXY: 'https://proxy.golang.org,direct' },
    }),
    [],
  );
  const [f] = compareVscodeGo(facts, { goroot: '/opt/go1.20', toolsEnvVars: { GOFLAGS: '-tags=dev' } });
  assert.equal(f!.id, 'vscode-go-differs');
  assert.deepEqual(f!.evidence.settingKeys, ['go.goroot', 'go.toolsEnvVars']);
  assert.match(f!.detail, /go\.goroot is \/opt\/go1\.20/);
});

void test('the login-shell script output is read after the marker, NUL-separated, banners ignored', () => {
  const out = `Welcome banner\n__GOHEALTH_LOGIN_SHELL__GOROOT=/x\0GOFLAGS=\0go=/usr/bin/go\0`;
  assert.deepEqual(parseLoginShellOutput('/bin/bash', out), {
    shell: '/bin/bash',
    goPath: '/usr/bin/go',
    compared,
    vars: { GOROOT: '/x', GOFLAGS: '' },
  });
  assert.equal(parseLoginShellOutput('/bin/bash', 'no marker'), undefined);
  assert.match(loginShellScript(), /command -v go/);
});

void test('the login shell is asked with -lic, a timeout, and only when it is an absolute POSIX shell', async () => {
  const host = fakeHostWithGo({
    env: { SHELL: '/bin/bash' },
    exec: (call) => (call.file === '/bin/bash' ? { stdout: '__GOHEALTH_LOGIN_SHELL__go=/usr/local/go/bin/go\0' } : undefined),
  });
  const values = await probeLoginShell(host, new ProbeCache(), 60_000);
  assert.equal(values?.goPath, '/usr/local/go/bin/go');
  const call = host.calls.find((c) => c.file === '/bin/bash')!;
  assert.equal(call.args[0], '-lic');
  assert.ok(call.timeoutMs <= 5000);
  const fish = fakeHostWithGo({ env: { SHELL: '/usr/bin/fish' } });
  assert.equal(await probeLoginShell(fish, new ProbeCache(), 1000), undefined);
  assert.equal(
    fish.calls.some((c) => c.file === '/usr/bin/fish'),
    false,
  );
});

void test('environment summary: installations with the active mark, modules grouped by toolchain and why, variables with their source', () => {
  const facts = setEnv(healthyFacts(), 'GOTOOLCHAIN', 'local', 'goenv-file', 2);
  facts.modules = [moduleFile('/work/app', '1.99')];
  const env = summarizeEnvironment(facts);
  assert.deepEqual(
    env.installations.map((i) => [i.path, i.version, i.active]),
    [['/usr/local/go/bin/go', 'go1.26.8', true]],
  );
  assert.equal(env.toolchainGroups.length, 1);
  assert.deepEqual(
    env.toolchainGroups[0]!.files.map((f) => f.file),
    ['/work/app/go.mod'],
  );
  assert.equal(env.toolchainGroups[0]!.selected, 'go1.26.8');
  assert.match(env.toolchainGroups[0]!.why, /GOTOOLCHAIN=local/);
  const gt = env.variables.find((v) => v.name === 'GOTOOLCHAIN')!;
  assert.equal(gt.source, 'goenv-file');
  assert.equal(gt.sourceLabel, `go env file (${GOENV_FILE})`);
  assert.equal(gt.sourceShort, 'go env -w', 'short enough for the default sidebar width');
  assert.deepEqual(gt.setAt, { file: GOENV_FILE, line: 2 }, 'the line that sets it, for "Open Where It Is Set"');
  assert.deepEqual(gt.overridden, [{ source: 'goroot-go.env', value: 'auto', setAt: { file: '/usr/local/go/go.env', line: 12 } }]);
  assert.equal(env.variables[0]!.name, 'GOROOT', 'key variables come first in a fixed order');
  // Only what the go command reads, and per-architecture variables only for the target: no GOARM on amd64.
  const withExtras = healthyFacts();
  withExtras.env.GOARM = { name: 'GOARM', value: '', source: 'default' };
  withExtras.env.GOAMD64 = { name: 'GOAMD64', value: 'v1', source: 'default' };
  withExtras.env.GONOSUMCHECK = { name: 'GONOSUMCHECK', value: '', source: 'default' };
  const listed = summarizeEnvironment(withExtras).variables.map((v) => v.name);
  assert.ok(listed.includes('GOAMD64') && !listed.includes('GOARM') && !listed.includes('GONOSUMCHECK'), listed.join(' '));
  assert.deepEqual(
    env.tools.map((t) => [t.name, t.version]),
    [
      ['gopls', 'v0.21.0'],
      ['dlv', 'v1.26.0'],
    ],
  );
});
