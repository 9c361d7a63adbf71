// Builds Facts for check tests: a healthy Linux baseline (go1.26.8 in /usr/local/go, one module) that each test bends.
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import type { BinaryInfo, EnvValue, Facts, GoModFile, GoWorkFile, ToolInfo, ValueSource } from '../../../src/core/facts';
import type { Finding, Fix } from '../../../src/core/report';
import { worldReleases } from './releaseWorld';

export const GO_PATH = '/usr/local/go/bin/go';
export const HOME = '/home/dev';
export const MOD_DIR = '/work/app';
export const GOENV_FILE = `${HOME}/.config/go/env`;

function tool(name: string, moduleVersion: string, modulePath: string, packagePath: string, goVersion = 'go1.26.8'): ToolInfo {
  const copy: BinaryInfo = {
    path: `${HOME}/go/bin/${name}`,
    realPath: `${HOME}/go/bin/${name}`,
    pathIndex: 5,
    goVersion,
    modulePath,
    moduleVersion,
    packagePath,
  };
  return { name, installDirCopy: copy, pathCopies: [{ ...copy }] };
}

/** A module file with a `module` line 1 and a `go` line 3 (`go 1.22`; null for none), requiring one module at line 5. */
export function moduleFile(dir = MOD_DIR, goLine: string | null = '1.22', extra: Partial<GoModFile> = {}): GoModFile {
  return {
    file: `${dir}/go.mod`,
    dir,
    module: { value: 'example.com/app', line: 1, column: 8, endColumn: 23 },
    go: goLine === null ? undefined : { value: goLine, line: 3, column: 4, endColumn: 4 + goLine.length },
    requires: [{ path: 'golang.org/x/text', version: 'v0.20.0', line: 5, indirect: false }],
    replaces: [],
    errors: [],
    hasGoSum: true,
    hasVendorModulesTxt: false,
    ...extra,
  };
}

export function workFile(dir: string, goLine: string, uses: string[]): GoWorkFile {
  return {
    file: `${dir}/go.work`,
    dir,
    go: { value: goLine, line: 1, column: 4, endColumn: 4 + goLine.length },
    uses: uses.map((u, i) => ({
      path: u,
      absPath: `${dir}/${u.replace(/^\.\//, '')}`,
      line: 4 + i,
      column: 2,
      endColumn: 2 + u.length,
      hasGoMod: true,
    })),
    replaces: [],
    errors: [],
  };
}

function ev(name: string, value: string, source: ValueSource): EnvValue {
  return { name, value, source };
}

/** A healthy Linux machine: one go1.26.8, sane env with sources, gopls and dlv installed, one module with go 1.22. */
export function healthyFacts(): Facts {
  const go = {
    path: GO_PATH,
    realPath: GO_PATH,
    pathIndex: 4,
    goVersion: 'go1.26.8',
    goroot: '/usr/local/go',
    gorootLooksValid: true,
  };
  const pathDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/bin', '/usr/local/go/bin', `${HOME}/go/bin`];
  const env: Record<string, EnvValue> = {
    GOROOT: ev('GOROOT', '/usr/local/go', 'default'),
    GOPATH: ev('GOPATH', `${HOME}/go`, 'default'),
    GOBIN: ev('GOBIN', '', 'default'),
    GOTOOLCHAIN: { ...ev('GOTOOLCHAIN', 'auto', 'goroot-go.env'), gorootFileValue: 'auto' },
    GOPROXY: { ...ev('GOPROXY', 'https://proxy.golang.org,direct', 'goroot-go.env'), gorootFileValue: 'https://proxy.golang.org,direct' },
    GOSUMDB: { ...ev('GOSUMDB', 'sum.golang.org', 'goroot-go.env'), gorootFileValue: 'sum.golang.org' },
    GONOSUMDB: ev('GONOSUMDB', '', 'default'),
    GOPRIVATE: ev('GOPRIVATE', '', 'default'),
    GOINSECURE: ev('GOINSECURE', '', 'default'),
    GOFLAGS: ev('GOFLAGS', '', 'default'),
    GO111MODULE: ev('GO111MODULE', '', 'default'),
    GOCACHE: ev('GOCACHE', `${HOME}/.cache/go-build`, 'default'),
    GOMODCACHE: ev('GOMODCACHE', `${HOME}/go/pkg/mod`, 'default'),
    GOOS: ev('GOOS', 'linux', 'default'),
    GOARCH: ev('GOARCH', 'amd64', 'default'),
    CGO_ENABLED: ev('CGO_ENABLED', '1', 'default'),
    CC: ev('CC', 'gcc', 'default'),
    GOWORK: ev('GOWORK', '', 'default'),
  };
  const vars: Record<string, string> = Object.fromEntries(Object.values(env).map((e) => [e.name, e.value]));
  vars.GOHOSTOS = 'linux';
  vars.GOHOSTARCH = 'amd64';
  vars.GOVERSION = 'go1.26.8';
  return {
    host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: MOD_DIR, homedir: HOME },
    context: { debuggingSetUp: false },
    path: pathDirs.map((raw, index) => ({ index, raw, kind: 'absolute', exists: true, worldWritable: false })),
    goInstallations: [{ ...go }],
    activeGo: go,
    goEnv: { vars },
    env,
    goenvFile: { path: GOENV_FILE, exists: false, vars: {}, lines: {} },
    gorootEnvFile: {
      path: '/usr/local/go/go.env',
      exists: true,
      vars: { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org', GOTOOLCHAIN: 'auto' },
      lines: { GOPROXY: 7, GOSUMDB: 8, GOTOOLCHAIN: 12 },
    },
    dirs: {
      GOCACHE: { path: `${HOME}/.cache/go-build`, exists: true, writable: true },
      GOMODCACHE: { path: `${HOME}/go/pkg/mod`, exists: true, writable: true },
      installDir: { path: `${HOME}/go/bin`, exists: true, writable: true },
    },
    tools: [
      tool('gopls', 'v0.21.0', 'golang.org/x/tools/gopls', 'golang.org/x/tools/gopls'),
      tool('dlv', 'v1.26.0', 'github.com/go-delve/delve', 'github.com/go-delve/delve/cmd/dlv'),
    ],
    cc: { value: 'gcc', resolvedPath: '/usr/bin/gcc' },
    workspaceFolders: [MOD_DIR],
    modules: [moduleFile()],
    works: [],
    ci: [],
    pathToolchains: [],
    goCandidates: [],
    goroot: { path: '/usr/local/go', exists: true, hasGoBinary: true, hasSrcRuntime: true, realPath: '/usr/local/go', version: 'go1.26.8' },
    releases: worldReleases(),
    timingsMs: {},
  };
}

/**
 * Sets a variable the way the probes report it. `os` sets the OS value; `goenv-file` writes it to the
 * go env file at `line` (the OS value, if any, is kept and wins).
 */
export function setEnv(facts: Facts, name: string, value: string, source: ValueSource, line = 1): Facts {
  const prev = facts.env[name];
  const next: EnvValue = { ...(prev ?? { name, value, source }), name };
  if (source === 'os') {
    next.osValue = value;
    next.value = value;
    next.source = 'os';
  } else if (source === 'goenv-file') {
    next.fileValue = value;
    facts.goenvFile = facts.goenvFile ?? { path: GOENV_FILE, exists: true, vars: {}, lines: {} };
    facts.goenvFile.exists = true;
    facts.goenvFile.vars[name] = value;
    facts.goenvFile.lines[name] = line;
    if (next.osValue === undefined || next.osValue === '') {
      next.value = value;
      next.source = 'goenv-file';
    }
  } else {
    next.value = value;
    next.source = source;
  }
  facts.env[name] = next;
  facts.goEnv.vars[name] = next.value;
  return facts;
}

/** The healthy baseline as a Windows machine (go in C:\Program Files\Go). */
export function windowsFacts(): Facts {
  const f = healthyFacts();
  const goPath = 'C:\\Program Files\\Go\\bin\\go.exe';
  const go = {
    path: goPath,
    realPath: goPath,
    pathIndex: 1,
    goVersion: 'go1.26.8',
    goroot: 'C:\\Program Files\\Go',
    gorootLooksValid: true,
  };
  f.host = { platform: 'win32', arch: 'x64', isWsl: false, cwd: 'C:\\src\\app', homedir: 'C:\\Users\\dev', userProfile: 'C:\\Users\\dev' };
  f.path = ['C:\\Windows\\system32', 'C:\\Program Files\\Go\\bin', 'C:\\Users\\dev\\go\\bin'].map((raw, index) => ({
    index,
    raw,
    kind: 'absolute',
    exists: true,
    worldWritable: false,
  }));
  f.goInstallations = [{ ...go }];
  f.activeGo = go;
  f.goroot = {
    path: 'C:\\Program Files\\Go',
    exists: true,
    hasGoBinary: true,
    hasSrcRuntime: true,
    realPath: 'C:\\Program Files\\Go',
    version: 'go1.26.8',
  };
  setEnv(f, 'GOROOT', 'C:\\Program Files\\Go', 'default');
  setEnv(f, 'GOPATH', 'C:\\Users\\dev\\go', 'default');
  f.goEnv.vars.GOHOSTOS = 'windows';
  setEnv(f, 'GOOS', 'windows', 'default');
  // Without gcc on PATH the go command turns cgo off on Windows.
  setEnv(f, 'CGO_ENABLED', '0', 'default');
  f.cc = { value: 'gcc' };
  f.dirs.installDir = { path: 'C:\\Users\\dev\\go\\bin', exists: true, writable: true };
  for (const t of f.tools) {
    const copy = {
      ...t.installDirCopy!,
      path: `C:\\Users\\dev\\go\\bin\\${t.name}.exe`,
      realPath: `C:\\Users\\dev\\go\\bin\\${t.name}.exe`,
      pathIndex: 2,
    };
    t.installDirCopy = copy;
    t.pathCopies = [{ ...copy }];
  }
  f.modules = [moduleFile('C:\\src\\app')];
  f.workspaceFolders = ['C:\\src\\app'];
  return f;
}

/** The healthy baseline inside a WSL2 distro with the default /mnt/ automount root. */
export function wslFacts(): Facts {
  const f = healthyFacts();
  f.host.isWsl = true;
  f.wsl = { distro: 'Ubuntu', automountRoot: '/mnt/' };
  return f;
}

/** Runs one check through the runner (host filter included); fails the test if the check threw. */
export function findingsOf(facts: Facts, id: string): Finding[] {
  const all = runChecks(facts, { only: [id] });
  const crashed = all.find((f) => f.id === 'internal-error');
  assert.equal(crashed, undefined, crashed?.detail);
  return all.filter((f) => f.id === id);
}

/** Exactly one finding of the check; returns it. */
export function one(facts: Facts, id: string): Finding {
  const found = findingsOf(facts, id);
  assert.equal(found.length, 1, `expected one ${id} finding, got ${found.length}: ${found.map((f) => f.title).join(' / ')}`);
  return found[0];
}

export function quiet(facts: Facts, id: string): void {
  const found = findingsOf(facts, id);
  assert.deepEqual(
    found.map((f) => f.title),
    [],
    `expected no ${id} finding`,
  );
}

/** The fix of a kind (the first), failing when there is none. */
export function fixOf<K extends Fix['kind']>(f: Finding, kind: K): Extract<Fix, { kind: K }> {
  const fix = f.fixes.find((x) => x.kind === kind);
  assert.ok(fix, `${f.id}: expected a ${kind} fix, got ${f.fixes.map((x) => x.kind).join(', ') || 'none'}`);
  return fix as Extract<Fix, { kind: K }>;
}

/** Fix ids must be unique within a finding. */
export function assertFixIdsUnique(f: Finding): void {
  const ids = f.fixes.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, `${f.id}: duplicate fix ids ${ids.join(', ')}`);
}
