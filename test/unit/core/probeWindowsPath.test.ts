// The machine and user Path read from the registry through reg.exe, and fixes that make the intended Go win as Windows builds the Path, on a fake Windows host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHealthCheck } from '../../../src/core/engine';
import type { Finding, InstructionsFix } from '../../../src/core/report';
import { parseRegQuery } from '../../../src/core/probe/windowsPath';
import { parseNativeCall } from '../../support/powershellStandin';
import { healthy, type Machine } from '../support/engineScenarios';
import {
  MACHINE_KEY,
  REG_EXE,
  USER_KEY,
  installFakeRegistry,
  newProcessPath,
  regQueryOutput,
  type FakeRegistry,
} from '../support/windowsFakes';

const SYSTEM_DIRS = '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem';
const MSI_BIN = 'C:\\Program Files\\Go\\bin';
const ZIP_ROOT = 'C:\\Users\\dev\\go1.26.11';
const ZIP_BIN = `${ZIP_ROOT}\\bin`;
const VARIABLES = { SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\dev' };

/** A Windows machine whose registry holds `registry` and whose process Path is the one Windows builds from it. */
function windowsWith(registry: FakeRegistry, extraProcessPath: string[] = []): Machine {
  const m = healthy('windows');
  m.host.mkdir('C:\\Windows\\System32\\Wbem');
  installFakeRegistry(m.host, registry);
  m.setPath([...extraProcessPath, ...newProcessPath(registry, VARIABLES).split(';')]);
  return m;
}

/** The MSI's go1.26.8 in the machine Path, a ZIP go1.26.11 unpacked in the profile and put in the user Path. */
function msiShadowsZip(): { m: Machine; registry: FakeRegistry } {
  const registry: FakeRegistry = {
    machine: {
      Path: { type: 'REG_EXPAND_SZ', data: `${SYSTEM_DIRS};${MSI_BIN}` },
      ComSpec: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\cmd.exe' },
    },
    user: { Path: { type: 'REG_EXPAND_SZ', data: '%USERPROFILE%\\go1.26.11\\bin;%USERPROFILE%\\go\\bin' } },
  };
  const m = windowsWith(registry);
  m.host.installGo(ZIP_ROOT, '1.26.11');
  return { m, registry };
}

function profileFix(findings: Finding[], checkId: string): InstructionsFix {
  const f = findings.find((x) => x.id === checkId);
  assert.ok(f, `expected ${checkId}, got ${findings.map((x) => x.id).join(', ')}`);
  const fix = f.fixes.find((x) => x.kind === 'instructions' && x.id.endsWith('-profile'));
  assert.ok(fix, `an instructions fix in ${JSON.stringify(f.fixes.map((x) => x.id))}`);
  return fix as InstructionsFix;
}

/** Runs every command of the fix as the user would (through the PowerShell stand-in into the fake reg.exe). */
async function apply(m: Machine, fix: InstructionsFix): Promise<void> {
  for (const c of fix.commands ?? []) {
    assert.equal(c.shell, 'powershell');
    const call = parseNativeCall(c.text);
    assert.equal(call.program, REG_EXE, 'reg.exe by absolute path');
    const r = await m.host.exec(call.program, call.args, { timeoutMs: 1000 });
    assert.equal(r.code, 0, r.stderr);
  }
}

void test('reg query output: values with their types, empty data, subkeys and the key line skipped', () => {
  const text = regQueryOutput(MACHINE_KEY, {
    ComSpec: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\cmd.exe' },
    'Odd Name': { type: 'REG_SZ', data: '' },
  });
  assert.deepEqual(parseRegQuery(`${text}\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\Sub\r\n`), [
    { name: 'ComSpec', type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\cmd.exe' },
    { name: 'Odd Name', type: 'REG_SZ', data: '' },
  ]);
});

void test('the Path a new program gets: machine entries first, %VAR% expanded for REG_EXPAND_SZ only, each entry with its origin', async () => {
  const registry: FakeRegistry = {
    // The machine value named in capitals, as some installers leave it; a machine variable used in the machine Path.
    machine: {
      PATH: { type: 'REG_EXPAND_SZ', data: `${SYSTEM_DIRS};%GO_HOME%\\bin` },
      GO_HOME: { type: 'REG_SZ', data: 'C:\\Program Files\\Go' },
    },
    // A user variable that refers to another variable, and an empty entry (left out).
    user: {
      Path: { type: 'REG_EXPAND_SZ', data: '%TOOLS%\\bin;;%USERPROFILE%\\go\\bin' },
      TOOLS: { type: 'REG_EXPAND_SZ', data: '%USERPROFILE%\\tools' },
    },
  };
  const m = windowsWith(registry, ['C:\\from-parent']);
  const calls = installFakeRegistry(m.host, registry);
  const { facts } = await runHealthCheck(m.host);
  const wp = facts.windowsPath!;
  assert.equal(wp.status, 'ok');
  assert.equal(wp.machine?.name, 'PATH');
  assert.deepEqual(
    wp.newProcess!.map((e) => [e.origin, e.expanded, e.commands.join(',')]),
    [
      ['machine', 'C:\\Windows\\system32', ''],
      ['machine', 'C:\\Windows', ''],
      ['machine', 'C:\\Windows\\System32\\Wbem', ''],
      ['machine', 'C:\\Program Files\\Go\\bin', 'go'],
      ['user', 'C:\\Users\\dev\\tools\\bin', ''],
      ['user', 'C:\\Users\\dev\\go\\bin', 'gopls,dlv'],
    ],
  );
  // This process's Path: one entry only it has, then what the registry gave it.
  assert.deepEqual(wp.origins, ['process', 'machine', 'machine', 'machine', 'machine', 'user', 'user']);
  // Both keys read at once, by absolute path, each with a timeout; no probe error.
  assert.deepEqual(
    calls.map((c) => c.args),
    [
      ['query', MACHINE_KEY],
      ['query', USER_KEY],
    ],
  );
  assert.ok(calls.every((c) => c.file === REG_EXE && c.options.timeoutMs > 0));
  assert.equal(facts.probeErrors, undefined);
});

void test('a REG_SZ Path is taken literally: its %VAR% references stay as written', async () => {
  const registry: FakeRegistry = {
    machine: { Path: { type: 'REG_EXPAND_SZ', data: `${SYSTEM_DIRS};${MSI_BIN}` } },
    user: { Path: { type: 'REG_SZ', data: '%USERPROFILE%\\go\\bin' } },
  };
  const m = windowsWith(registry);
  const { facts } = await runHealthCheck(m.host);
  assert.deepEqual(facts.windowsPath!.newProcess!.at(-1), {
    origin: 'user',
    raw: '%USERPROFILE%\\go\\bin',
    expanded: '%USERPROFILE%\\go\\bin',
    commands: [],
  });
});

void test('a registry that cannot be read is unknown, never an error; the user-Path fix then says what it could not check', async () => {
  for (const failure of [
    { code: 1, stderr: 'ERROR: Access is denied.\r\n' },
    { code: null, timedOut: true },
    { code: 0, stdout: 'garbage' },
  ]) {
    const { m } = msiShadowsZip();
    installFakeRegistry(m.host, { machine: {}, user: {} }, { machine: failure });
    const { report, facts } = await runHealthCheck(m.host);
    assert.equal(facts.windowsPath?.status, 'unknown');
    assert.match(facts.windowsPath!.failure!, /reg\.exe query "HKLM\\SYSTEM/);
    assert.equal(facts.probeErrors, undefined);
    const fix = profileFix(report.findings, 'go-shadowed');
    assert.match(fix.steps.join(' '), /could not be read/);
    assert.match(fix.commands![0].text, /SetEnvironmentVariable\('Path', 'C:\\Users\\dev\\go1\.26\.11\\bin;'/);
  }
  const m = healthy('windows');
  const { facts } = await runHealthCheck(m.host);
  assert.deepEqual(facts.windowsPath, { status: 'unknown', regExe: REG_EXE, failure: `${REG_EXE} does not exist` });
});

void test('an MSI Go in the machine Path shadows a ZIP Go in the user Path: the fix is the elevated command, and applying it makes the ZIP Go win', async () => {
  const { m, registry } = msiShadowsZip();
  const first = await runHealthCheck(m.host);
  assert.equal(first.facts.activeGo?.path, `${MSI_BIN}\\go.exe`);
  const shadowed = first.report.findings.find((f) => f.id === 'go-shadowed')!;
  assert.deepEqual(
    (shadowed.evidence.installations as { path: string; pathOrigin: string }[]).map((i) => [i.path, i.pathOrigin]),
    [
      [`${MSI_BIN}\\go.exe`, 'machine'],
      [`${ZIP_BIN}\\go.exe`, 'user'],
    ],
  );
  const fix = profileFix(first.report.findings, 'go-shadowed');
  assert.match(fix.title, /system Path/);
  assert.match(fix.steps.join(' '), /cannot make it win/);
  assert.deepEqual(
    fix.commands!.map((c) => [c.elevated === true, c.text]),
    [[true, `${REG_EXE} add '${MACHINE_KEY}' /v Path /t REG_EXPAND_SZ /d '${SYSTEM_DIRS}' /f`]],
  );
  await apply(m, fix);
  // %VAR% references and the value's type survive the change.
  assert.deepEqual(registry.machine.Path, { type: 'REG_EXPAND_SZ', data: SYSTEM_DIRS });
  // A program started now gets the Path Windows builds from the registry.
  m.setPath(newProcessPath(registry, VARIABLES).split(';'));
  const after = await runHealthCheck(m.host);
  assert.equal(after.facts.activeGo?.path, `${ZIP_BIN}\\go.exe`);
  assert.equal(after.facts.activeGo?.goVersion, 'go1.26.11');
  assert.ok(!after.report.findings.some((f) => f.id === 'go-shadowed'));
});

void test('a Go behind another in the user Path only: prepending to the user Path wins, without elevation', async () => {
  const registry: FakeRegistry = {
    machine: { Path: { type: 'REG_EXPAND_SZ', data: SYSTEM_DIRS } },
    user: { Path: { type: 'REG_EXPAND_SZ', data: `${MSI_BIN};%USERPROFILE%\\go1.26.11\\bin` } },
  };
  const m = windowsWith(registry);
  m.host.installGo(ZIP_ROOT, '1.26.11');
  const { report } = await runHealthCheck(m.host);
  const fix = profileFix(report.findings, 'go-shadowed');
  assert.equal(fix.title, `Put ${ZIP_BIN} first on your Windows user PATH`);
  assert.deepEqual(
    fix.commands!.map((c) => [c.elevated === true, c.text]),
    [[false, `${REG_EXE} add ${USER_KEY} /v Path /t REG_EXPAND_SZ /d '${ZIP_BIN};${MSI_BIN}' /f`]],
  );
  await apply(m, fix);
  m.setPath(newProcessPath(registry, VARIABLES).split(';'));
  const after = await runHealthCheck(m.host);
  assert.equal(after.facts.activeGo?.path, `${ZIP_BIN}\\go.exe`);
});

void test('when the intended Go already comes first in the registry, the fix says so and changes nothing', async () => {
  const registry: FakeRegistry = {
    machine: { Path: { type: 'REG_EXPAND_SZ', data: SYSTEM_DIRS } },
    user: { Path: { type: 'REG_EXPAND_SZ', data: `%USERPROFILE%\\go1.26.11\\bin;${MSI_BIN}` } },
  };
  // This process was started before the user Path changed: it still has the MSI first.
  const m = windowsWith(registry, [MSI_BIN]);
  m.host.installGo(ZIP_ROOT, '1.26.11');
  const { report } = await runHealthCheck(m.host);
  const fix = profileFix(report.findings, 'go-shadowed');
  assert.match(fix.title, /already comes first/);
  assert.equal(fix.commands, undefined);
});

void test('a machine Path reg.exe cannot be handed whole (a quoted entry) gets the .NET command instead, still elevated', async () => {
  const { m, registry } = msiShadowsZip();
  registry.machine.Path.data = `"C:\\Program Files\\Quoted";${SYSTEM_DIRS};${MSI_BIN}`;
  m.setPath(newProcessPath(registry, VARIABLES).split(';'));
  const { report } = await runHealthCheck(m.host);
  const fix = profileFix(report.findings, 'go-shadowed');
  assert.equal(fix.commands!.length, 1);
  assert.equal(fix.commands![0].elevated, true);
  assert.match(
    fix.commands![0].text,
    /GetEnvironmentVariable\('Path', 'Machine'\) -split ';'\) \| Where-Object \{ \$_ -ne 'C:\\Program Files\\Go\\bin' \}/,
  );
  assert.throws(() => parseNativeCall(fix.commands![0].text), /outside what the stand-in knows/);
});

void test('a Go install directory missing from every Path is added to the user Path when nothing in the machine Path shadows it', async () => {
  const registry: FakeRegistry = { machine: { Path: { type: 'REG_EXPAND_SZ', data: `${SYSTEM_DIRS};${MSI_BIN}` } }, user: {} };
  const m = windowsWith(registry);
  const { report } = await runHealthCheck(m.host);
  const fix = profileFix(report.findings, 'gobin-not-on-path');
  assert.deepEqual(
    fix.commands!.map((c) => c.text),
    [`${REG_EXE} add ${USER_KEY} /v Path /t REG_EXPAND_SZ /d C:\\Users\\dev\\go\\bin /f`],
  );
  await apply(m, fix);
  assert.deepEqual(registry.user.Path, { type: 'REG_EXPAND_SZ', data: 'C:\\Users\\dev\\go\\bin' });
});
