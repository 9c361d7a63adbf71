// The wsl-area checks, defender-scanning-cache and windows-go-virtualstore on facts: when each fires, when it stays quiet, and the fixes it offers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DistroProbe, WslDistro } from '../../../src/wsl/distros';
import type { DefenderFacts, Facts, WindowsWslFacts } from '../../../src/core/facts';
import { defenderExcludes } from '../../../src/core/checks/caches';
import { assertFixIdsUnique, findingsOf, fixOf, one, quiet, setEnv, windowsFacts, wslFacts } from '../support/factsBuilder';

const WSL_EXE = 'C:\\Windows\\System32\\wsl.exe';
const GOCACHE = 'C:\\Users\\dev\\AppData\\Local\\go-build';
const GOMODCACHE = 'C:\\Users\\dev\\go\\pkg\\mod';

function distro(name: string, version: 1 | 2, isDefault = false): WslDistro {
  return { name, state: 'Stopped', stateKind: 'stopped', version, isDefault };
}

const UBUNTU_PROBE: DistroProbe = {
  distro: 'Ubuntu',
  go: { path: '/usr/local/go/bin/go', version: 'go1.26.8' },
  dlv: { path: '/home/dev/go/bin/dlv', version: '1.26.0' },
  automountRoot: '/mnt/',
  wslVersion: 2,
  kernelRelease: '6.6.87.2-microsoft-standard-WSL2',
  machine: 'x86_64',
};

/** A Windows machine where the WSL side was probed: Ubuntu (default, WSL 2) with go and dlv. */
function windowsWithWsl(change: (ww: WindowsWslFacts) => void = () => undefined): Facts {
  const f = windowsFacts();
  const ww: WindowsWslFacts = {
    wslExe: WSL_EXE,
    probed: true,
    distros: [distro('Ubuntu', 2, true), distro('Debian', 2)],
    defaultDistro: 'Ubuntu',
    debugDistro: 'Ubuntu',
    distroProbe: structuredClone(UBUNTU_PROBE),
    wslconfig: {
      path: 'C:\\Users\\dev\\.wslconfig',
      exists: false,
      localhostForwarding: true,
      networkingMode: 'nat',
      windowsReachesWslLocalhost: true,
    },
  };
  change(ww);
  f.windowsWsl = ww;
  setEnv(f, 'GOCACHE', GOCACHE, 'default');
  setEnv(f, 'GOMODCACHE', GOMODCACHE, 'default');
  return f;
}

void test('a probed, healthy Windows + WSL machine gets no finding from these checks', () => {
  const f = windowsWithWsl();
  f.defender = {
    status: 'ok',
    realtimeMonitoring: true,
    exclusionPaths: ['C:\\Users\\dev\\AppData\\Local\\go-build', 'C:\\Users\\dev\\go'],
    command: 'powershell',
  };
  for (const id of [
    'wsl-version-1',
    'wsl-distro-no-go',
    'wsl-distro-no-dlv',
    'wsl-localhost-forwarding-off',
    'windows-go-virtualstore',
    'defender-scanning-cache',
  ])
    quiet(f, id);
});

// --- wsl-windows-go ---

void test("wsl-windows-go fires when Windows' go.exe comes before the Linux go on PATH, and offers the Linux go's directory first", () => {
  const f = wslFacts();
  const winGo = {
    path: '/mnt/c/Program Files/Go/bin/go.exe',
    realPath: '/mnt/c/Program Files/Go/bin/go.exe',
    pathIndex: 1,
    goVersion: 'go1.25.4',
    goroot: '/mnt/c/Program Files/Go',
    gorootLooksValid: true,
    windowsExe: true,
  };
  f.goInstallations = [winGo, ...f.goInstallations];
  const finding = one(f, 'wsl-windows-go');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.title, /go\.exe/);
  assert.match(finding.detail, /\/usr\/local\/go\/bin\/go \(go1\.26\.8\) comes later on PATH/);
  assert.deepEqual(fixOf(finding, 'terminal-env'), {
    id: 'prepend-path-terminal',
    title: 'Put /usr/local/go/bin first on PATH in integrated terminals',
    kind: 'terminal-env',
    variable: 'PATH',
    op: 'prepend',
    value: '/usr/local/go/bin',
  });
  assert.match(fixOf(finding, 'instructions').commands![0].text, /^export PATH=\/usr\/local\/go\/bin:"\$PATH"$/);
  assertFixIdsUnique(finding);
});

void test('wsl-windows-go with no Linux go at all says to install one', () => {
  const f = wslFacts();
  const winGo = {
    path: '/mnt/c/Go/bin/go.exe',
    realPath: '/mnt/c/Go/bin/go.exe',
    pathIndex: 7,
    goVersion: 'go1.26.8',
    goroot: '/mnt/c/Go',
    gorootLooksValid: true,
    windowsExe: true,
  };
  f.goInstallations = [winGo];
  f.activeGo = undefined;
  const finding = one(f, 'wsl-windows-go');
  assert.match(finding.detail, /no Linux go in this distro/);
  assert.match(
    fixOf(finding, 'instructions')
      .commands!.map((c) => c.text)
      .join('\n'),
    /go1\.26\.8\.linux-amd64\.tar\.gz/,
  );
});

void test('wsl-windows-go fires for a `go` link to a go.exe on the drive, and stays quiet for a go.exe after the Linux go', () => {
  const linked = wslFacts();
  linked.activeGo = { ...linked.activeGo!, path: '/home/dev/bin/go', realPath: '/mnt/c/Program Files/Go/bin/go.exe', pathIndex: 0 };
  linked.goInstallations = [linked.activeGo, ...linked.goInstallations];
  assert.match(one(linked, 'wsl-windows-go').detail, /a link to Windows' \/mnt\/c\/Program Files\/Go\/bin\/go\.exe/);

  const after = wslFacts();
  after.goInstallations.push({
    path: '/mnt/c/Go/bin/go.exe',
    realPath: '/mnt/c/Go/bin/go.exe',
    pathIndex: 9,
    goroot: '/mnt/c/Go',
    gorootLooksValid: true,
    windowsExe: true,
  });
  quiet(after, 'wsl-windows-go');
  // Not in WSL: the check does not run.
  const linux = wslFacts();
  linux.host.isWsl = false;
  linux.goInstallations.unshift({
    path: '/mnt/c/Go/bin/go.exe',
    realPath: '/mnt/c/Go/bin/go.exe',
    pathIndex: 0,
    goroot: '/mnt/c/Go',
    gorootLooksValid: true,
    windowsExe: true,
  });
  quiet(linux, 'wsl-windows-go');
});

// --- wsl-version-1 ---

void test('wsl-version-1 on Windows fires once per WSL 1 distro with `wsl --set-version <distro> 2`', () => {
  const f = windowsWithWsl((ww) => ww.distros!.push(distro('Legacy', 1)));
  const found = one(f, 'wsl-version-1');
  assert.equal(found.severity, 'warning');
  assert.equal(found.title, 'Legacy runs as WSL 1');
  assert.match(found.detail, /Delve does not support WSL 1/);
  assert.deepEqual(
    fixOf(found, 'instructions').commands!.map((c) => c.text),
    ["wsl --terminate 'Legacy'", "wsl --set-version 'Legacy' 2"],
  );
  assert.ok(fixOf(found, 'instructions').commands!.every((c) => c.shell === 'powershell' && !c.elevated));
  // Two WSL 1 distros: two findings; a quote in a name is doubled for PowerShell.
  const two = findingsOf(
    windowsWithWsl((ww) => ww.distros!.push(distro('Legacy', 1), distro("Bob's Alpine", 1))),
    'wsl-version-1',
  );
  assert.deepEqual(
    two.map((x) => x.evidence.distro),
    ['Legacy', "Bob's Alpine"],
  );
  assert.equal(fixOf(two[1], 'instructions').commands![1].text, "wsl --set-version 'Bob''s Alpine' 2");
});

void test('wsl-version-1 says which WSL 1 distro is the one chosen for debugging', () => {
  const f = windowsWithWsl((ww) => {
    ww.distros = [distro('Ubuntu', 1, true)];
    ww.distroProbe = { ...ww.distroProbe!, wslVersion: 1, kernelRelease: '4.4.0-19041-Microsoft' };
  });
  const found = one(f, 'wsl-version-1');
  assert.match(found.detail, /the distro chosen for debugging/);
  assert.equal(found.evidence.debugDistro, true);
});

void test('wsl-version-1 inside WSL fires on a WSL 1 kernel and stays quiet on WSL 2 or an unknown kernel', () => {
  const f = wslFacts();
  f.wsl = { distro: 'Ubuntu', automountRoot: '/mnt/', kernelRelease: '4.4.0-19041-Microsoft', wslVersion: 1 };
  const found = one(f, 'wsl-version-1');
  assert.equal(found.title, 'Ubuntu runs as WSL 1');
  assert.match(found.detail, /4\.4\.0-19041-Microsoft/);
  assert.equal(fixOf(found, 'instructions').commands![1].text, "wsl --set-version 'Ubuntu' 2");
  f.wsl = { distro: 'Ubuntu', automountRoot: '/mnt/', kernelRelease: '6.6.87.2-microsoft-standard-WSL2', wslVersion: 2 };
  quiet(f, 'wsl-version-1');
  f.wsl = { distro: 'Ubuntu', automountRoot: '/mnt/', kernelRelease: '6.12.1-custom' };
  quiet(f, 'wsl-version-1');
  // Windows without the distros asked for (probeWsl off): nothing to say.
  quiet(
    windowsWithWsl((ww) => {
      ww.probed = false;
      delete ww.distros;
    }),
    'wsl-version-1',
  );
});

// --- wsl-distro-no-go / wsl-distro-no-dlv ---

void test('wsl-distro-no-go fires when the debug distro has no go, with install steps for its architecture', () => {
  const f = windowsWithWsl((ww) => {
    delete ww.distroProbe!.go;
    ww.distroProbe!.machine = 'aarch64';
  });
  const found = one(f, 'wsl-distro-no-go');
  assert.equal(found.severity, 'warning');
  assert.equal(found.title, 'No go in the WSL distro Ubuntu');
  assert.equal(found.evidence.distro, 'Ubuntu');
  const fix = fixOf(found, 'instructions');
  const commands = fix.commands!.map((c) => c.text).join('\n');
  assert.match(commands, /go1\.26\.8\.linux-arm64\.tar\.gz/);
  assert.match(commands, />> ~\/\.profile/);
  assert.ok(fix.commands!.every((c) => c.shell === 'sh'));
  assert.match(fix.steps[0], /wsl -d Ubuntu/);
});

void test('wsl-distro-no-dlv fires when the debug distro has no dlv and installs it there through wsl.exe', () => {
  const f = windowsWithWsl((ww) => delete ww.distroProbe!.dlv);
  const found = one(f, 'wsl-distro-no-dlv');
  assert.equal(found.severity, 'warning');
  const fix = fixOf(found, 'run-command');
  assert.deepEqual(
    { command: fix.command, args: fix.args },
    {
      command: WSL_EXE,
      // bash -l, as the debug relay starts, with the distro's go as $1: no path is ever parsed as shell text.
      args: [
        '-d',
        'Ubuntu',
        '--exec',
        'bash',
        '-lc',
        '"$1" install github.com/go-delve/delve/cmd/dlv@latest',
        'gohealth-install-dlv',
        '/usr/local/go/bin/go',
      ],
    },
  );
  quiet(f, 'wsl-distro-no-go');
});

void test('the distro checks follow the distro chosen for debugging and stay quiet when it could not be probed', () => {
  const chosen = windowsWithWsl((ww) => {
    ww.debugDistro = 'Debian';
    ww.distroProbe = { distro: 'Debian', automountRoot: '/mnt/', kernelRelease: '6.6.87.2-microsoft-standard-WSL2', wslVersion: 2 };
  });
  const noGo = one(chosen, 'wsl-distro-no-go');
  assert.equal(noGo.title, 'No go in the WSL distro Debian');
  assert.equal(noGo.evidence.chosenBy, 'setting');
  const noDlv = one(chosen, 'wsl-distro-no-dlv');
  // Without a go in the distro, installing dlv cannot work: Go comes first.
  assert.deepEqual(noDlv.fixes, []);
  assert.match(noDlv.detail, /Install Go in the distro first/);
  const withGo = windowsWithWsl((ww) => {
    ww.debugDistro = 'Debian';
    ww.distroProbe = { ...UBUNTU_PROBE, distro: 'Debian', dlv: undefined };
  });
  assert.deepEqual(fixOf(one(withGo, 'wsl-distro-no-dlv'), 'run-command').args.slice(0, 2), ['-d', 'Debian']);

  const failed = windowsWithWsl((ww) => {
    delete ww.distroProbe;
    ww.failure = {
      kind: 'timeout',
      message: 'the probe inside Ubuntu did not finish within 10000 ms',
      command: 'wsl.exe -d Ubuntu -- sh -c <probe>',
    };
  });
  quiet(failed, 'wsl-distro-no-go');
  quiet(failed, 'wsl-distro-no-dlv');
  // Inside WSL these Windows-side checks do not run.
  const inside = wslFacts();
  inside.windowsWsl = windowsWithWsl((ww) => delete ww.distroProbe!.go).windowsWsl;
  quiet(inside, 'wsl-distro-no-go');
});

// --- wsl-localhost-forwarding-off ---

function withWslconfig(transport: 'stdio' | 'tcp' | undefined, networkingMode = 'nat', forwarding = false): Facts {
  const f = windowsWithWsl((ww) => {
    ww.wslconfig = {
      path: 'C:\\Users\\dev\\.wslconfig',
      exists: true,
      localhostForwarding: forwarding,
      networkingMode,
      windowsReachesWslLocalhost: networkingMode === 'mirrored' || (networkingMode === 'nat' && forwarding),
      localhostForwardingLine: { line: 3, text: 'localhostForwarding = false' },
    };
  });
  if (transport) f.context.debugTransport = transport;
  return f;
}

void test('wsl-localhost-forwarding-off fires for the TCP transport, at the .wslconfig line, with an edit and a restart', () => {
  const found = one(withWslconfig('tcp'), 'wsl-localhost-forwarding-off');
  assert.equal(found.severity, 'warning');
  assert.deepEqual(found.location, { file: 'C:\\Users\\dev\\.wslconfig', line: 3, column: 1, endColumn: 28 });
  const edit = fixOf(found, 'edit-file');
  assert.deepEqual(edit.edits, [{ line: 3, column: 1, endLine: 3, endColumn: 28, newText: 'localhostForwarding=true' }]);
  const restart = fixOf(found, 'instructions');
  assert.deepEqual(restart.commands, [{ shell: 'powershell', text: 'wsl --shutdown' }]);
  assert.match(restart.steps.join(' '), /"transport": "stdio"/);
});

void test('wsl-localhost-forwarding-off stays quiet for stdio, mirrored networking, forwarding on, or no transport chosen', () => {
  quiet(withWslconfig('stdio'), 'wsl-localhost-forwarding-off');
  quiet(withWslconfig(undefined), 'wsl-localhost-forwarding-off');
  quiet(withWslconfig('tcp', 'mirrored'), 'wsl-localhost-forwarding-off');
  quiet(withWslconfig('tcp', 'nat', true), 'wsl-localhost-forwarding-off');
});

// --- windows-go-virtualstore ---

void test('windows-go-virtualstore reports each VirtualStore Go folder with files, and how to remove it', () => {
  const f = windowsFacts();
  const dir = 'C:\\Users\\dev\\AppData\\Local\\VirtualStore\\Program Files\\Go';
  f.virtualStore = [{ path: dir, fileCount: 2, examples: [`${dir}\\bin\\go.exe`, `${dir}\\VERSION`] }];
  const found = one(f, 'windows-go-virtualstore');
  assert.equal(found.severity, 'info');
  assert.match(found.detail, /holds 2 files/);
  assert.match(found.detail, /C:\\Program Files\\Go/);
  assert.deepEqual(found.evidence.examples, [`${dir}\\bin\\go.exe`, `${dir}\\VERSION`]);
  const fix = fixOf(found, 'instructions');
  assert.equal(fix.commands![1].text, `Remove-Item -LiteralPath '${dir}' -Recurse -Force`);
  assert.ok(fix.commands!.every((c) => !c.elevated));
  f.virtualStore = [];
  quiet(f, 'windows-go-virtualstore');
});

// --- defender-scanning-cache ---

function withDefender(defender: DefenderFacts): Facts {
  const f = windowsFacts();
  setEnv(f, 'GOCACHE', GOCACHE, 'default');
  setEnv(f, 'GOMODCACHE', GOMODCACHE, 'default');
  f.defender = defender;
  return f;
}

void test('defender-scanning-cache fires with real-time scanning on and the caches not excluded, with an elevated Add-MpPreference', () => {
  const found = one(
    withDefender({ status: 'ok', realtimeMonitoring: true, exclusionPaths: ['D:\\builds'], command: 'powershell' }),
    'defender-scanning-cache',
  );
  assert.equal(found.severity, 'info');
  assert.equal(found.title, 'Defender scans GOCACHE and GOMODCACHE on every build');
  const fix = fixOf(found, 'instructions');
  assert.deepEqual(fix.commands, [
    { shell: 'powershell', text: `Add-MpPreference -ExclusionPath '${GOCACHE}','${GOMODCACHE}'`, elevated: true },
  ]);
});

void test('defender-scanning-cache names only the cache an exclusion does not cover (parents, case and wildcards count)', () => {
  const found = one(
    withDefender({ status: 'ok', realtimeMonitoring: true, exclusionPaths: ['c:\\users\\DEV\\appdata\\local\\'], command: 'powershell' }),
    'defender-scanning-cache',
  );
  assert.equal(found.title, 'Defender scans GOMODCACHE on every build');
  quiet(
    withDefender({
      status: 'ok',
      realtimeMonitoring: true,
      exclusionPaths: ['C:\\Users\\*\\AppData\\Local\\go-build', 'C:\\Users\\dev\\go'],
      command: 'powershell',
    }),
    'defender-scanning-cache',
  );
  assert.equal(defenderExcludes('C:\\Users\\dev\\go', 'C:\\Users\\dev\\gopher'), false);
  assert.equal(defenderExcludes('C:\\Users\\d?v\\go', 'C:\\Users\\dev\\go\\pkg\\mod'), true);
});

void test('defender-scanning-cache says "unknown" when the exclusions are hidden without elevation', () => {
  const found = one(
    withDefender({ status: 'ok', realtimeMonitoring: true, exclusionsHidden: true, command: 'powershell' }),
    'defender-scanning-cache',
  );
  assert.match(found.title, /exclusions unknown/);
  assert.match(found.detail, /Must be an administrator to view exclusions/);
  assert.equal(found.evidence.exclusions, 'unknown');
  const fix = fixOf(found, 'instructions');
  assert.deepEqual(
    fix.commands!.map((c) => c.elevated),
    [true, true],
  );
  assert.match(fix.commands![0].text, /Get-MpPreference/);
});

void test('defender-scanning-cache stays quiet with scanning off, Defender unavailable, or not asked', () => {
  quiet(withDefender({ status: 'ok', realtimeMonitoring: false, exclusionPaths: [], command: 'powershell' }), 'defender-scanning-cache');
  quiet(
    withDefender({ status: 'failed', command: 'powershell', failure: 'Get-MpPreference exited with code 1' }),
    'defender-scanning-cache',
  );
  const notAsked = withDefender({ status: 'ok', realtimeMonitoring: true, exclusionPaths: [], command: 'powershell' });
  delete notAsked.defender;
  quiet(notAsked, 'defender-scanning-cache');
});
