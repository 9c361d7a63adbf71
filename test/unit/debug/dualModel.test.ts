// The VS Code side of Windows + WSL debugging without VS Code: wsl.exe resolution, distro choices, defaults, pre-flight, and the manifest's debugger schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../../src/shared/commands';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEBUG_ANYWAY,
  NEEDS_WSL_MESSAGE,
  distroPickItems,
  preflightDialog,
  relativePackageFromProgram,
  resolveBridgeConfiguration,
  resolveWslExecutable,
} from '../../../src/extension/debugModel';
import { debugReadiness } from '../../../src/core/debugReadiness';
import { wslConfigFact } from '../../../src/core/probe/windows';
import { parseBridgeAttributes } from '../../../src/debug/launchAttributes';
import type { DistroProbe, WslDistro } from '../../../src/wsl/distros';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const WSL = 'C:\\Windows\\System32\\wsl.exe';

void test('wsl.exe: the machine setting when absolute, else System32 on Windows, else a clear "needs Windows" answer', () => {
  assert.deepEqual(resolveWslExecutable('', 'win32', { SystemRoot: 'D:\\Win\\' }), { path: 'D:\\Win\\System32\\wsl.exe' });
  assert.deepEqual(resolveWslExecutable(undefined, 'win32', {}), { path: WSL });
  assert.deepEqual(resolveWslExecutable(' E:\\tools\\wsl.exe ', 'win32', {}), { path: 'E:\\tools\\wsl.exe' });
  assert.deepEqual(resolveWslExecutable('/opt/standin/wsl', 'linux', {}), { path: '/opt/standin/wsl' });
  assert.deepEqual(resolveWslExecutable('', 'linux', {}), { error: NEEDS_WSL_MESSAGE });
  assert.match((resolveWslExecutable('wsl.exe', 'win32', {}) as { error: string }).error, /must be an absolute path/);
  assert.match((resolveWslExecutable('bin/wsl', 'linux', {}) as { error: string }).error, /must be an absolute path/);
});

void test('distros are offered default first, with WSL version and state', () => {
  const items = distroPickItems({
    defaultDistro: 'Debian',
    distros: [
      { name: 'Ubuntu', state: 'Stopped', stateKind: 'stopped', version: 2, isDefault: false },
      { name: 'Debian', state: 'Running', stateKind: 'running', version: 2, isDefault: true },
      { name: 'Legacy', state: 'Stopped', stateKind: 'stopped', version: 1, isDefault: false },
    ],
  });
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['Debian', 'default · WSL 2 · Running'],
      ['Ubuntu', 'WSL 2 · Stopped'],
      ['Legacy', 'WSL 1 · Stopped'],
    ],
  );
});

void test('defaults are filled; target wsl gets the wsl.exe of the setting, or an error pointing at the setting', () => {
  const wsl = { path: '/opt/standin/wsl' };
  const r = resolveBridgeConfiguration({ type: 'delve-bridge', name: 'x', target: 'wsl', program: '/p' }, { wslExecutable: wsl });
  assert.deepEqual(r, {
    kind: 'config',
    config: {
      type: 'delve-bridge',
      name: 'x',
      request: 'launch',
      target: 'wsl',
      mode: 'debug',
      program: '/p',
      wslExecutable: '/opt/standin/wsl',
    },
  });
  const own = resolveBridgeConfiguration(
    { type: 'delve-bridge', name: 'x', request: 'launch', target: 'wsl', wslExecutable: '/mine', program: '/p' },
    { wslExecutable: wsl },
  );
  assert.equal((own as { config: Record<string, unknown> }).config.wslExecutable, '/mine');
  const local = resolveBridgeConfiguration(
    { type: 'delve-bridge', name: 'x', request: 'attach', processId: 5 },
    { wslExecutable: { error: 'no' } },
  );
  assert.deepEqual(local, {
    kind: 'config',
    config: { type: 'delve-bridge', name: 'x', request: 'attach', processId: 5, target: 'local', mode: 'local' },
  });
  assert.deepEqual(
    resolveBridgeConfiguration({ type: 'delve-bridge', name: 'x', target: 'wsl' }, { wslExecutable: { error: NEEDS_WSL_MESSAGE } }),
    { kind: 'error', message: NEEDS_WSL_MESSAGE, aboutSetting: true },
  );
  // F5 with no launch.json: the open Go file's package, or a message.
  assert.equal(
    (resolveBridgeConfiguration({}, { wslExecutable: wsl, activeGoFile: true }) as { config: Record<string, unknown> }).config.program,
    '${fileDirname}',
  );
  assert.equal(resolveBridgeConfiguration({}, { wslExecutable: wsl }).kind, 'error');
});

void test('the Windows + WSL entry is expanded, not started; its package comes from program', () => {
  const r = resolveBridgeConfiguration(
    {
      type: 'delve-bridge',
      name: 'Windows + WSL: x',
      request: 'launch',
      program: '${workspaceFolder}/cmd/x',
      windowsAndWsl: true,
      distro: 'Debian',
    },
    { wslExecutable: { error: 'n/a' } },
  );
  assert.deepEqual(r, { kind: 'windowsAndWsl', relativePackage: 'cmd/x', distro: 'Debian' });
  assert.equal(relativePackageFromProgram('${workspaceFolder}'), '');
  assert.equal(relativePackageFromProgram('${workspaceFolder}\\cmd\\y\\'), 'cmd/y');
  assert.equal(relativePackageFromProgram('${workspaceFolder}/../elsewhere'), undefined);
  assert.equal(relativePackageFromProgram('C:\\abs'), undefined);
});

const healthy: DistroProbe = {
  distro: 'Ubuntu',
  automountRoot: '/mnt/',
  go: { path: '/usr/local/go/bin/go', version: 'go1.26.8' },
  dlv: { path: '/home/u/go/bin/dlv', version: '1.25.2' },
  wslVersion: 2,
  loginShell: 'bash',
};

const ubuntu: WslDistro = { name: 'Ubuntu', state: 'Running', stateKind: 'running', version: 2, isDefault: true };

function readiness(probe: DistroProbe, more: Partial<Parameters<typeof debugReadiness>[0]> = {}) {
  return debugReadiness({
    host: { arch: 'x64', cwd: 'C:\\src\\app', homedir: 'C:\\Users\\u' },
    wslExe: WSL,
    distro: { ...ubuntu, name: probe.distro },
    probe,
    transport: 'stdio',
    ...more,
  });
}
const ids = (r: ReturnType<typeof readiness>) => r.findings.map((f) => f.id);

void test('pre-flight: a ready distro has nothing to say', () => {
  assert.deepEqual(readiness(healthy), { findings: [] });
  assert.deepEqual(readiness(healthy, { transport: 'tcp', wslconfig: wslConfigFact('C:\\Users\\u\\.wslconfig', '[wsl2]\nmemory=4GB\n') }), {
    findings: [],
  });
});

void test("pre-flight runs the core wsl checks: no dlv offers installing it through wsl.exe in the relay's bash login shell", () => {
  const r = readiness({ ...healthy, dlv: undefined });
  assert.deepEqual(ids(r), ['wsl-distro-no-dlv']);
  const fix = r.findings[0]!.fixes[0]!;
  assert.equal(fix.kind, 'run-command');
  assert.deepEqual(fix.kind === 'run-command' && [fix.command, ...fix.args], [
    WSL,
    '-d',
    'Ubuntu',
    '--exec',
    'bash',
    '-lc',
    '"$1" install github.com/go-delve/delve/cmd/dlv@latest',
    'gohealth-install-dlv',
    '/usr/local/go/bin/go',
  ]);
  // Without go, installing dlv cannot work: Go comes first, as instructions.
  const noGo = readiness({ ...healthy, go: undefined, dlv: undefined });
  assert.deepEqual(
    noGo.findings.map((f) => [f.id, f.fixes[0]?.kind]),
    [
      ['wsl-distro-no-go', 'instructions'],
      ['wsl-distro-no-dlv', undefined],
    ],
  );
});

void test('pre-flight: WSL 1 (from the kernel the login shell saw) and forwarding off (tcp only) are instructions, never run', () => {
  const v1 = readiness({ ...healthy, wslVersion: 1, kernelRelease: '4.4.0-19041-Microsoft' });
  assert.deepEqual(ids(v1), ['wsl-version-1']);
  const fix = v1.findings[0]!.fixes[0]!;
  assert.deepEqual(fix.kind === 'instructions' && fix.commands?.map((c) => c.text), [
    "wsl --terminate 'Ubuntu'",
    "wsl --set-version 'Ubuntu' 2",
  ]);
  const off = wslConfigFact('C:\\Users\\u\\.wslconfig', '[wsl2]\nlocalhostForwarding=false\n');
  assert.deepEqual(ids(readiness(healthy, { wslconfig: off })), [], 'stdio needs no forwarding');
  const tcp = readiness(healthy, { transport: 'tcp', wslconfig: off });
  assert.deepEqual(ids(tcp), ['wsl-localhost-forwarding-off']);
  assert.match(tcp.findings[0]!.detail, /C:\\Users\\u\\.wslconfig sets localhostForwarding=false/);
  // Mirrored networking reaches WSL's localhost whatever forwarding says; another mode without forwarding does not.
  const mirrored = wslConfigFact('C:\\Users\\u\\.wslconfig', '[wsl2]\nnetworkingMode=mirrored\nlocalhostForwarding=false\n');
  assert.deepEqual(ids(readiness(healthy, { transport: 'tcp', wslconfig: mirrored })), []);
});

void test('pre-flight: a probe that failed says why; the dialog offers each first fix and "Debug Anyway"', () => {
  const failed = readiness({
    distro: 'Nope',
    automountRoot: '/mnt/',
    error: { kind: 'exit', message: 'There is no distribution with the supplied name.', command: 'wsl' },
  });
  assert.deepEqual(failed.findings, []);
  assert.match(preflightDialog('Nope', failed).detail, /could not look inside the WSL distro "Nope": There is no distribution/);
  const dialog = preflightDialog('Ubuntu', readiness({ ...healthy, dlv: undefined, wslVersion: 1 }));
  assert.deepEqual(
    dialog.buttons.map((b) => b.title),
    ['Install dlv in Ubuntu: go install github.com/go-delve/delve/cmd/dlv@latest', 'Convert Ubuntu to WSL 2', DEBUG_ANYWAY],
  );
  assert.equal(dialog.detail.split('\n').length, 2);
});

void test('pre-flight: a distro without bash is told how to install it with its own package manager, before anything else it lacks', () => {
  const probe: DistroProbe = { distro: 'Alpine', automountRoot: '/mnt/', loginShell: 'sh', wslVersion: 2, os: { id: 'alpine', like: [] } };
  const r = readiness(probe);
  assert.deepEqual(ids(r), ['wsl-distro-no-bash', 'wsl-distro-no-go', 'wsl-distro-no-dlv']);
  const fix = r.findings[0]!.fixes[0]!;
  assert.deepEqual(fix.kind === 'instructions' && fix.commands, [
    { shell: 'powershell', text: 'C:\\Windows\\System32\\wsl.exe -d Alpine -u root --exec apk add bash' },
  ]);
  const debian = readiness({ ...probe, distro: 'Debian', os: { id: 'debian', like: [] } }).findings[0]!.fixes[0]!;
  assert.match(debian.kind === 'instructions' ? debian.commands![0]!.text : '', /--exec apt-get install -y bash$/);
});

const debuggerContribution = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'delve-bridge');

void test('the manifest declares the delve-bridge debugger, run by node from the adapter bundle, and the one-click command', () => {
  assert.equal(debuggerContribution.label, 'Go: Delve bridge (Windows + WSL)');
  assert.equal(debuggerContribution.program, './dist/debugAdapter.js');
  assert.equal(debuggerContribution.runtime, 'node');
  assert.deepEqual(debuggerContribution.languages, ['go']);
  // Gutter breakpoints in Go files must work without VS Code Go installed.
  assert.ok(pkg.contributes.breakpoints.some((b: { language: string }) => b.language === 'go'));
  for (const e of ['onDebugResolve:delve-bridge', 'onDebugDynamicConfigurations:delve-bridge'])
    assert.ok(pkg.activationEvents.includes(e), e);
  const command = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.debugWindowsAndWsl);
  assert.deepEqual([command.category, command.title], ['Go Health', 'Debug on Windows and WSL']);
  assert.ok(
    pkg.contributes.menus['view/title'].some(
      (m: { command: string; when: string }) =>
        m.command === COMMANDS.debugWindowsAndWsl && m.when === 'view == goHealth.health && goHealth.canDebugWindowsAndWsl',
    ),
  );
  assert.equal(pkg.contributes.configuration.properties['goHealth.wslExecutable'].scope, 'machine');
  assert.ok(
    pkg.contributes.configurationSnippets === undefined &&
      debuggerContribution.configurationSnippets.some((s: { label: string }) => s.label === 'Go Health: Windows + WSL'),
  );
});

void test('every value the debugger schema offers is one the adapter accepts, and every attribute is one it knows', () => {
  const known = new Set([
    'program',
    'target',
    'distro',
    'mode',
    'cwd',
    'args',
    'env',
    'buildFlags',
    'stopOnEntry',
    'dlvPath',
    'pathMappings',
    'wslExecutable',
    'automountRoot',
    'transport',
    'processId',
    'windowsAndWsl',
  ]);
  for (const request of ['launch', 'attach'] as const) {
    const props: Record<string, { enum?: string[]; default?: unknown }> = debuggerContribution.configurationAttributes[request].properties;
    for (const [name, schema] of Object.entries(props)) {
      assert.ok(known.has(name), `${request}.${name}`);
      for (const value of schema.enum ?? []) {
        const args = { program: '/p', processId: 1, wslExecutable: '/w', [name]: value };
        const parsed = parseBridgeAttributes(request, args, { platform: 'linux', env: {} });
        assert.ok(!('error' in parsed), `${request}.${name}=${value}: ${JSON.stringify(parsed)}`);
      }
    }
    // And a value outside an enum is refused by the adapter too.
    assert.ok('error' in parseBridgeAttributes(request, { program: '/p', target: 'remote' }, { platform: 'linux', env: {} }));
  }
  // The snippets and initial configurations are configurations the adapter accepts once variables are substituted.
  const bodies = [
    ...debuggerContribution.initialConfigurations,
    ...debuggerContribution.configurationSnippets.map((s: { body: Record<string, unknown> }) => s.body),
  ];
  for (const body of bodies) {
    const concrete = JSON.parse(
      JSON.stringify(body)
        .replace(/\^\\"\\\\\$\{workspaceFolder\}\\"/g, '/ws')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1'),
    );
    const parsed = parseBridgeAttributes(
      concrete.request,
      { ...concrete, processId: concrete.processId || 1, wslExecutable: '/w' },
      { platform: 'linux', env: {} },
    );
    assert.ok(!('error' in parsed), `${concrete.name}: ${JSON.stringify(parsed)}`);
  }
});
