// The fix round trip with the real go: break an environment, apply each fix as the extension would, check again; every command shown must parse and name what exists.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_CHECKS } from '../../src/core/checks';
import type { Fix } from '../../src/core/report';
import { compareGoVersionStrings } from '../../src/core/goversion';
import { applyLineEdits } from '../../src/shared/textEdits';
import { applyTerminalMutators, terminalMutator } from '../../src/shared/terminalEnv';
import { commandLine } from '../../src/platform/shell';
import { currentReleaseList, NEWER_GO, REAL_GO, REAL_GOROOT, runCli, Sandbox, type JsonFinding } from './cliHarness';
import { secondGoRoot } from './secondGo';

/** A broken environment: where to check and with which environment (its own HOME, GOENV, GOPATH, PATH). */
interface Built {
  sb: Sandbox;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The release list is the sandbox's own already (a case that serves another one). */
  seeded?: boolean;
}

interface Case {
  /** Builds the broken environment afresh (each fix is applied to its own copy). */
  build(sb: Sandbox): Built | Promise<Built>;
  /**
   * Fixes that by design leave the finding (they change which copy wins, not that there are two), each with why;
   * they must still add no warning or error.
   */
  keeps?: Record<string, string>;
  /** Findings a fix rightly brings (about what it changed), each with why. */
  expectAfter?: Record<string, { ids: string[]; why: string }>;
}

type Entry = Case | { exempt: string };

const sandboxes: Sandbox[] = [];
after(() => sandboxes.forEach((s) => s.cleanup()));

function sandbox(): Sandbox {
  const sb = new Sandbox();
  sandboxes.push(sb);
  return sb;
}

const HEALTHY = 'module example.com/rt\n\ngo 1.22\n';

/** A healthy module in the sandbox, with extra environment. */
function mod(sb: Sandbox, extra: Record<string, string | undefined> = {}, goMod = HEALTHY, files: Record<string, string> = {}): Built {
  return { sb, cwd: sb.module('m', goMod, files), env: sb.env(extra) };
}

/** Writes the sandbox's go env file (as `go env -w` would, also for values it refuses to write). */
function goenvFile(sb: Sandbox, lines: string[]): void {
  writeFileSync(sb.goenvFile, lines.map((l) => `${l}\n`).join(''));
}

/**
 * A tiny Go program built with the given go into dir/name, to stand for a tool: its build info names the real
 * tool's package (gopls: golang.org/x/tools/gopls), as a reinstall command would.
 */
function buildTool(
  go: string,
  dir: string,
  name: string,
  modulePath = name === 'gopls' ? 'golang.org/x/tools/gopls' : `example.com/${name}`,
): string {
  const src = path.join(path.dirname(dir), `${name}-src-${path.basename(dir)}`);
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'go.mod'), `module ${modulePath}\n\ngo 1.22\n`);
  writeFileSync(path.join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
  const out = path.join(dir, name);
  execFileSync(go, ['build', '-o', out, '.'], { cwd: src, env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' } });
  return out;
}

const isRoot = process.getuid?.() === 0;

/**
 * The round-trip table: every check id, with the broken environment that makes it fire on this machine, or the
 * reason it cannot be built here (its fixes are then only shown, and their commands are checked in the unit suite).
 */
const TABLE: Record<string, Entry> = {
  'go-missing': {
    build: (sb) => {
      const b = mod(sb);
      b.env.PATH = b.env
        .PATH!.split(':')
        .filter((d) => d !== path.dirname(REAL_GO))
        .join(':');
      return b;
    },
  },
  'go-broken': {
    build: (sb) => {
      sb.script('broken/go', 'echo "this is not go" >&2\nexit 3');
      const b = mod(sb);
      b.env.PATH = `${path.join(sb.root, 'broken')}:${b.env.PATH}`;
      return b;
    },
    keeps: {
      'inspect-go-binary': 'shows how to look at the broken binary',
    },
  },
  'go-env-refused': { build: (sb) => mod(sb, { GO111MODULE: 'bogus' }) },
  'go-shadowed': {
    build: async (sb) => {
      const b = mod(sb);
      b.env.PATH = `${path.dirname(REAL_GO)}:${path.join(await secondGoRoot(), 'bin')}:${b.env.PATH}`;
      return b;
    },
    keeps: {
      'prepend-1-terminal': 'puts the other Go first: both stay on PATH, and go-shadowed says so, with the new winner',
    },
    expectAfter: {
      'prepend-1-terminal': { ids: ['go-patch-behind'], why: 'the Go now first is go1.25.4, and go-patch-behind speaks of it' },
      'prepend-1-profile': { ids: ['go-patch-behind'], why: 'as above' },
    },
  },
  'path-unsafe-entry': {
    build: (sb) => {
      const b = mod(sb);
      b.env.PATH = `.:${b.env.PATH}`;
      return b;
    },
  },
  'gobin-not-on-path': { build: (sb) => mod(sb, { GOBIN: path.join(sb.root, 'tools-bin') }) },
  'tool-shadowed': {
    build: (sb) => {
      const early = path.join(sb.root, 'early');
      mkdirSync(early, { recursive: true });
      buildTool(REAL_GO, early, 'gopls');
      buildTool(REAL_GO, path.join(sb.gopath, 'bin'), 'gopls');
      const b = mod(sb);
      b.env.PATH = `${path.dirname(REAL_GO)}:${early}:${b.env.PATH}`;
      return b;
    },
  },
  'tool-missing': { build: (sb) => mod(sb) },
  'tool-stale': {
    build: async (sb) => {
      buildTool(path.join(await secondGoRoot(), 'bin', 'go'), path.join(sb.gopath, 'bin'), 'gopls');
      return mod(sb, {}, `module example.com/rt\n\ngo ${REAL_VERSION.split('.').slice(0, 2).join('.')}\n`);
    },
  },
  'dlv-go-incompatible': { exempt: 'needs a Delve release too old for the installed Go; its only fix is a go install command' },
  'go-outdated': {
    build: async (sb) => {
      const b = mod(sb);
      b.env.PATH = `${path.join(await secondGoRoot(), 'bin')}:${b.env.PATH}`;
      return b;
    },
  },
  'go-patch-behind': {
    build: (sb) => {
      const [major, minor, patch] = REAL_VERSION.split('.').map(Number);
      const platform = `linux-${process.arch === 'x64' ? 'amd64' : process.arch}`;
      writeFileSync(
        path.join(sb.releaseProxy, 'golang.org/toolchain/@v/list'),
        currentReleaseList() + `v0.0.1-go${major}.${minor}.${patch + 1}.${platform}\n`,
      );
      return { ...mod(sb), seeded: true };
    },
  },
  'goroot-mismatch': {
    build: async (sb) => {
      goenvFile(sb, [`GOROOT=${await secondGoRoot()}`]);
      return mod(sb);
    },
  },
  'goroot-invalid': { build: (sb) => mod(sb, { GOROOT: path.join(sb.root, 'no-such-go') }) },
  'gopath-is-goroot': {
    build: (sb) => {
      goenvFile(sb, [`GOPATH=${REAL_GOROOT}`]);
      return mod(sb, { GOPATH: undefined });
    },
  },
  'gopath-invalid': { build: (sb) => mod(sb, { GOPATH: 'relgp' }) },
  'goroot-in-user-profile': { exempt: 'Windows only: GOROOT under %USERPROFILE%' },
  'path-has-spaces': { build: (sb) => mod(sb, { CGO_ENABLED: '1', GOCACHE: path.join(sb.root, 'go cache') }) },
  'gomod-go-newer': { build: (sb) => mod(sb, { GOTOOLCHAIN: 'local' }, `module example.com/rt\n\ngo ${NEWER_GO}\n`) },
  'toolchain-unavailable': { build: (sb) => mod(sb, { GOTOOLCHAIN: 'local' }, 'module example.com/rt\n\ngo 1.99.0\n') },
  'toolchain-switch': { exempt: 'explains a switch the go command makes; it offers no fix' },
  'toolchain-download-blocked': {
    // GOTOOLCHAIN=auto said outright: a machine's $GOROOT/go.env may default it to local.
    build: (sb) => mod(sb, { GOPROXY: 'off', GOTOOLCHAIN: 'auto' }, `module example.com/rt\n\ngo 1.22\n\ntoolchain go${NEWER_GO}\n`),
  },
  'toolchain-redundant': { build: (sb) => mod(sb, {}, 'module example.com/rt\n\ngo 1.22\n\ntoolchain go1.21.0\n') },
  'gomod-invalid': { build: (sb) => mod(sb, {}, 'module example.com/rt\n\ngo 1.22\n\nrequire golang.org/x/text\n') },
  'gowork-invalid': { build: (sb) => mod(sb, {}, HEALTHY, { 'go.work': 'go 1.22\n\nuse .\n\nusee ./tools\n' }) },
  'gomod-go-missing': { build: (sb) => mod(sb, {}, 'module example.com/rt\n') },
  'gowork-go-older': { build: (sb) => mod(sb, {}, 'module example.com/rt\n\ngo 1.23\n', { 'go.work': 'go 1.22\n\nuse .\n' }) },
  'gowork-module-missing': { build: (sb) => mod(sb, {}, HEALTHY, { 'go.work': 'go 1.22\n\nuse .\n\nuse ./gone\n' }) },
  'replace-path-missing': { build: (sb) => mod(sb, {}, 'module example.com/rt\n\ngo 1.22\n\nreplace example.com/lib => ../lib\n') },
  'gosum-missing': { build: (sb) => mod(sb, {}, 'module example.com/rt\n\ngo 1.22\n\nrequire golang.org/x/text v0.20.0\n') },
  'vendor-missing': {
    build: (sb) =>
      mod(sb, { GOFLAGS: '-buildvcs=false -mod=vendor' }, 'module example.com/rt\n\ngo 1.22\n\nrequire golang.org/x/text v0.20.0\n', {
        'go.sum': '',
      }),
    keeps: { 'go-mod-vendor': 'a command, run in a terminal, not applied here' },
  },
  'gomodule-off': { build: (sb) => mod(sb, { GO111MODULE: 'off' }) },
  'gotoolchain-invalid': {
    build: (sb) => {
      goenvFile(sb, ['GOTOOLCHAIN=go1.26.x']);
      return mod(sb);
    },
  },
  'goproxy-off': { build: (sb) => mod(sb, { GOPROXY: 'off' }) },
  'goproxy-insecure': { build: (sb) => mod(sb, { GOPROXY: 'http://athens.example.com,direct' }) },
  'goproxy-invalid': {
    build: (sb) => {
      goenvFile(sb, ['GOPROXY=ftp://mirror.example.com']);
      return mod(sb, { GOPROXY: undefined });
    },
  },
  'gosumdb-off': { build: (sb) => mod(sb, { GOSUMDB: 'off' }) },
  'goinsecure-set': { build: (sb) => mod(sb, { GOINSECURE: 'example.com' }) },
  'goflags-invalid': { build: (sb) => mod(sb, { GOFLAGS: "-gcflags='all=-N -l'" }) },
  'goflags-unknown': { build: (sb) => mod(sb, { GOFLAGS: '-buildvcs=false -modcacherwx' }) },
  'gocache-off': { build: (sb) => mod(sb, { GOCACHE: 'off' }) },
  'cache-unwritable': isRoot
    ? { exempt: 'the tests run as root, who may write every directory' }
    : {
        build: (sb) => {
          const locked = path.join(sb.root, 'locked');
          mkdirSync(locked, { recursive: true });
          chmodSync(locked, 0o555);
          return mod(sb, { GOMODCACHE: path.join(locked, 'mod') });
        },
      },
  'cache-on-slow-fs': { exempt: 'WSL only: caches on a Windows drive mount' },
  'defender-scanning-cache': { exempt: 'Windows only: Defender real-time scanning' },
  'goos-goarch-invalid': { build: (sb) => mod(sb, { GOOS: 'bogus' }) },
  'cross-target-global': { build: (sb) => mod(sb, { GOARCH: process.arch === 'arm64' ? 'amd64' : 'arm64' }) },
  'cgo-no-compiler': { build: (sb) => mod(sb, { CGO_ENABLED: '1', CC: 'no-such-cc' }) },
  'cgo-cross-compiler': {
    build: (sb) => mod(sb, { CGO_ENABLED: '1', GOARCH: process.arch === 'arm64' ? 'amd64' : 'arm64' }),
    keeps: {},
  },
  'env-override-conflict': {
    build: (sb) => {
      goenvFile(sb, ['GOINSECURE=a.example.com']);
      return mod(sb, { GOINSECURE: 'b.example.com' });
    },
  },
  'env-terminal-differs': { exempt: "compares the editor with the user's login shell, which only the editor asks" },
  'env-changed': {
    exempt: 'reports a change against an earlier check on this machine; it offers no fix (the new value is where it is set)',
  },
  'vscode-go-differs': { exempt: "compares the VS Code Go extension's settings, which only the editor reads" },
  'ci-go-version-drift': {
    build: (sb) =>
      mod(sb, {}, `module example.com/rt\n\ngo ${REAL_VERSION.split('.').slice(0, 2).join('.')}.0\n`, {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: 1.20\n',
      }),
  },
  'files-not-read': {
    // A workflow linked to a file outside the workspace is not read (a go.mod so linked is gomod-invalid).
    build: (sb) => {
      const b = mod(sb);
      const secret = path.join(sb.home, 'token');
      writeFileSync(secret, 'ghp_secret0123456789 setup-go\n');
      mkdirSync(path.join(b.cwd, '.github', 'workflows'), { recursive: true });
      symlinkSync(secret, path.join(b.cwd, '.github', 'workflows', 'ci.yml'));
      return b;
    },
  },
  'policy-drift': {
    build: (sb) =>
      mod(sb, {}, HEALTHY, { '.gohealth.json': '{\n  "env": {\n    "GOPRIVATE": { "includes": ["*.corp.example"] }\n  }\n}\n' }),
  },
  'policy-invalid': {
    build: (sb) => mod(sb, {}, HEALTHY, { '.gohealth.json': '{\n  "env": {\n    "GOPROXXY": { "not": "off" }\n  }\n}\n' }),
  },
  'go-pin-too-old': { build: (sb) => mod(sb, {}, HEALTHY, { '.devcontainer/devcontainer.json': '{ "image": "golang:1.21" }\n' }) },
  'go-pins-disagree': {
    build: (sb) =>
      mod(sb, {}, HEALTHY, {
        '.devcontainer/devcontainer.json':
          '{\n  "image": "golang:1.23",\n  "features": { "ghcr.io/devcontainers/features/go:1": { "version": "1.24" } }\n}\n',
      }),
  },
  'go-pin-not-active': { build: (sb) => mod(sb, {}, HEALTHY, { '.go-version': '1.25.0\n' }) },
  'wsl-windows-go': { exempt: 'inside WSL only' },
  'wsl-version-1': { exempt: 'WSL only: a distro that runs as WSL 1' },
  'wsl-distro-no-go': { exempt: 'Windows only: the debug distro is asked through wsl.exe' },
  'wsl-distro-no-bash': { exempt: 'Windows only: the debug distro is asked through wsl.exe' },
  'wsl-distro-no-dlv': { exempt: 'Windows only: the debug distro is asked through wsl.exe' },
  'wsl-localhost-forwarding-off': { exempt: 'Windows only: %UserProfile%\\.wslconfig' },
  'windows-go-virtualstore': { exempt: 'Windows only: %LOCALAPPDATA%\\VirtualStore' },
};

const REAL_VERSION = execFileSync(REAL_GO, ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
  .toString()
  .trim()
  .replace(/^go/, '');

/** The kinds a test can apply here, as the extension applies them. */
const APPLIED = new Set<Fix['kind']>(['go-env-write', 'edit-file', 'terminal-env']);

/**
 * Seeds the release cache for the GOPROXY this environment has, so a fix that changes GOPROXY (to the default,
 * say) never makes a check ask the internet: the releases stay the sandbox's own.
 */
function seedReleaseCache(b: Built): void {
  const fileValue = (() => {
    try {
      return /^GOPROXY=(.*)$/m.exec(readFileSync(b.env.GOENV ?? '', 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  })();
  const goproxy = b.env.GOPROXY || fileValue || 'https://proxy.golang.org,direct';
  const versions: Record<string, string[]> = {};
  for (const line of currentReleaseList().split('\n')) {
    const m = /^v0\.0\.1-go(.+)\.([a-z0-9]+-[a-z0-9]+)$/.exec(line);
    if (m) (versions[m[1]!] ??= []).push(m[2]!);
  }
  const dir = path.join(b.env.HOME!, '.cache', 'gohealth');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'go-releases.json'),
    JSON.stringify({ schema: 1, goproxy, origin: 'sandbox', fetchedAtMs: Date.now(), versions }),
  );
}

async function check(b: Built): Promise<JsonFinding[]> {
  if (!b.seeded) seedReleaseCache(b);
  const run = await runCli(['check', '--format', 'json', '--cwd', b.cwd], {
    env: { ...b.env, GOHEALTH_CODE_CACHE: 'off' },
    cwd: b.sb.root,
  });
  assert.notEqual(run.code, 2, run.stderr);
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

/** Applies a fix the way the extension does: go env -w/-u with the real go, the edit to the file, the terminal mutator. */
function apply(fix: Fix, b: Built): Built {
  switch (fix.kind) {
    case 'go-env-write': {
      const args = fix.value === undefined ? ['env', '-u', fix.variable] : ['env', '-w', `${fix.variable}=${fix.value}`];
      // As the extension does: GOTOOLCHAIN=local, from a folder without go.mod.
      execFileSync(REAL_GO, args, { env: { ...b.env, GOTOOLCHAIN: 'local' }, cwd: b.sb.home });
      return b;
    }
    case 'edit-file':
      writeFileSync(fix.file, applyLineEdits(readFileSync(fix.file, 'utf8'), fix.edits));
      return b;
    case 'terminal-env':
      return { ...b, env: applyTerminalMutators(b.env, [terminalMutator(fix, ':')]) as NodeJS.ProcessEnv };
    default:
      throw new Error(`${fix.kind} is not applied by the round trip`);
  }
}

const loud = (fs: JsonFinding[]) => fs.filter((f) => f.severity !== 'info');

void test('every check id is in the round-trip table, built here or exempt with a reason', () => {
  const ids = ALL_CHECKS.map((c) => c.id);
  assert.deepEqual(Object.keys(TABLE).sort(), [...ids].sort());
  for (const [id, e] of Object.entries(TABLE)) if ('exempt' in e) assert.ok(e.exempt.length > 10, `${id}: the exemption needs a reason`);
  // A check that offers a fix this suite can apply is exempt only for a reason that holds on this machine.
  for (const c of ALL_CHECKS) {
    const e = TABLE[c.id]!;
    if (
      'exempt' in e &&
      c.fixKinds.some((k) => APPLIED.has(k)) &&
      c.where === 'all' &&
      !/root|editor|login shell|Go extension/.test(e.exempt)
    )
      assert.fail(`${c.id} has an applicable fix but is exempt: ${e.exempt}`);
  }
});

const proven = { checks: 0, applied: 0, fixes: 0 };

for (const [id, entry] of Object.entries(TABLE)) {
  if ('exempt' in entry) continue;
  void test(`round trip ${id}: every applicable fix clears it with the real go, adding no warning or error`, async () => {
    const first = await entry.build(sandbox());
    const before = await check(first);
    const target = before.filter((f) => f.id === id);
    assert.ok(target.length, `${id} should fire: ${before.map((f) => f.id).join(', ')}`);
    const finding = target[0]!;
    const applicable = finding.fixes.filter((f) => APPLIED.has(f.kind as Fix['kind']));
    for (const fix of applicable as unknown as Fix[]) {
      // Each fix gets an environment of its own, built afresh (its paths differ: findings are matched by id and order).
      const fresh = await entry.build(sandbox());
      const beforeHere = await check(fresh);
      const mine = beforeHere.filter((f) => f.id === id);
      const same = (mine[0]?.fixes ?? []).find((f) => f.id === fix.id) as unknown as Fix | undefined;
      assert.ok(same, `${fix.id} is offered again`);
      const afterEnv = apply(same, fresh);
      const afterFindings = await check(afterEnv);
      const kept = entry.keeps?.[fix.id];
      if (!kept)
        assert.ok(
          afterFindings.filter((f) => f.id === id).length < mine.length,
          `${fix.id} (${fix.kind}) should clear "${mine[0]!.title}"; after it: ${afterFindings.map((f) => `${f.id}: ${f.title}`).join('; ')}`,
        );
      const allowed: string[] = entry.expectAfter?.[fix.id]?.ids ?? [];
      const newLoud: JsonFinding[] = loud(afterFindings).filter(
        (f) => f.id !== id && !allowed.includes(f.id) && !loud(beforeHere).some((b) => b.id === f.id),
      );
      assert.deepEqual(
        newLoud.map((f) => `${f.id}: ${f.title}`),
        [],
        `${fix.id} added a warning or error`,
      );
      if (!kept) proven.fixes++;
    }
    proven.checks++;
    if (applicable.length) proven.applied++;
    // What is only shown must parse in its shell and name what exists.
    for (const f of before) assertCommandsSound(f, first.env);
  });
}

void test('the round trip proved fixes for the checks it could build', () => {
  // Printed for the record; the per-check tests above are the assertions.
  console.log(
    `round trip: ${proven.fixes} fixes applied and proven for ${proven.applied} check ids; ${proven.checks} check ids built, their shown commands checked`,
  );
});

/** Programs a shown command may name that this machine has no reason to have; each with the subcommands it takes. */
const ELSEWHERE: Record<string, RegExp> = {
  asdf: /^(install|set) golang /,
  mise: /^use (-g )?go@/,
  goenv: /^(install|global|local) /,
  gvm: /^(install|use) go/,
  sdk: /^(install|default|use) go /,
  snap: /^refresh go --channel=/,
  brew: /^(upgrade|install) go/,
  scoop: /^update go/,
  winget: /^install --id GoLang\.Go /,
  installer: /^-pkg /,
  'xcode-select': /^--install/,
  wsl: /^(--terminate|--set-version|--shutdown|-d) /,
  code: /^/,
};

/** The simple commands of a sh command line (split at && || ; |), each as its words after assignments and sudo. */
function simpleCommands(text: string): string[][] {
  return text
    .split(/&&|\|\||;|\|/)
    .map((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((w) => w !== ''),
    )
    .map((words) => {
      let i = 0;
      while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || words[i] === 'sudo')) i++;
      return words.slice(i);
    })
    .filter((w) => w.length > 0);
}

function assertCommandsSound(f: JsonFinding, env: NodeJS.ProcessEnv): void {
  const fixes = f.fixes as unknown as Fix[];
  for (const fix of fixes) {
    const lines: string[] =
      fix.kind === 'run-command'
        ? [commandLine(fix.command, fix.args, 'sh')]
        : fix.kind === 'instructions'
          ? (fix.commands ?? []).filter((c) => c.shell === 'sh').map((c) => c.text)
          : [];
    const wrappers = new Set<string>();
    for (const line of lines) {
      const parsed = spawnSync('sh', ['-n', '-c', line]);
      assert.equal(parsed.status, 0, `${f.id}/${fix.id}: "${line}" does not parse in sh: ${parsed.stderr}`);
      for (const words of simpleCommands(line)) {
        const [program, ...args] = words;
        const rest = args.join(' ');
        const dl = /^golang\.org\/dl\/(go[\d.]+(?:rc\d+)?)@/.exec(args[1] ?? '');
        if (dl && args[0] === 'install') wrappers.add(dl[1]!);
        if (['cd', 'export', 'unset', 'echo', 'grep', 'ls', 'curl', 'tar', 'rm', 'mkdir', 'chown', 'cp', 'id'].includes(program!)) {
          if (program !== 'cd' && program !== 'export' && program !== 'unset' && program !== 'echo')
            assert.ok(spawnSync('sh', ['-c', `command -v ${program}`], { env }).status === 0, `${program} exists`);
          continue;
        }
        if (wrappers.has(program!)) continue;
        if (ELSEWHERE[program!]) {
          assert.match(rest, ELSEWHERE[program!]!, `${f.id}/${fix.id}: ${program} ${rest} is not a ${program} command`);
          continue;
        }
        if (program === 'apt-get') {
          const pkg = args[args.length - 1]!;
          const shown = spawnSync('apt-cache', ['show', pkg]);
          if (shown.status === 0 || shown.stderr.toString().includes('No packages found'))
            assert.equal(shown.status, 0, `${f.id}/${fix.id}: no Debian package ${pkg}`);
          continue;
        }
        const found = program!.includes('/')
          ? spawnSync('test', ['-x', program!]).status === 0
          : spawnSync('sh', ['-c', `command -v ${program}`], { env }).status === 0;
        assert.ok(found, `${f.id}/${fix.id}: "${line}" names ${program}, which does not exist here`);
        if (/\/go$|^go$/.test(program!) && args[0] === 'install') {
          const target = args.find((a) => a.includes('@'))!;
          const modulePath = target.startsWith('golang.org/dl/') ? 'golang.org/dl' : target.split('@')[0]!.replace(/\/cmd\/[^/]+$/, '');
          const listed = spawnSync(REAL_GO, ['list', '-m', '-versions', modulePath], {
            env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
            cwd: path.dirname(REAL_GO),
          });
          const said = listed.stderr.toString();
          // Unreachable proxies prove nothing either way; a module the proxy does not know is a broken fix.
          if (!/dial|timeout|no such host|connection refused/i.test(said))
            assert.equal(listed.status, 0, `${f.id}/${fix.id}: the module of ${target} does not exist: ${said}`);
          const version = target.split('@')[1]!;
          if (listed.status === 0 && version !== 'latest' && !target.startsWith('golang.org/dl/')) {
            // A named release must build with the go that runs the command: its go line at most that go.
            const info = spawnSync(REAL_GO, ['list', '-m', '-json', `${modulePath}@${version}`], {
              env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
              cwd: path.dirname(REAL_GO),
            });
            assert.equal(info.status, 0, `${f.id}/${fix.id}: ${modulePath}@${version} is not served: ${info.stderr}`);
            const needs = (JSON.parse(info.stdout.toString()) as { GoVersion?: string }).GoVersion ?? '1.0';
            const builder = (fix.kind === 'run-command' && /^go([\d.]+)/.exec(fix.env?.GOTOOLCHAIN ?? '')?.[1]) || REAL_VERSION;
            assert.ok(
              compareGoVersionStrings(needs, builder) <= 0,
              `${f.id}/${fix.id}: ${modulePath}@${version} needs go ${needs}, but go${builder} runs the command`,
            );
          }
        }
      }
    }
    if (fix.kind === 'instructions')
      for (const c of (fix.commands ?? []).filter((x) => x.shell === 'powershell')) assertPowerShellBalanced(c.text, `${f.id}/${fix.id}`);
  }
}

/**
 * No PowerShell parser is available on this machine (none ships through npm): PowerShell commands are checked for
 * balanced quotes, parentheses and braces only; the unit suite checks their shape per check.
 */
function assertPowerShellBalanced(text: string, where: string): void {
  let quote: string | undefined;
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i + 1] === quote && quote === "'") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('({['.includes(c)) stack.push(c);
    else if (')}]'.includes(c)) assert.equal(stack.pop(), { ')': '(', '}': '{', ']': '[' }[c], `${where}: unbalanced ${c} in ${text}`);
  }
  assert.equal(quote, undefined, `${where}: unterminated string in ${text}`);
  assert.deepEqual(stack, [], `${where}: unclosed ${stack.join('')} in ${text}`);
}
