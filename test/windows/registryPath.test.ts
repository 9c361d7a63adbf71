// Windows tier: the machine and user Path from the real registry (reg.exe under Wine), an MSI-style Go shadowing a ZIP one, and the fixes applied and checked in a new process.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNativeCall } from '../support/powershellStandin';
import {
  currentTier,
  MACHINE_KEY,
  placeToolchain,
  registryPath,
  registryPathKeeper,
  runWindows,
  runWindowsCli,
  setRegistryPath,
  USER_KEY,
  windowsPathOf,
} from './wine';
import { Sandbox } from '../integration/cliHarness';

const { tier, skip } = currentTier();
const [MAIN_GO, OTHER_GO] = tier ? Object.keys(tier.toolchains) : ['', ''];
const sb = new Sandbox();
const keeper = tier ? registryPathKeeper(tier) : undefined;
const mod = sb.module('mod', 'module example.com/mod\n\ngo 1.22\n');

interface Report {
  toolchains: { path: string; version?: string; active: boolean }[];
  findings: { id: string; severity: string; evidence: Record<string, unknown>; fixes: Fix[]; detail: string }[];
}
interface Fix {
  id: string;
  kind: string;
  title: string;
  steps?: string[];
  commands?: { shell: string; text: string; elevated?: boolean }[];
}

/** `gohealth check` in a new Windows process whose Path Wine builds from the registry, as Windows does at logon. */
async function checkNewProcess(extra: Record<string, string> = {}): Promise<Report> {
  const run = await runWindowsCli(tier!, ['check', '--format', 'json', '--cwd', windowsPathOf(tier!, mod)], {
    env: { GOFLAGS: '-buildvcs=false', NO_COLOR: '1', ...extra },
  });
  assert.notEqual(run.code, 2, run.stderr);
  return JSON.parse(run.stdout) as Report;
}

function shadowFix(report: Report): Fix {
  const f = report.findings.find((x) => x.id === 'go-shadowed');
  assert.ok(f, `go-shadowed expected, got ${report.findings.map((x) => x.id).join(', ')}`);
  const fix = f.fixes.find((x) => x.id === 'prepend-1-profile');
  assert.ok(fix, JSON.stringify(f.fixes.map((x) => x.id)));
  return fix;
}

/** Runs each command of a fix in the prefix as the user would: PowerShell's words (stand-in) handed to the real program. */
async function applyFix(fix: Fix): Promise<void> {
  for (const c of fix.commands ?? []) {
    const call = parseNativeCall(c.text);
    const run = await runWindows(tier!, call.program, call.args);
    assert.equal(run.code, 0, `${c.text}: ${run.stderr}${run.stdout}`);
  }
}

const activeOf = (r: Report) => r.toolchains.find((t) => t.active);
const MSI_ROOT = 'C:\\Program Files\\Go';

before(async () => {
  if (!tier) return;
  await keeper!.save();
  // As the Go MSI installs: C:\Program Files\Go\bin in the machine Path, %USERPROFILE%\go\bin in the user Path; here
  // with the other Go, while the main Go is a ZIP unpacked in the profile.
  placeToolchain(tier, OTHER_GO, MSI_ROOT);
  placeToolchain(tier, MAIN_GO, `${tier.userProfile}\\${MAIN_GO}`);
});
afterEach(async () => keeper && (await keeper.restore()));
after(() => sb.cleanup());

void test(
  'the Path from the registry: machine first (Wine names that value PATH), %USERPROFILE% expanded, each installation with its origin',
  { skip },
  async () => {
    const machine = (await registryPath(tier!, MACHINE_KEY))!;
    assert.equal(machine.name, 'PATH');
    await setRegistryPath(tier!, MACHINE_KEY, machine.name, 'REG_EXPAND_SZ', `${machine.data};${MSI_ROOT}\\bin`);
    await setRegistryPath(tier!, USER_KEY, 'Path', 'REG_EXPAND_SZ', `%USERPROFILE%\\go\\bin;%USERPROFILE%\\${MAIN_GO}\\bin`);
    const report = await checkNewProcess();
    assert.deepEqual(
      report.toolchains.map((t) => [t.path, t.version, t.active]),
      [
        [`${MSI_ROOT}\\bin\\go.exe`, OTHER_GO, true],
        [`${tier!.userProfile}\\${MAIN_GO}\\bin\\go.exe`, MAIN_GO, false],
      ],
    );
    const f = report.findings.find((x) => x.id === 'go-shadowed')!;
    assert.deepEqual(
      (f.evidence.installations as { pathOrigin?: string }[]).map((i) => i.pathOrigin),
      ['machine', 'user'],
    );
  },
);

void test(
  'an MSI-style Go in the machine Path shadows a ZIP Go in the user Path: the elevated command, run in the prefix, makes the ZIP Go win in a new process',
  { skip },
  async () => {
    const machine = (await registryPath(tier!, MACHINE_KEY))!;
    await setRegistryPath(tier!, MACHINE_KEY, machine.name, 'REG_EXPAND_SZ', `${machine.data};${MSI_ROOT}\\bin`);
    await setRegistryPath(tier!, USER_KEY, 'Path', 'REG_EXPAND_SZ', `%USERPROFILE%\\go\\bin;%USERPROFILE%\\${MAIN_GO}\\bin`);
    const fix = shadowFix(await checkNewProcess());
    assert.equal(fix.kind, 'instructions');
    assert.match(fix.title, /out of the system Path/);
    assert.deepEqual(
      fix.commands!.map((c) => [c.shell, c.elevated === true]),
      [['powershell', true]],
    );
    // Wine has no UAC: what needs "Run as administrator" on Windows runs here as it is written.
    await applyFix(fix);
    const after = (await registryPath(tier!, MACHINE_KEY))!;
    assert.deepEqual(
      after,
      { name: 'PATH', type: 'REG_EXPAND_SZ', data: machine.data },
      'only the MSI entry left; %SystemRoot% kept as written',
    );
    const report = await checkNewProcess();
    assert.equal(activeOf(report)?.path, `${tier!.userProfile}\\${MAIN_GO}\\bin\\go.exe`);
    assert.equal(activeOf(report)?.version, MAIN_GO);
    assert.ok(!report.findings.some((x) => x.id === 'go-shadowed'));
  },
);

void test(
  'a Go behind another in the user Path only: the user-Path command (no elevation) makes it win in a new process',
  { skip },
  async () => {
    await setRegistryPath(tier!, USER_KEY, 'Path', 'REG_EXPAND_SZ', `${MSI_ROOT}\\bin;%USERPROFILE%\\${MAIN_GO}\\bin`);
    const fix = shadowFix(await checkNewProcess());
    assert.match(fix.title, /first on your Windows user PATH/);
    assert.deepEqual(
      fix.commands!.map((c) => c.elevated === true),
      [false],
    );
    await applyFix(fix);
    const user = (await registryPath(tier!, USER_KEY))!;
    assert.equal(user.type, 'REG_EXPAND_SZ');
    assert.equal(user.data, `${tier!.userProfile}\\${MAIN_GO}\\bin;${MSI_ROOT}\\bin`);
    const report = await checkNewProcess();
    assert.equal(activeOf(report)?.version, MAIN_GO);
  },
);

void test(
  'reg.exe missing or printing garbage: the Path is unknown, never an error, and the user-Path command says what it could not check',
  { skip },
  async () => {
    const machine = (await registryPath(tier!, MACHINE_KEY))!;
    await setRegistryPath(tier!, MACHINE_KEY, machine.name, 'REG_EXPAND_SZ', `${machine.data};${MSI_ROOT}\\bin`);
    await setRegistryPath(tier!, USER_KEY, 'Path', 'REG_EXPAND_SZ', `%USERPROFILE%\\go\\bin;%USERPROFILE%\\${MAIN_GO}\\bin`);
    const regExe = path.join(tier!.runPrefix, 'drive_c', 'windows', 'system32', 'reg.exe');
    const aside = `${regExe}.aside`;
    // Windows programs start from the Path the registry gave them; reg.exe is only taken away from the check's own run.
    renameSync(regExe, aside);
    try {
      const report = await checkNewProcess();
      assert.equal(report.findings.filter((x) => x.severity === 'error').length, 0, JSON.stringify(report.findings.map((x) => x.id)));
      const fix = shadowFix(report);
      assert.match(fix.title, /first on your Windows user PATH/);
      assert.match(fix.steps!.join(' '), /could not be read \(C:\\windows\\system32\\reg\.exe does not exist\)/i);
      // A reg.exe that answers with something that is not a key's listing.
      copyFileSync(tier!.fakeProgram, regExe);
      writeFileSync(`${regExe}.behaviour`, 'garbage\n');
      // Wine prefers its own reg.exe to a file in system32 unless told otherwise.
      const garbled = shadowFix(await checkNewProcess({ WINEDLLOVERRIDES: 'mscoree,mshtml=;reg.exe=n' }));
      assert.match(
        garbled.steps!.join(' '),
        /could not be read \(reg\.exe query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment" printed something other than the key's values/,
      );
    } finally {
      rmSync(`${regExe}.behaviour`, { force: true });
      renameSync(aside, regExe);
    }
  },
);
