// Probes of WSL from Windows (wsl.exe list + distro probe, .wslconfig), Defender through PowerShell, VirtualStore, and WSL 1 / Windows go.exe inside WSL, on fake hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHealthCheck } from '../../../src/core/engine';
import { execFile } from '../../../src/platform/exec';
import { ProbeCache } from '../../../src/core/probe/cache';
import { probeDistro } from '../../../src/wsl/distros';
import type { ExecFn } from '../../../src/platform/exec';
import type { Finding } from '../../../src/core/report';
import { healthy, type Machine } from '../support/engineScenarios';
import {
  DEFENDER_NOT_ELEVATED,
  POWERSHELL_EXE,
  WSL_EXE,
  defenderElevated,
  installFakePowerShell,
  installFakeWsl,
  probeOutput,
  wslFixture,
} from '../support/windowsFakes';

const ids = (findings: Finding[]) => findings.map((f) => f.id).sort();
const UBUNTU_OK = probeOutput({ go: '/usr/local/go/bin/go', dlv: '/home/dev/go/bin/dlv' });

void test('with probeWsl, a Windows host lists the distros (UTF-16LE) and probes the default one', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host, { probes: { 'Ubuntu-24.04': UBUNTU_OK } });
  const { report, facts } = await runHealthCheck(m.host, { probeWsl: true });
  const ww = facts.windowsWsl!;
  assert.equal(ww.wslExe, WSL_EXE);
  assert.equal(ww.probed, true);
  assert.deepEqual(
    ww.distros!.map((d) => [d.name, d.version, d.isDefault]),
    [
      ['Ubuntu-24.04', 2, true],
      ['Debian', 2, false],
      ['docker-desktop', 2, false],
      ['Legacy', 1, false],
    ],
  );
  assert.equal(ww.debugDistro, 'Ubuntu-24.04');
  assert.deepEqual(
    [ww.distroProbe?.go, ww.distroProbe?.dlv],
    [
      { path: '/usr/local/go/bin/go', version: 'go1.26.8' },
      { path: '/home/dev/go/bin/dlv', version: '1.26.0' },
    ],
  );
  assert.equal(ww.failure, undefined);
  // Two spawns, both of the absolute wsl.exe, each with a timeout and WSL_UTF8 set.
  assert.deepEqual(
    calls.map((c) => c.args.slice(0, 5)),
    [
      ['--list', '--verbose'],
      ['-d', 'Ubuntu-24.04', '--', 'sh', '-c'],
    ],
  );
  assert.ok(calls.every((c) => c.options.timeoutMs > 0 && c.options.env?.WSL_UTF8 === '1'));
  // The Legacy distro runs as WSL 1; everything else on this machine is healthy.
  assert.deepEqual(ids(report.findings), ['wsl-version-1']);
  assert.equal(report.findings[0].evidence.distro, 'Legacy');
  assert.equal(facts.probeErrors, undefined);
});

void test('without probeWsl, wsl.exe is never started; .wslconfig is still read', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host);
  m.host.writeFile('C:\\Users\\dev\\.wslconfig', '[wsl2]\r\nmemory=8GB\r\nlocalhostForwarding=false\r\n');
  const { report, facts } = await runHealthCheck(m.host, { debugTransport: 'tcp' });
  assert.equal(calls.length, 0);
  assert.deepEqual(facts.windowsWsl, {
    wslExe: WSL_EXE,
    probed: false,
    wslconfig: {
      path: 'C:\\Users\\dev\\.wslconfig',
      exists: true,
      localhostForwarding: false,
      networkingMode: 'nat',
      windowsReachesWslLocalhost: false,
      localhostForwardingLine: { line: 3, text: 'localhostForwarding=false' },
    },
  });
  const found = report.findings.find((f) => f.id === 'wsl-localhost-forwarding-off');
  assert.deepEqual(found?.location, { file: 'C:\\Users\\dev\\.wslconfig', line: 3, column: 1, endColumn: 26 });
  assert.deepEqual(ids(report.findings), ['wsl-localhost-forwarding-off']);
});

void test('no wsl.exe: no WSL facts and nothing started, even with probeWsl', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host);
  m.host.remove(WSL_EXE);
  const { report, facts } = await runHealthCheck(m.host, { probeWsl: true });
  assert.equal(facts.windowsWsl, undefined);
  assert.equal(calls.length, 0);
  assert.deepEqual(report.findings, []);
});

void test('the debug distro setting picks the distro probed; missing go and dlv there are reported', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host, { probes: { Debian: probeOutput({}) } });
  const { report, facts } = await runHealthCheck(m.host, { probeWsl: true, debugDistro: 'debian' });
  assert.equal(facts.windowsWsl?.debugDistro, 'Debian');
  assert.deepEqual(calls[1].args.slice(0, 2), ['-d', 'Debian']);
  assert.deepEqual(ids(report.findings), ['wsl-distro-no-dlv', 'wsl-distro-no-go', 'wsl-version-1']);
  // No go in Debian either: installing dlv has to wait for it, so no command is offered.
  const dlv = report.findings.find((f) => f.id === 'wsl-distro-no-dlv')!;
  assert.deepEqual(
    dlv.fixes.map((f) => f.kind === 'run-command' && [f.command, ...f.args]),
    [],
  );
});

void test('a debug distro that is not installed, a wsl.exe that hangs or fails: a failure fact, no finding about the distro', async () => {
  const missing = healthy('windows');
  const missingCalls = installFakeWsl(missing.host);
  const a = await runHealthCheck(missing.host, { probeWsl: true, debugDistro: 'Arch' });
  assert.match(
    a.facts.windowsWsl!.failure!.message,
    /the distro Arch chosen for debugging is not installed \(wsl\.exe lists Ubuntu-24\.04, Debian, docker-desktop, Legacy\)/,
  );
  assert.equal(missingCalls.length, 1, 'no probe of a distro that does not exist');
  assert.deepEqual(ids(a.report.findings), ['wsl-version-1']);

  const hung = healthy('windows');
  installFakeWsl(hung.host, { listResult: { code: null, timedOut: true } });
  const b = await runHealthCheck(hung.host, { probeWsl: true, timeoutMs: 500 });
  assert.equal(b.facts.windowsWsl!.failure!.kind, 'timeout');
  assert.deepEqual(b.report.findings, []);
  assert.equal(b.facts.probeErrors, undefined);

  const probeFails = healthy('windows');
  installFakeWsl(probeFails.host, { probes: { 'Ubuntu-24.04': { code: 1, stdout: 'sh: 1: base64: not found\n' } } });
  const c = await runHealthCheck(probeFails.host, { probeWsl: true });
  assert.match(c.facts.windowsWsl!.failure!.message, /exited with code 1: sh: 1: base64: not found/);
  assert.equal(c.facts.windowsWsl!.distroProbe, undefined);
  assert.deepEqual(ids(c.report.findings), ['wsl-version-1']);
});

void test('no distros installed: an empty list, nothing probed, no finding', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host, { listResult: { code: 4294967295, stdout: wslFixture('list-no-distros-utf16le.bin') } });
  const { report, facts } = await runHealthCheck(m.host, { probeWsl: true });
  assert.deepEqual(facts.windowsWsl?.distros, []);
  assert.equal(facts.windowsWsl?.failure, undefined);
  assert.equal(calls.length, 1);
  assert.deepEqual(report.findings, []);
});

void test('a re-check through the same cache does not start wsl.exe again', async () => {
  const m = healthy('windows');
  const calls = installFakeWsl(m.host, { probes: { 'Ubuntu-24.04': UBUNTU_OK } });
  const cache = new ProbeCache();
  await runHealthCheck(m.host, { probeWsl: true, cache });
  await runHealthCheck(m.host, { probeWsl: true, cache });
  assert.equal(calls.length, 2);
  cache.invalidateAll();
  await runHealthCheck(m.host, { probeWsl: true, cache });
  assert.equal(calls.length, 4);
});

// --- Defender ---

function defenderMachine(answer: Parameters<typeof installFakePowerShell>[1]): {
  m: Machine;
  calls: ReturnType<typeof installFakePowerShell>;
} {
  const m = healthy('windows');
  return { m, calls: installFakePowerShell(m.host, answer) };
}

void test('Defender is asked with one non-elevated PowerShell by absolute path; hidden exclusions are reported as unknown', async () => {
  const { m, calls } = defenderMachine(DEFENDER_NOT_ELEVATED);
  const { report, facts } = await runHealthCheck(m.host);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].file, POWERSHELL_EXE);
  assert.deepEqual(calls[0].args, [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    'Get-MpPreference | Select-Object DisableRealtimeMonitoring,ExclusionPath | ConvertTo-Json',
  ]);
  assert.ok(calls[0].options.timeoutMs > 0);
  assert.equal(calls[0].options.cwd, 'C:\\Windows\\System32');
  assert.deepEqual(
    { ...facts.defender, command: undefined },
    { status: 'ok', realtimeMonitoring: true, exclusionsHidden: true, command: undefined },
  );
  assert.deepEqual(ids(report.findings), ['defender-scanning-cache']);
  const found = report.findings[0];
  assert.match(found.title, /exclusions unknown/);
  assert.deepEqual(
    (found.evidence.notExcluded as { path: string }[]).map((x) => x.path),
    [m.gocache, m.gomodcache],
  );
});

void test('Defender as an administrator sees it: exclusions (with %VARIABLES%) that cover the caches keep it quiet', async () => {
  const { m } = defenderMachine(defenderElevated(['%LOCALAPPDATA%\\go-build', '%USERPROFILE%\\go']));
  const { report, facts } = await runHealthCheck(m.host);
  assert.deepEqual(facts.defender?.exclusionPaths, [m.gocache, `${m.home}\\go`]);
  assert.deepEqual(report.findings, []);

  const partly = defenderMachine(defenderElevated([m.gocache]));
  const r = await runHealthCheck(partly.m.host);
  assert.deepEqual(ids(r.report.findings), ['defender-scanning-cache']);
  assert.equal(r.report.findings[0].title, 'Defender scans GOMODCACHE on every build');
  const fix = r.report.findings[0].fixes[0];
  assert.ok(
    fix.kind === 'instructions' &&
      fix.commands?.[0].elevated &&
      fix.commands[0].text === `Add-MpPreference -ExclusionPath '${partly.m.gomodcache}'`,
  );
});

void test('Defender off, unavailable or printing garbage: no finding and no probe error', async () => {
  for (const answer of [
    defenderElevated(null, true),
    { code: 1, stdout: '', stderr: '#< CLIXML\r\nGet-MpPreference : Operation failed with the following error: 0x800106ba\r\n' },
    'Windows PowerShell\r\nCopyright (C) Microsoft Corporation.',
    { code: null, timedOut: true },
  ]) {
    const { m } = defenderMachine(answer);
    const { report, facts } = await runHealthCheck(m.host);
    assert.deepEqual(report.findings, [], JSON.stringify(answer));
    assert.equal(facts.probeErrors, undefined);
    assert.equal(facts.defender?.status, typeof answer === 'string' && answer.startsWith('{') ? 'ok' : 'failed', JSON.stringify(answer));
  }
  const failed = defenderMachine({
    code: 1,
    stderr: '#< CLIXML\r\nGet-MpPreference : Operation failed with the following error: 0x800106ba\r\n',
  });
  const r = await runHealthCheck(failed.m.host);
  assert.match(r.facts.defender!.failure!, /exited with code 1: Get-MpPreference : Operation failed with the following error: 0x800106ba/);
});

void test('skipping defender-scanning-cache (or --only other checks) starts no PowerShell', async () => {
  const { m, calls } = defenderMachine(DEFENDER_NOT_ELEVATED);
  await runHealthCheck(m.host, { skip: ['defender-scanning-cache'] });
  await runHealthCheck(m.host, { only: ['go-missing'] });
  assert.equal(calls.length, 0);
  await runHealthCheck(m.host, { only: ['defender-scanning-cache'] });
  assert.equal(calls.length, 1);
});

// --- VirtualStore ---

void test('Go files under VirtualStore are found and reported; an empty VirtualStore Go folder is not', async () => {
  const m = healthy('windows');
  const store = 'C:\\Users\\dev\\AppData\\Local\\VirtualStore\\Program Files (x86)\\Go';
  m.host.mkdir('C:\\Users\\dev\\AppData\\Local\\VirtualStore\\Program Files\\Go\\bin');
  m.host.writeFile(`${store}\\bin\\go.exe`, { content: 'MZ old go' });
  m.host.writeFile(`${store}\\src\\runtime\\extern.go`, 'package runtime\n');
  const { report, facts } = await runHealthCheck(m.host);
  assert.deepEqual(facts.virtualStore, [
    { path: store, fileCount: 2, examples: [`${store}\\bin\\go.exe`, `${store}\\src\\runtime\\extern.go`] },
  ]);
  assert.deepEqual(ids(report.findings), ['windows-go-virtualstore']);
  assert.match(report.findings[0].detail, /instead of changing C:\\Program Files \(x86\)\\Go/);
});

// --- inside WSL ---

void test("inside WSL, Windows' go.exe first on PATH is reported with the Linux go's directory to put first", async () => {
  const m = healthy('wsl');
  m.host.writeFile('/mnt/c/Program Files/Go/bin/go.exe', { goBuild: { goVersion: 'go1.25.4', path: 'cmd/go' }, mode: 0o777 });
  m.host.writeFile('/mnt/c/Program Files/Go/src/runtime/runtime.go', 'package runtime\n');
  m.setPath(['/mnt/c/Program Files/Go/bin', ...m.pathEntries()]);
  const { report, facts } = await runHealthCheck(m.host);
  assert.equal(facts.goInstallations[0].windowsExe, true);
  assert.equal(facts.activeGo?.path, '/usr/local/go/bin/go');
  const found = report.findings.find((f) => f.id === 'wsl-windows-go');
  assert.ok(found, ids(report.findings).join(', '));
  assert.deepEqual(
    found.fixes.find((f) => f.kind === 'terminal-env'),
    {
      id: 'prepend-path-terminal',
      title: 'Put /usr/local/go/bin first on PATH in integrated terminals',
      kind: 'terminal-env',
      variable: 'PATH',
      op: 'prepend',
      value: '/usr/local/go/bin',
    },
  );
  assert.deepEqual(ids(report.findings), ['wsl-windows-go']);
});

void test('inside WSL, the kernel release says WSL 1 or 2 (osrelease, else /proc/version)', async () => {
  const wsl1 = healthy('wsl');
  wsl1.host.writeFile('/proc/sys/kernel/osrelease', '4.4.0-19041-Microsoft\n');
  const a = await runHealthCheck(wsl1.host);
  assert.deepEqual([a.facts.wsl?.wslVersion, a.facts.wsl?.kernelRelease], [1, '4.4.0-19041-Microsoft']);
  assert.deepEqual(ids(a.report.findings), ['wsl-version-1']);
  assert.equal(a.report.findings[0].title, 'Ubuntu runs as WSL 1');

  const fromVersion = healthy('wsl');
  fromVersion.host.writeFile(
    '/proc/version',
    'Linux version 4.4.0-22621-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #2506-Microsoft Fri Jan 01 08:00:00 PST 2016\n',
  );
  const b = await runHealthCheck(fromVersion.host);
  assert.equal(b.facts.wsl?.wslVersion, 1);

  const wsl2 = healthy('wsl');
  wsl2.host.writeFile('/proc/sys/kernel/osrelease', '6.6.87.2-microsoft-standard-WSL2\n');
  const c = await runHealthCheck(wsl2.host);
  assert.equal(c.facts.wsl?.wslVersion, 2);
  assert.deepEqual(c.report.findings, []);
});

// --- the real probe script ---

void test('the distro probe finds a dlv that is only in GOPATH/bin, where go install put it', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gohealth-wsldlv-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const bin = join(home, 'bin');
  const gopathBin = join(home, 'gopath', 'bin');
  mkdirSync(bin);
  mkdirSync(gopathBin, { recursive: true });
  writeFileSync(
    join(bin, 'go'),
    `#!/bin/sh\n[ "$GOTOOLCHAIN" = local ] || exit 3\nif [ "$1" = env ]; then echo "${join(home, 'gopath')}:/other"; else echo "go version go1.26.8 linux/amd64"; fi\n`,
  );
  writeFileSync(join(gopathBin, 'dlv'), '#!/bin/sh\necho "Delve Debugger"\necho "Version: 1.26.0"\n');
  chmodSync(join(bin, 'go'), 0o755);
  chmodSync(join(gopathBin, 'dlv'), 0o755);
  writeFileSync(join(home, '.profile'), `PATH="${bin}:$PATH"; export PATH\n`);
  // Stand-in for wsl.exe: `-d NAME -- PROGRAM ARGS…` runs PROGRAM here.
  const standIn: ExecFn = async (_file, args, options) => {
    const [program, ...rest] = args.slice(args.indexOf('--') + 1);
    return execFile(program === 'sh' ? '/bin/sh' : program, rest, {
      ...options,
      env: { ...options.env, HOME: home, PATH: '/usr/bin:/bin' },
    });
  };
  const probe = await probeDistro(standIn, WSL_EXE, 'Ubuntu', { env: {}, timeoutMs: 20_000 });
  assert.equal(probe.error, undefined);
  assert.deepEqual(probe.dlv, { path: join(gopathBin, 'dlv'), version: '1.26.0' });

  // Without the dlv there either, none is reported.
  rmSync(join(gopathBin, 'dlv'));
  const none = await probeDistro(standIn, WSL_EXE, 'Ubuntu', { env: {}, timeoutMs: 20_000 });
  assert.equal(none.dlv, undefined);
  assert.deepEqual(none.go, { path: join(bin, 'go'), version: 'go1.26.8' });
});
