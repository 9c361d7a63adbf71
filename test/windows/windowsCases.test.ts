// Windows tier: Windows-only behaviour under the real Windows Node and go.exe: go env -w's file, Path casing, PATHEXT and scripts, profile GOROOT, VirtualStore, Defender, wslpath, drive and \\?\ paths.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Sandbox } from '../integration/cliHarness';
import { currentTier, placeToolchain, REPO_ROOT, runWindows, runWindowsCli, windowsPathOf, type WineTier } from './wine';

const { tier, skip } = currentTier();
const t = tier as WineTier;
const [MAIN_GO] = tier ? Object.keys(tier.toolchains) : [''];
const sb = new Sandbox();
after(() => sb.cleanup());
const win = (p: string) => windowsPathOf(t, p);
const mainBin = () => win(path.join(t.toolchains[MAIN_GO], 'bin'));
const mod = sb.module('mod', 'module example.com/mod\n\ngo 1.22\n');

interface Finding {
  id: string;
  severity: string;
  title: string;
  evidence: Record<string, unknown>;
  location?: { file: string; line: number };
  fixes: { id: string; kind: string; variable?: string; value?: string }[];
}
interface Report {
  toolchains: { path: string; version?: string; active: boolean }[];
  findings: Finding[];
}

/** `gohealth check --format json` in the Windows Node; Wine's own profile folders unless `env` says otherwise. */
async function check(env: Record<string, string>, cwd = win(mod), extra: string[] = []): Promise<Report> {
  const run = await runWindowsCli(t, ['check', '--format', 'json', '--cwd', cwd, ...extra], {
    env: { GOFLAGS: '-buildvcs=false', ...env },
  });
  assert.notEqual(run.code, 2, run.stderr);
  return JSON.parse(run.stdout) as Report;
}

function find(report: Report, id: string): Finding {
  const f = report.findings.find((x) => x.id === id);
  assert.ok(f, `expected ${id}, got ${report.findings.map((x) => `${x.id} (${x.title})`).join('; ') || 'none'}`);
  return f;
}

const active = (r: Report) => r.toolchains.find((x) => x.active);
const goExe = () => path.join(t.toolchains[MAIN_GO], 'bin', 'go.exe');

void test(
  'go env -w writes %APPDATA%\\go\\env; the finding points at that line, and its go-env-write fix applied with go.exe clears it',
  { skip },
  async () => {
    const envFile = path.join(t.userProfileDir, 'AppData', 'Roaming', 'go', 'env');
    const env = { Path: mainBin(), GOTOOLCHAIN: 'local' };
    try {
      const wrote = await runWindows(t, goExe(), ['env', '-w', 'GOPROXY=off'], { env });
      assert.equal(wrote.code, 0, wrote.stderr);
      assert.match(readFileSync(envFile, 'utf8'), /^GOPROXY=off$/m);
      const f = find(await check({ Path: mainBin() }), 'goproxy-off');
      assert.equal((f.evidence.GOPROXY as { source: string }).source, 'goenv-file');
      assert.equal(f.location?.file.toLowerCase(), `${t.userProfile}\\AppData\\Roaming\\go\\env`.toLowerCase());
      assert.equal(f.location?.line, 1);
      const fix = f.fixes.find((x) => x.kind === 'go-env-write');
      assert.ok(fix, JSON.stringify(f.fixes));
      // As the extension applies it: go env -w NAME=VALUE, or go env -u NAME, with the go that runs.
      const args = fix.value === undefined ? ['env', '-u', fix.variable!] : ['env', '-w', `${fix.variable}=${fix.value}`];
      assert.equal((await runWindows(t, goExe(), args, { env })).code, 0);
      assert.ok(!(await check({ Path: mainBin() })).findings.some((x) => x.id === 'goproxy-off'));
    } finally {
      rmSync(envFile, { force: true });
    }
  },
);

void test('Path and PATH: a parent that spells the variable either way starts a check that finds the same go', { skip }, async () => {
  const seen: string[] = [];
  for (const name of ['Path', 'PATH']) {
    const dir = path.join(sb.root, `launch-${name}`);
    mkdirSync(dir, { recursive: true });
    const spec = {
      program: t.node,
      args: [win(path.join(REPO_ROOT, 'dist', 'cli.js')), 'check', '--format', 'json', '--cwd', win(mod)],
      env: { [name]: `${mainBin()};C:\\windows\\system32`, GOFLAGS: '-buildvcs=false' },
      drop: ['PATH'],
      stdout: win(path.join(dir, 'out.json')),
      stderr: win(path.join(dir, 'err.txt')),
      result: win(path.join(dir, 'code')),
    };
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ ...spec, program: win(spec.program) }));
    const run = await runWindows(t, t.node, [
      win(path.join(REPO_ROOT, 'out', 'test', 'windows', 'launch.js')),
      win(path.join(dir, 'spec.json')),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'code'), 'utf8'), '0', readFileSync(path.join(dir, 'err.txt'), 'utf8'));
    const report = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as Report;
    seen.push(`${active(report)?.path} ${active(report)?.version}`);
  }
  assert.deepEqual(seen, [`${mainBin()}\\go.exe ${MAIN_GO}`, `${mainBin()}\\go.exe ${MAIN_GO}`]);
});

void test(
  'PATHEXT puts .BAT first: cmd.exe runs go.bat, the check never runs a .bat or .cmd and finds the go.exe after them',
  { skip },
  async () => {
    const scripts = path.join(sb.root, 'scripts-first');
    mkdirSync(scripts, { recursive: true });
    const marker = (ext: string) => path.join(scripts, `ran-${ext}`);
    for (const ext of ['bat', 'cmd'])
      writeFileSync(
        path.join(scripts, `go.${ext}`),
        `@echo off\r\necho ran > "${win(marker(ext))}"\r\necho go version go9.9.9 windows/amd64\r\n`,
      );
    const env = { Path: `${win(scripts)};${mainBin()}`, PATHEXT: '.BAT;.CMD;.EXE;.COM' };
    // The trap is real: Windows' own lookup picks go.bat.
    await runWindows(t, 'C:\\windows\\system32\\cmd.exe', ['/c', 'go', 'version'], { env });
    assert.ok(existsSync(marker('bat')), 'cmd.exe ran go.bat');
    rmSync(marker('bat'));
    const report = await check(env);
    assert.equal(active(report)?.path, `${mainBin()}\\go.exe`);
    assert.ok(!report.toolchains.some((x) => x.path.toLowerCase().startsWith(win(scripts).toLowerCase())));
    assert.equal(existsSync(marker('bat')) || existsSync(marker('cmd')), false, 'no script ran');
  },
);

void test('GOROOT under the user profile: goroot-in-user-profile names it', { skip }, async () => {
  const root = `${t.userProfile}\\sdk\\${MAIN_GO}`;
  placeToolchain(t, MAIN_GO, root);
  const f = find(await check({ Path: `${root}\\bin` }), 'goroot-in-user-profile');
  assert.equal(f.severity, 'info');
  assert.ok(JSON.stringify(f.evidence).includes(JSON.stringify(root).slice(1, -1)), JSON.stringify(f.evidence));
});

void test('Go files under %LOCALAPPDATA%\\VirtualStore: windows-go-virtualstore names the folder', { skip }, async () => {
  const store = path.join(t.userProfileDir, 'AppData', 'Local', 'VirtualStore', 'Program Files', 'Go');
  mkdirSync(path.join(store, 'bin'), { recursive: true });
  copyFileSync(t.fakeProgram, path.join(store, 'bin', 'go.exe'));
  try {
    const f = find(await check({ Path: mainBin() }), 'windows-go-virtualstore');
    assert.ok(JSON.stringify(f.evidence).includes('VirtualStore\\\\Program Files\\\\Go'), JSON.stringify(f.evidence));
  } finally {
    rmSync(path.join(t.userProfileDir, 'AppData', 'Local', 'VirtualStore'), { recursive: true, force: true });
  }
});

/** The engine in the Windows Node: facts and report of a check of `mod`. */
async function facts(
  env: Record<string, string>,
): Promise<{ facts: { defender?: { status: string; failure?: string }; probeErrors?: string[] }; report: Report }> {
  const out = path.join(sb.root, `facts-${Date.now()}.json`);
  const run = await runWindows(t, t.node, [win(path.join(REPO_ROOT, 'out', 'test', 'windows', 'factsDump.js')), win(out), win(mod)], {
    env,
  });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as never;
}

void test("Defender where PowerShell is only Wine's stub, or absent: unknown, never an error or a finding", { skip }, async () => {
  const withStub = await facts({ Path: mainBin() });
  assert.equal(withStub.facts.defender?.status, 'failed');
  assert.match(withStub.facts.defender!.failure!, /printed nothing|exited/);
  assert.equal(withStub.facts.probeErrors, undefined);
  assert.ok(!withStub.report.findings.some((f) => f.id === 'defender-scanning-cache'));
  const ps = path.join(t.runPrefix, 'drive_c', 'windows', 'system32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  renameSync(ps, `${ps}.aside`);
  try {
    const without = await facts({ Path: mainBin() });
    assert.equal(without.facts.defender, undefined);
    assert.equal(without.facts.probeErrors, undefined);
    assert.ok(!without.report.findings.some((f) => f.id === 'defender-scanning-cache' || f.severity === 'error'));
  } finally {
    renameSync(`${ps}.aside`, ps);
  }
});

void test('gohealth wslpath on Windows: drive letters, \\\\?\\ and \\\\wsl$ / \\\\wsl.localhost paths both ways', { skip }, async () => {
  const cases: [string[], string][] = [
    [['-u', 'C:\\Users\\dev\\src'], '/mnt/c/Users/dev/src'],
    [['-u', 'c:/Users/dev'], '/mnt/c/Users/dev'],
    [['-u', '\\\\?\\C:\\Users\\dev'], '/mnt/c/Users/dev'],
    [['-u', '--distro', 'Ubuntu', '\\\\wsl$\\Ubuntu\\etc'], '/etc'],
    [['-w', '--distro', 'Ubuntu', '/home/dev/app'], '\\\\wsl.localhost\\Ubuntu\\home\\dev\\app'],
    [['-m', '/mnt/d/x'], 'D:/x'],
  ];
  for (const [args, want] of cases) {
    const run = await runWindowsCli(t, ['wslpath', ...args]);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout.trim(), want, args.join(' '));
  }
});

void test(
  'drive letters in either case, forward slashes and \\\\?\\ paths, as --cwd and as Path entries, end to end',
  { skip },
  async () => {
    const newer = sb.module('newer', 'module example.com/newer\n\ngo 1.27.0\n');
    const goMod = win(path.join(newer, 'go.mod'));
    const bare = win(newer).slice(2);
    const forms = [`z:${bare}`, `\\\\?\\Z:${bare}`, `Z:${bare.replace(/\\/g, '/')}/`];
    const pathForms = [`\\\\?\\${mainBin()}`, `z:${mainBin().slice(2).replace(/\\/g, '/')}/`];
    for (const [i, cwd] of forms.entries()) {
      const report = await check({ Path: pathForms[i % pathForms.length], GOTOOLCHAIN: 'local' }, cwd);
      assert.equal(active(report)?.version, MAIN_GO, `Path ${pathForms[i % pathForms.length]}`);
      const f = find(report, 'gomod-go-newer');
      // The file as the user named its folder; the same file whatever the spelling.
      assert.equal(
        f.location?.file
          .replace(/^\\\\\?\\/, '')
          .replace(/\//g, '\\')
          .toLowerCase(),
        goMod.toLowerCase(),
        cwd,
      );
      assert.equal(f.location?.line, 3);
    }
  },
);
