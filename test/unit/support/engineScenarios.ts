// Healthy fake Linux, Windows and WSL machines for whole-engine tests, and one bad setup per check id on top of them.
import * as path from 'node:path';
import type { Severity } from '../../../src/core/report';
import { goEnvFilePath, parseEnvFile } from '../../../src/core/probe/goEnv';
import { fakeHostWithGo, type FakeHost } from './fakeHost';
import { toolchainListBody, WORLD_VERSIONS } from './releaseWorld';
import { DEFENDER_NOT_ELEVATED, installFakePowerShell, installFakeWsl, probeOutput, wslList } from './windowsFakes';

export type MachineKind = 'linux' | 'windows' | 'wsl';

/** Where each healthy machine keeps things, so scenarios name paths without repeating them. */
export interface Machine {
  kind: MachineKind;
  host: FakeHost;
  goRoot: string;
  home: string;
  /** The go-install directory (GOPATH/bin by default), on PATH, holding gopls and dlv. */
  installDir: string;
  /** The module judged (workspace folder and cwd). */
  modDir: string;
  goMod: string;
  /** The user's go env file (`go env -w` writes here). */
  goEnvFile: string;
  gocache: string;
  gomodcache: string;
  sep: ';' | ':';
  join(...parts: string[]): string;
  /** Replaces PATH (the variable's own name on Windows is `Path`). */
  setPath(entries: string[]): void;
  pathEntries(): string[];
}

export const HEALTHY_GO = '1.26.8';

/** go.mod of the healthy module: `module` line 1, `go 1.22` line 3 (value at column 4), one require on line 5. */
export const HEALTHY_GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.20.0\n';
const GO_SUM = 'golang.org/x/text v0.20.0 h1:fake=\ngolang.org/x/text v0.20.0/go.mod h1:fake=\n';

const GOPLS = { path: 'golang.org/x/tools/gopls', mod: { path: 'golang.org/x/tools/gopls', version: 'v0.21.0' } };
const DLV = { path: 'github.com/go-delve/delve/cmd/dlv', mod: { path: 'github.com/go-delve/delve', version: 'v1.26.0' } };

/** Installs gopls and dlv into `dir` as `go install` would, built with `goVersion`. */
export function installEditorTools(
  host: FakeHost,
  dir: string,
  goVersion = `go${HEALTHY_GO}`,
  versions: { gopls?: string; dlv?: string } = {},
): void {
  host.installTool(dir, 'gopls', { goVersion, path: GOPLS.path, mod: { ...GOPLS.mod, version: versions.gopls ?? GOPLS.mod.version } });
  host.installTool(dir, 'dlv', { goVersion, path: DLV.path, mod: { ...DLV.mod, version: versions.dlv ?? DLV.mod.version } });
}

/** The go env file's text with `lines` (KEY=VALUE each), the way `go env -w` leaves it. */
export function writeGoEnvFile(m: Machine, lines: string[]): void {
  m.host.writeFile(m.goEnvFile, lines.map((l) => `${l}\n`).join(''));
}

function machine(
  kind: MachineKind,
  host: FakeHost,
  parts: Omit<Machine, 'kind' | 'host' | 'sep' | 'join' | 'setPath' | 'pathEntries'>,
): Machine {
  const win = kind === 'windows';
  const p = win ? path.win32 : path.posix;
  const pathVar = win ? 'Path' : 'PATH';
  return {
    kind,
    host,
    ...parts,
    sep: win ? ';' : ':',
    join: (...xs) => p.join(...xs),
    setPath: (entries) => host.setEnv(pathVar, entries.join(win ? ';' : ':')),
    pathEntries: () => (host.env[pathVar] ?? '').split(win ? ';' : ':'),
  };
}

/**
 * A healthy Linux workstation: go1.26.8 in /usr/local/go (PATH), ~/go/bin on PATH with gopls v0.21.0 and
 * dlv v1.26.0 built by that go, gcc in /usr/bin, writable caches, and /work/app: go 1.22, one require, go.sum.
 */
export function healthyLinux(): Machine {
  const home = '/home/dev';
  const modDir = '/work/app';
  const host = withGoCgoDefault(
    fakeHostWithGo({ cwd: modDir, homedir: home, goVersion: HEALTHY_GO, env: { USER: 'dev', SHELL: '/bin/bash', LANG: 'C.UTF-8' } }),
  );
  host.writeFile('/usr/bin/gcc', { content: '\x7fELF gcc', mode: 0o755 });
  host.writeFile('/bin/sh', { content: '\x7fELF sh', mode: 0o755 });
  host.mkdir('/tmp', { mode: 0o1777 });
  const m = machine('linux', host, {
    goRoot: '/usr/local/go',
    home,
    installDir: `${home}/go/bin`,
    modDir,
    goMod: `${modDir}/go.mod`,
    goEnvFile: `${home}/.config/go/env`,
    gocache: `${home}/.cache/go-build`,
    gomodcache: `${home}/go/pkg/mod`,
  });
  finishHealthy(m);
  return m;
}

/**
 * A healthy Windows machine: the MSI's C:\Program Files\Go on the ';'-separated Path, go.exe, tools in
 * %USERPROFILE%\go\bin, caches under %LocalAppData% and the profile, no C compiler (so cgo is off), C:\src\app.
 */
export function healthyWindows(): Machine {
  const home = 'C:\\Users\\dev';
  const modDir = 'C:\\src\\app';
  const host = withGoCgoDefault(
    fakeHostWithGo({
      platform: 'win32',
      cwd: modDir,
      homedir: home,
      goVersion: HEALTHY_GO,
      env: { USERNAME: 'dev', ComSpec: 'C:\\Windows\\system32\\cmd.exe' },
    }),
  );
  host.writeFile('C:\\Windows\\System32\\cmd.exe', { content: 'MZ cmd' });
  const m = machine('windows', host, {
    goRoot: 'C:\\Program Files\\Go',
    home,
    installDir: `${home}\\go\\bin`,
    modDir,
    goMod: `${modDir}\\go.mod`,
    goEnvFile: `${home}\\AppData\\Roaming\\go\\env`,
    gocache: `${home}\\AppData\\Local\\go-build`,
    gomodcache: `${home}\\go\\pkg\\mod`,
  });
  finishHealthy(m);
  return m;
}

/**
 * A healthy WSL2 distro: the Linux machine above, plus WSL_DISTRO_NAME, /etc/wsl.conf, and Windows' PATH
 * appended by interop (/mnt/c/…, world-writable drvfs directories, after the Go directories).
 */
export function healthyWsl(): Machine {
  const home = '/home/dev';
  const modDir = '/home/dev/src/app';
  const host = withGoCgoDefault(
    fakeHostWithGo({
      cwd: modDir,
      homedir: home,
      isWsl: true,
      goVersion: HEALTHY_GO,
      env: { USER: 'dev', WSL_DISTRO_NAME: 'Ubuntu', WSL_INTEROP: '/run/WSL/1_interop' },
    }),
  );
  host.writeFile('/usr/bin/gcc', { content: '\x7fELF gcc', mode: 0o755 });
  host.writeFile('/etc/wsl.conf', '[boot]\nsystemd=true\n');
  const windowsDirs = ['/mnt/c/WINDOWS/system32', '/mnt/c/WINDOWS', '/mnt/c/Users/dev/AppData/Local/Microsoft/WindowsApps'];
  for (const d of windowsDirs) host.mkdir(d, { mode: 0o777 });
  host.writeFile('/mnt/c/WINDOWS/system32/cmd.exe', { content: 'MZ cmd', mode: 0o777 });
  const m = machine('wsl', host, {
    goRoot: '/usr/local/go',
    home,
    installDir: `${home}/go/bin`,
    modDir,
    goMod: `${modDir}/go.mod`,
    goEnvFile: `${home}/.config/go/env`,
    gocache: `${home}/.cache/go-build`,
    gomodcache: `${home}/go/pkg/mod`,
  });
  m.setPath([...m.pathEntries(), ...windowsDirs]);
  finishHealthy(m);
  return m;
}

export function healthy(kind: MachineKind): Machine {
  return kind === 'windows' ? healthyWindows() : kind === 'wsl' ? healthyWsl() : healthyLinux();
}

function finishHealthy(m: Machine): void {
  installEditorTools(m.host, m.installDir);
  m.host.mkdir(m.gocache);
  m.host.mkdir(m.gomodcache);
  m.host.writeFile(m.goMod, HEALTHY_GO_MOD);
  m.host.writeFile(m.join(m.modDir, 'go.sum'), GO_SUM);
  m.host.writeFile(m.join(m.modDir, 'main.go'), 'package main\n\nfunc main() {}\n');
}

/**
 * The go command's default for CGO_ENABLED, which the plain fake answers as '1' everywhere: when not set
 * (OS environment or go env file), cgo is off for a cross target and when `go env CC` is not found on PATH
 * (go1.20+); only then '1'. Wraps `go env` answers of the host so Windows without gcc reads '0' as it does.
 */
export function withGoCgoDefault(host: FakeHost): FakeHost {
  const inner = host.exec.bind(host);
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const win = host.platform === 'win32';
  const getIn = (env: Record<string, string | undefined>, name: string) =>
    win ? Object.entries(env).find(([k]) => k.toUpperCase() === name)?.[1] : env[name];
  host.exec = async (file, args, options) => {
    const result = await inner(file, args, options);
    if (args[0] !== 'env' || args[1] !== '-json' || !args.includes('CGO_ENABLED') || result.code !== 0) return result;
    let vars: Record<string, string>;
    try {
      vars = JSON.parse(result.stdout) as Record<string, string>;
    } catch {
      return result;
    }
    const env = options.env ?? host.env;
    const loc = goEnvFilePath({ platform: host.platform, env, homedir: host.homedir });
    const read = loc.path ? await host.fs.readFile(loc.path, 1024 * 1024) : undefined;
    const userFile = loc.path ? parseEnvFile(loc.path, read && 'text' in read ? read.text : undefined) : undefined;
    if (getIn(env, 'CGO_ENABLED') || userFile?.vars.CGO_ENABLED) return result;
    const cross =
      (vars.GOOS && vars.GOHOSTOS && vars.GOOS !== vars.GOHOSTOS) || (vars.GOARCH && vars.GOHOSTARCH && vars.GOARCH !== vars.GOHOSTARCH);
    const cc = (vars.CC ?? 'gcc').trim().split(/\s+/)[0];
    const names = win && !/\.exe$/i.test(cc) ? [`${cc}.exe`] : [cc];
    const dirs = p.isAbsolute(cc) ? [''] : (getIn(env, 'PATH') ?? '').split(win ? ';' : ':').filter((d) => p.isAbsolute(d));
    let found = false;
    for (const d of dirs) for (const n of names) if (!found && (await host.fs.isExecutable(d ? p.join(d, n) : n))) found = true;
    vars.CGO_ENABLED = !cross && found ? '1' : '0';
    return { ...result, stdout: JSON.stringify(vars, Object.keys(vars).sort(), '\t') + '\n' };
  };
  return host;
}

/** One bad setup: start from a healthy machine, change one thing, and the engine must report `id`. */
export interface Scenario {
  id: string;
  /** What was changed, as a user would describe their machine. */
  name: string;
  machine: MachineKind;
  setup(m: Machine): void;
  /** Options for runHealthCheck beyond the defaults. */
  options?: {
    debuggingSetUp?: boolean;
    configuredGoPath?: string;
    probeWsl?: boolean;
    debugDistro?: string;
    debugTransport?: 'stdio' | 'tcp';
    compareLoginShell?: boolean;
    vscodeGo?: { goroot?: string; alternateGo?: string; toolsEnvVars?: Record<string, string> };
    history?: boolean;
  };
  severity: Severity;
  /** Where the finding points, for findings located in a file (file relative to the machine, via a function). */
  location?: (m: Machine) => { file: string; line: number; column: number };
  /** Other ids the same change rightly produces (each justified where the scenario is written). */
  alsoExpected?: string[];
  /** Set when the engine cannot report this yet; the reason names the gap. */
  todo?: string;
}

const GO_125 = '1.25.4';

/** Every check id with the smallest change to a healthy machine that makes the engine report it. */
export const SCENARIOS: readonly Scenario[] = [
  // --- toolchain ---
  {
    id: 'go-missing',
    name: 'Go is installed in /usr/local/go but its bin directory is not on PATH',
    machine: 'linux',
    setup: (m) => m.setPath(m.pathEntries().filter((e) => e !== '/usr/local/go/bin')),
    severity: 'error',
  },
  {
    id: 'go-broken',
    name: 'every go command exits with an error, with none of the Go settings too (a partial installation)',
    machine: 'linux',
    setup: (m) =>
      void m.host.installGo(m.goRoot, {
        version: HEALTHY_GO,
        exitAll: { code: 2, stderr: 'go: cannot find GOROOT directory: /usr/local/go\n' },
      }),
    severity: 'error',
    // With go env failing, GOTOOLCHAIN falls back to what the sources say (auto, from $GOROOT/go.env), so nothing else fires.
  },
  {
    id: 'go-env-refused',
    name: 'GO111MODULE=bogus: go env stops, while the binary itself runs',
    machine: 'linux',
    setup: (m) => {
      m.host.setEnv('GO111MODULE', 'bogus');
      m.host.installGo(m.goRoot, {
        version: HEALTHY_GO,
        envExit: { code: 1, stderr: 'go: unknown environment setting GO111MODULE=bogus\n' },
      });
    },
    severity: 'error',
  },
  {
    id: 'go-broken',
    name: 'go hangs until the timeout',
    machine: 'linux',
    setup: (m) => void m.host.installGo(m.goRoot, { version: HEALTHY_GO, hang: true }),
    severity: 'error',
    // `go version -m` hangs too, so no tool's build Go is known: nothing can be said about the tools, and nothing is.
  },
  {
    id: 'go-shadowed',
    name: 'a second Go (go1.25.4 in /opt/go1.25) further down PATH',
    machine: 'linux',
    setup: (m) => {
      m.host.installGo('/opt/go1.25', GO_125);
      m.setPath([...m.pathEntries(), '/opt/go1.25/bin']);
    },
    severity: 'warning',
  },
  {
    id: 'go-shadowed',
    name: 'the same go1.26.8 reachable from two installations',
    machine: 'linux',
    setup: (m) => {
      m.host.installGo('/opt/go', HEALTHY_GO);
      m.setPath([...m.pathEntries(), '/opt/go/bin']);
    },
    severity: 'info',
  },
  {
    id: 'path-unsafe-entry',
    name: 'the world-writable /tmp before the Go directory on PATH',
    machine: 'linux',
    setup: (m) => m.setPath(['/tmp', ...m.pathEntries()]),
    severity: 'warning',
  },
  {
    id: 'path-unsafe-entry',
    name: 'an empty PATH entry (a stray leading ":") before the Go directory',
    machine: 'linux',
    setup: (m) => m.setPath(['', ...m.pathEntries()]),
    severity: 'warning',
  },
  {
    id: 'gobin-not-on-path',
    name: 'GOBIN points at ~/bin, which is not on PATH',
    machine: 'linux',
    setup: (m) => {
      m.host.setEnv('GOBIN', `${m.home}/bin`);
      installEditorTools(m.host, `${m.home}/bin`);
    },
    severity: 'warning',
    // The copies in ~/bin are the ones go install maintains, but ~/go/bin (older copies, same versions here) still runs:
    // tool-shadowed names each of them.
    alsoExpected: ['tool-shadowed', 'tool-shadowed'],
  },
  {
    id: 'gobin-not-on-path',
    name: '~/go/bin dropped from PATH (tools still there)',
    machine: 'windows',
    setup: (m) => m.setPath(m.pathEntries().filter((e) => e !== m.installDir)),
    severity: 'warning',
  },
  {
    id: 'tool-shadowed',
    name: 'an older gopls in /usr/local/bin, earlier on PATH than ~/go/bin',
    machine: 'linux',
    setup: (m) => {
      m.host.installTool('/usr/local/bin', 'gopls', {
        goVersion: `go${HEALTHY_GO}`,
        path: 'golang.org/x/tools/gopls',
        mod: { path: 'golang.org/x/tools/gopls', version: 'v0.16.2' },
      });
      m.setPath(['/usr/local/bin', ...m.pathEntries()]);
    },
    severity: 'warning',
  },
  {
    id: 'tool-missing',
    name: 'dlv was never installed',
    machine: 'linux',
    setup: (m) => m.host.remove(m.join(m.installDir, 'dlv')),
    severity: 'info',
  },
  {
    id: 'tool-missing',
    name: 'dlv missing while a Go launch configuration exists',
    machine: 'windows',
    setup: (m) => m.host.remove(m.join(m.installDir, 'dlv.exe')),
    options: { debuggingSetUp: true },
    severity: 'warning',
  },
  {
    id: 'tool-stale',
    name: 'gopls built with go1.21.13, the module says go 1.22',
    machine: 'linux',
    setup: (m) => installEditorTools(m.host, m.installDir, 'go1.21.13'),
    severity: 'warning',
    // Both tools were rebuilt with the old Go, so both are stale.
    alsoExpected: ['tool-stale'],
  },
  {
    id: 'dlv-go-incompatible',
    name: 'dlv v1.22.1 (supports Go 1.20-1.22) with go1.26.8',
    machine: 'linux',
    setup: (m) => installEditorTools(m.host, m.installDir, `go${HEALTHY_GO}`, { dlv: 'v1.22.1' }),
    severity: 'warning',
  },
  {
    id: 'go-outdated',
    name: 'the active Go is go1.25.4, two minors behind the newest known',
    machine: 'linux',
    setup: (m) => void m.host.installGo(m.goRoot, GO_125),
    severity: 'info',
    // go1.25.4 also misses go1.25.5 to go1.25.14, the patches of its own minor.
    alsoExpected: ['go-patch-behind'],
  },

  // --- paths ---
  {
    id: 'goroot-mismatch',
    name: 'go env -w GOROOT=/opt/go1.25 (another installation) while /usr/local/go/bin/go runs',
    machine: 'linux',
    setup: (m) => {
      m.host.installGo('/opt/go1.25', GO_125);
      writeGoEnvFile(m, ['GOROOT=/opt/go1.25']);
    },
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'goroot-invalid',
    name: 'GOROOT in the OS environment names a removed installation',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOROOT', '/usr/lib/go-1.19'),
    severity: 'error',
  },
  {
    id: 'goroot-invalid',
    name: "the installation lost its src/runtime (go's own GOROOT incomplete)",
    machine: 'linux',
    setup: (m) => m.host.remove('/usr/local/go/src/runtime'),
    severity: 'error',
  },
  {
    id: 'gopath-is-goroot',
    name: 'go env -w GOPATH=/usr/local/go',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOPATH=/usr/local/go']),
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'gopath-invalid',
    name: 'go env -w GOPATH=go (relative), written after another setting',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOPRIVATE=git.corp.example', 'GOPATH=go']),
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 2, column: 1 }),
  },
  {
    id: 'goroot-in-user-profile',
    name: 'Go unpacked into %USERPROFILE%\\sdk\\go and put on Path',
    machine: 'windows',
    setup: (m) => {
      m.host.remove(m.goRoot);
      m.host.installGo(`${m.home}\\sdk\\go`, HEALTHY_GO);
      m.setPath(m.pathEntries().map((e) => (e === `${m.goRoot}\\bin` ? `${m.home}\\sdk\\go\\bin` : e)));
    },
    severity: 'info',
  },
  {
    id: 'path-has-spaces',
    name: 'GOCACHE set to a directory with a space, cgo on (gcc present)',
    machine: 'linux',
    setup: (m) => {
      m.host.setEnv('GOCACHE', `${m.home}/.cache/go build`);
      m.host.mkdir(`${m.home}/.cache/go build`);
    },
    severity: 'info',
  },
  {
    id: 'path-has-spaces',
    name: 'MinGW gcc on Path turns cgo on with Go in C:\\Program Files\\Go',
    machine: 'windows',
    setup: (m) => {
      m.host.writeFile('C:\\msys64\\ucrt64\\bin\\gcc.exe', { content: 'MZ gcc' });
      m.setPath([...m.pathEntries(), 'C:\\msys64\\ucrt64\\bin']);
    },
    severity: 'info',
  },

  // --- modules ---
  {
    id: 'gomod-go-newer',
    name: 'go.mod says go 1.27.1 and GOTOOLCHAIN=local',
    machine: 'linux',
    setup: (m) => {
      m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22', 'go 1.27.1'));
      m.host.setEnv('GOTOOLCHAIN', 'local');
    },
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 3, column: 4 }),
    // gopls and dlv were built with go1.26.8 and cannot understand a go 1.27.1 module.
    alsoExpected: ['tool-stale', 'tool-stale'],
  },
  {
    id: 'gomod-go-newer',
    name: 'GOTOOLCHAIN=path and no go1.27.1 on PATH',
    machine: 'windows',
    setup: (m) => {
      m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22', 'go 1.27.1'));
      writeGoEnvFile(m, ['GOTOOLCHAIN=path']);
    },
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 3, column: 4 }),
    alsoExpected: ['tool-stale', 'tool-stale'],
  },
  {
    id: 'toolchain-switch',
    name: 'go.mod adds "toolchain go1.27.1" (newer than the installed go1.26.8)',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22\n', 'go 1.22\n\ntoolchain go1.27.1\n')),
    severity: 'info',
    location: (m) => ({ file: m.goMod, line: 5, column: 11 }),
  },
  {
    id: 'toolchain-download-blocked',
    name: 'the toolchain line needs a download and GOPROXY=off',
    machine: 'linux',
    setup: (m) => {
      m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22\n', 'go 1.22\n\ntoolchain go1.27.1\n'));
      m.host.setEnv('GOPROXY', 'off');
    },
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 5, column: 11 }),
    // GOPROXY=off is itself the cause; goproxy-off reports the variable. The proxy cannot be asked, so the built-in
    // list judges the machine's go1.26.8, which misses go1.26.9 to go1.26.11.
    alsoExpected: ['goproxy-off', 'go-patch-behind'],
  },
  {
    id: 'toolchain-unavailable',
    name: 'go.mod says go 1.99.0, a release that does not exist',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22\n', 'go 1.99.0\n')),
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 3, column: 4 }),
  },
  {
    id: 'go-patch-behind',
    name: 'the proxy lists go1.26.9, newer than the installed go1.26.8',
    machine: 'linux',
    setup: (m) =>
      m.host.setHttp((url) =>
        url.endsWith('/golang.org/toolchain/@v/list')
          ? { status: 200, body: toolchainListBody([...WORLD_VERSIONS, '1.26.9']) }
          : { status: 404, body: '' },
      ),
    severity: 'warning',
  },
  {
    id: 'toolchain-redundant',
    name: 'go.mod says "toolchain go1.21.0" under go 1.22',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22\n', 'go 1.22\n\ntoolchain go1.21.0\n')),
    severity: 'info',
    location: (m) => ({ file: m.goMod, line: 5, column: 11 }),
  },
  {
    id: 'gomod-invalid',
    name: 'a require line without a version',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('golang.org/x/text v0.20.0', 'golang.org/x/text')),
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 5, column: 1 }),
  },
  {
    id: 'gowork-invalid',
    name: 'go.work with an unknown directive',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.join(m.modDir, 'go.work'), 'go 1.22\n\nuse .\n\nusee ./tools\n'),
    severity: 'error',
    location: (m) => ({ file: m.join(m.modDir, 'go.work'), line: 5, column: 1 }),
  },
  {
    id: 'gomod-go-missing',
    name: 'go.mod without a go line',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, HEALTHY_GO_MOD.replace('go 1.22\n', '')),
    severity: 'info',
    location: (m) => ({ file: m.goMod, line: 1, column: 8 }),
  },
  {
    id: 'gowork-go-older',
    name: 'go.work says go 1.21 for a module that says go 1.22',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.join(m.modDir, 'go.work'), 'go 1.21\n\nuse .\n'),
    severity: 'error',
    location: (m) => ({ file: m.join(m.modDir, 'go.work'), line: 1, column: 4 }),
  },
  {
    id: 'gowork-module-missing',
    name: 'go.work uses ./tools, which has no go.mod',
    machine: 'linux',
    setup: (m) => {
      m.host.writeFile(m.join(m.modDir, 'go.work'), 'go 1.22\n\nuse (\n\t.\n\t./tools\n)\n');
      m.host.mkdir(m.join(m.modDir, 'tools'));
    },
    severity: 'error',
    location: (m) => ({ file: m.join(m.modDir, 'go.work'), line: 5, column: 2 }),
  },
  {
    id: 'replace-path-missing',
    name: 'replace example.com/lib => ../lib, a directory not checked out',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.goMod, `${HEALTHY_GO_MOD}\nreplace example.com/lib => ../lib\n`),
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 7, column: 28 }),
  },
  {
    id: 'replace-path-missing',
    name: 'replace target ..\\lib exists on Windows but has no go.mod',
    machine: 'windows',
    setup: (m) => {
      m.host.writeFile(m.goMod, `${HEALTHY_GO_MOD}\nreplace example.com/lib => ..\\lib\n`);
      m.host.writeFile('C:\\src\\lib\\lib.go', 'package lib\n');
    },
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 7, column: 28 }),
  },
  {
    id: 'gosum-missing',
    name: 'go.sum deleted',
    machine: 'linux',
    setup: (m) => m.host.remove(m.join(m.modDir, 'go.sum')),
    severity: 'warning',
    location: (m) => ({ file: m.goMod, line: 5, column: 1 }),
  },
  {
    id: 'vendor-missing',
    name: 'GOFLAGS=-mod=vendor without vendor/modules.txt',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOFLAGS', '-mod=vendor'),
    severity: 'error',
    location: (m) => ({ file: m.goMod, line: 1, column: 8 }),
  },
  {
    id: 'gomodule-off',
    name: 'go env -w GO111MODULE=off',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GO111MODULE=off']),
    severity: 'warning',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'gotoolchain-invalid',
    name: 'go env -w GOTOOLCHAIN=1.26.8 (the go prefix forgotten)',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOTOOLCHAIN=1.26.8']),
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },

  // --- network ---
  {
    id: 'goproxy-off',
    name: 'go env -w GOPROXY=off',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOPROXY=off']),
    severity: 'warning',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
    // The proxy cannot be asked, so the built-in list judges: it knows go1.26.9 to go1.26.11, which the machine's go1.26.8 misses.
    alsoExpected: ['go-patch-behind'],
  },
  {
    id: 'goproxy-insecure',
    name: 'GOPROXY=http://athens.corp.example,direct',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOPROXY', 'http://athens.corp.example,direct'),
    severity: 'warning',
    // The proxy cannot be asked, so the built-in list judges: it knows go1.26.9 to go1.26.11, which the machine's go1.26.8 misses.
    alsoExpected: ['go-patch-behind'],
  },
  {
    id: 'goproxy-invalid',
    name: 'go env -w GOPROXY=ftp://mirror.example',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOPROXY=ftp://mirror.example']),
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
    // The proxy cannot be asked, so the built-in list judges: it knows go1.26.9 to go1.26.11, which the machine's go1.26.8 misses.
    alsoExpected: ['go-patch-behind'],
  },
  {
    id: 'gosumdb-off',
    name: 'go env -w GOSUMDB=off',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOSUMDB=off']),
    severity: 'warning',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'gosumdb-off',
    name: 'GOPRIVATE=* in the Windows environment',
    machine: 'windows',
    setup: (m) => m.host.setEnv('GOPRIVATE', '*'),
    severity: 'warning',
    // The proxy cannot be asked, so the built-in list judges: it knows go1.26.9 to go1.26.11, which the machine's go1.26.8 misses.
    alsoExpected: ['go-patch-behind'],
  },
  {
    id: 'goinsecure-set',
    name: 'GOINSECURE=*.corp.example',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOINSECURE', '*.corp.example'),
    severity: 'warning',
  },
  {
    id: 'goflags-invalid',
    name: 'go env -w GOFLAGS=-mod=vender (a typo in the value)',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOFLAGS=-mod=vender']),
    severity: 'error',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'goflags-invalid',
    name: 'GOFLAGS=-tags integration (a value as a separate word)',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOFLAGS', '-tags integration'),
    severity: 'error',
    // Two bad entries, one finding each: "-tags" lacks its value and "integration" is not a flag.
    alsoExpected: ['goflags-invalid'],
  },
  {
    id: 'goflags-unknown',
    name: 'GOFLAGS=-trimpth (a typo in the flag name)',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOFLAGS', '-trimpth'),
    severity: 'error',
  },

  // --- caches ---
  {
    id: 'gocache-off',
    name: 'GOCACHE=off',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOCACHE', 'off'),
    severity: 'error',
  },
  {
    id: 'cache-unwritable',
    name: 'the build cache left root-owned by a sudo go build',
    machine: 'linux',
    setup: (m) => m.host.mkdir(m.gocache, { mode: 0o755, writable: false }),
    severity: 'error',
  },
  {
    id: 'cache-unwritable',
    name: 'GOMODCACHE in a directory that cannot be created',
    machine: 'windows',
    setup: (m) => {
      m.host.mkdir('D:\\', { writable: false });
      m.host.setEnv('GOMODCACHE', 'D:\\gomodcache');
    },
    severity: 'error',
  },
  {
    id: 'cache-on-slow-fs',
    name: 'go env -w GOMODCACHE=/mnt/c/Users/dev/go/pkg/mod in WSL',
    machine: 'wsl',
    setup: (m) => {
      m.host.mkdir('/mnt/c/Users/dev/go/pkg/mod', { mode: 0o777 });
      writeGoEnvFile(m, ['GOMODCACHE=/mnt/c/Users/dev/go/pkg/mod']);
    },
    severity: 'warning',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },

  // --- build ---
  {
    id: 'goos-goarch-invalid',
    name: 'GOARCH=amd46 (a typo) in the environment',
    machine: 'linux',
    setup: (m) => m.host.setEnv('GOARCH', 'amd46'),
    severity: 'error',
  },
  {
    id: 'cross-target-global',
    name: 'go env -w GOOS=windows on a Linux machine',
    machine: 'linux',
    setup: (m) => writeGoEnvFile(m, ['GOOS=windows']),
    severity: 'warning',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'cgo-no-compiler',
    name: 'CGO_ENABLED=1 set, gcc not installed',
    machine: 'linux',
    setup: (m) => {
      m.host.setEnv('CGO_ENABLED', '1');
      m.host.remove('/usr/bin/gcc');
    },
    severity: 'error',
  },
  {
    id: 'cgo-cross-compiler',
    name: 'GOARCH=arm64 and CGO_ENABLED=1 with the host gcc',
    machine: 'linux',
    setup: (m) => {
      m.host.setEnv('GOARCH', 'arm64');
      m.host.setEnv('CGO_ENABLED', '1');
    },
    severity: 'warning',
    // A global cross target is reported on its own as well.
    alsoExpected: ['cross-target-global'],
  },

  // --- consistency ---
  {
    id: 'env-override-conflict',
    name: 'go env -w GOPROXY=… on line 2, and another GOPROXY in the OS environment',
    machine: 'linux',
    setup: (m) => {
      writeGoEnvFile(m, ['GOPRIVATE=git.corp.example', 'GOPROXY=https://athens.corp.example,direct']);
      m.host.setEnv('GOPROXY', 'https://proxy.golang.org,direct');
    },
    severity: 'info',
    location: (m) => ({ file: m.goEnvFile, line: 2, column: 1 }),
  },
  {
    id: 'env-changed',
    name: 'the last check saw GOPRIVATE unset; now go env -w set it (line 1)',
    machine: 'linux',
    setup: (m) => {
      writeGoEnvFile(m, ['GOPRIVATE=git.corp.example']);
      m.host.writeFile(
        m.join(m.home, '.local', 'state', 'gohealth', 'env-history.json'),
        JSON.stringify({
          version: 1,
          states: [
            {
              firstSeen: '2026-01-01T09:00:00.000Z',
              lastSeen: '2026-01-02T09:00:00.000Z',
              go: { path: '/usr/local/go/bin/go', version: `go${HEALTHY_GO}` },
              vars: {
                GOPRIVATE: { value: '', source: 'default' },
                GOPROXY: { value: 'https://proxy.golang.org,direct', source: 'goroot-go.env' },
              },
            },
          ],
        }),
      );
    },
    options: { history: true },
    severity: 'info',
    location: (m) => ({ file: m.goEnvFile, line: 1, column: 1 }),
  },
  {
    id: 'ci-go-version-drift',
    name: 'GitHub Actions setup-go with go-version 1.21 for a go 1.22 module',
    machine: 'linux',
    setup: (m) =>
      m.host.writeFile(
        m.join(m.modDir, '.github', 'workflows', 'ci.yml'),
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.21'\n      - run: go test ./...\n",
      ),
    severity: 'warning',
    location: (m) => ({ file: m.join(m.modDir, '.github', 'workflows', 'ci.yml'), line: 10, column: 24 }),
  },
  {
    id: 'ci-go-version-drift',
    name: 'Dockerfile FROM golang:1.20-alpine for a go 1.22 module',
    machine: 'windows',
    setup: (m) => m.host.writeFile(m.join(m.modDir, 'Dockerfile'), '# build\nFROM golang:1.20-alpine AS build\nRUN go build ./...\n'),
    severity: 'warning',
    location: (m) => ({ file: m.join(m.modDir, 'Dockerfile'), line: 2, column: 6 }),
  },
  {
    id: 'go-pin-too-old',
    name: 'the dev container uses golang:1.21 for a go 1.22 module',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.join(m.modDir, '.devcontainer', 'devcontainer.json'), '{\n  "image": "golang:1.21-bookworm"\n}\n'),
    severity: 'warning',
    location: (m) => ({ file: m.join(m.modDir, '.devcontainer', 'devcontainer.json'), line: 2, column: 13 }),
  },
  {
    id: 'go-pins-disagree',
    name: 'the Dockerfile builds with golang:1.25 while the dev container uses golang:1.26',
    machine: 'windows',
    setup: (m) => {
      m.host.writeFile(m.join(m.modDir, 'Dockerfile'), 'FROM golang:1.25 AS build\nRUN go build ./...\n');
      m.host.writeFile(m.join(m.modDir, '.devcontainer.json'), '{ "image": "golang:1.26" }\n');
    },
    severity: 'warning',
    location: (m) => ({ file: m.join(m.modDir, 'Dockerfile'), line: 1, column: 6 }),
  },
  {
    id: 'go-pin-not-active',
    name: '.tool-versions says golang 1.25.0 but the shell runs go1.26.8 (asdf is not active)',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.join(m.modDir, '.tool-versions'), 'nodejs 20.1.0\ngolang 1.25.0\n'),
    severity: 'warning',
    location: (m) => ({ file: m.join(m.modDir, '.tool-versions'), line: 2, column: 8 }),
  },
  {
    id: 'policy-drift',
    name: 'the team policy requires -mod=readonly in GOFLAGS, which this machine does not set',
    machine: 'wsl',
    setup: (m) =>
      m.host.writeFile(m.join(m.modDir, '.gohealth.json'), '{\n  "env": {\n    "GOFLAGS": { "includes": ["-mod=readonly"] }\n  }\n}\n'),
    severity: 'error',
    location: (m) => ({ file: m.join(m.modDir, '.gohealth.json'), line: 3, column: 18 }),
  },
  {
    id: 'policy-invalid',
    name: 'the team policy has a Go range that cannot be read (>=1.26..1)',
    machine: 'linux',
    setup: (m) => m.host.writeFile(m.join(m.modDir, '.gohealth.json'), '{ "go": ">=1.26..1" }\n'),
    severity: 'error',
    location: (m) => ({ file: m.join(m.modDir, '.gohealth.json'), line: 1, column: 9 }),
  },
  {
    id: 'env-terminal-differs',
    name: 'the login shell (zsh) sets GOFLAGS=-mod=vendor that the editor process does not have',
    machine: 'linux',
    setup: (m) => {
      (m.host.env as Record<string, string>).SHELL = '/bin/zsh';
      m.host.writeFile('/bin/zsh', { content: '#!zsh', mode: 0o755 });
      const inner = m.host.exec.bind(m.host);
      m.host.exec = async (file, args, options) =>
        file === '/bin/zsh'
          ? {
              code: 0,
              stdout: `__GOHEALTH_LOGIN_SHELL__GOFLAGS=-mod=vendor\0go=${m.join(m.goRoot, 'bin', 'go')}\0`,
              stderr: '',
              timedOut: false,
              durationMs: 1,
            }
          : inner(file, args, options);
    },
    options: { compareLoginShell: true },
    severity: 'warning',
  },
  {
    id: 'vscode-go-differs',
    name: "VS Code Go's go.goroot names an older Go than the go on PATH",
    machine: 'linux',
    setup: () => undefined,
    options: { vscodeGo: { goroot: '/opt/go1.20' } },
    severity: 'warning',
  },
  {
    id: 'files-not-read',
    name: "a workflow file that is a link to the user's ~/.token, outside the workspace",
    machine: 'linux',
    setup: (m) => {
      m.host.writeFile(m.join(m.host.homedir, '.token'), 'setup-go ghp_secret\n');
      m.host.symlink(m.join(m.modDir, '.github', 'workflows', 'ci.yml'), m.join(m.host.homedir, '.token'));
    },
    severity: 'warning',
  },
  {
    id: 'files-not-read',
    name: 'a 300 KB Dockerfile',
    machine: 'windows',
    setup: (m) => m.host.writeFile(m.join(m.modDir, 'Dockerfile'), `FROM golang:1.22\n${'RUN true\n'.repeat(35_000)}`),
    severity: 'warning',
  },
  // --- caches (Windows: Defender) ---
  {
    id: 'defender-scanning-cache',
    name: 'Defender real-time protection on, exclusions hidden from a non-elevated user',
    machine: 'windows',
    setup: (m) => void installFakePowerShell(m.host, DEFENDER_NOT_ELEVATED),
    severity: 'info',
  },
  // --- wsl ---
  {
    id: 'wsl-windows-go',
    name: "Windows' Go directory (/mnt/c/Program Files/Go/bin, go.exe) before the Linux go on PATH",
    machine: 'wsl',
    setup: (m) => {
      m.host.writeFile('/mnt/c/Program Files/Go/bin/go.exe', { goBuild: { goVersion: 'go1.25.4', path: 'cmd/go' }, mode: 0o777 });
      m.host.writeFile('/mnt/c/Program Files/Go/src/runtime/runtime.go', 'package runtime\n');
      m.setPath(['/mnt/c/Program Files/Go/bin', ...m.pathEntries()]);
    },
    severity: 'warning',
  },
  {
    id: 'wsl-version-1',
    name: 'the distro runs as WSL 1 (kernel 4.4.0-19041-Microsoft)',
    machine: 'wsl',
    setup: (m) => m.host.writeFile('/proc/sys/kernel/osrelease', '4.4.0-19041-Microsoft\n'),
    severity: 'warning',
  },
  {
    id: 'wsl-version-1',
    name: 'wsl.exe lists a distro with VERSION 1',
    machine: 'windows',
    setup: (m) =>
      void installFakeWsl(m.host, { probes: { 'Ubuntu-24.04': probeOutput({ go: '/usr/local/go/bin/go', dlv: '/home/dev/go/bin/dlv' }) } }),
    options: { probeWsl: true },
    severity: 'warning',
  },
  {
    id: 'wsl-distro-no-bash',
    name: 'the default distro is an Alpine without bash (go and dlv are there)',
    machine: 'windows',
    setup: (m) =>
      void installFakeWsl(m.host, {
        list: wslList(['* Alpine    Running         2']),
        probes: { Alpine: probeOutput({ go: '/usr/lib/go/bin/go', dlv: '/root/go/bin/dlv', shell: 'sh', os: 'alpine' }) },
      }),
    options: { probeWsl: true },
    severity: 'warning',
  },
  {
    id: 'wsl-distro-no-go',
    name: 'the default distro has dlv but no go on its login-shell PATH',
    machine: 'windows',
    setup: (m) =>
      void installFakeWsl(m.host, {
        list: wslList(['* Ubuntu    Running         2']),
        probes: { Ubuntu: probeOutput({ dlv: '/usr/bin/dlv' }) },
      }),
    options: { probeWsl: true },
    severity: 'warning',
  },
  {
    id: 'wsl-distro-no-dlv',
    name: 'the distro chosen for debugging has go but no dlv',
    machine: 'windows',
    setup: (m) =>
      void installFakeWsl(m.host, {
        list: wslList(['* Ubuntu    Running         2', '  Debian    Stopped         2']),
        probes: { Debian: probeOutput({ go: '/usr/local/go/bin/go' }) },
      }),
    options: { probeWsl: true, debugDistro: 'Debian' },
    severity: 'warning',
  },
  {
    id: 'wsl-localhost-forwarding-off',
    name: '.wslconfig sets localhostForwarding=false and the debug bridge uses TCP',
    machine: 'windows',
    setup: (m) => {
      installFakeWsl(m.host);
      m.host.writeFile(m.join(m.home, '.wslconfig'), '[wsl2]\r\nlocalhostForwarding=false\r\n');
    },
    options: { debugTransport: 'tcp' },
    severity: 'warning',
    location: (m) => ({ file: m.join(m.home, '.wslconfig'), line: 2, column: 1 }),
  },
  {
    id: 'windows-go-virtualstore',
    name: 'a 32-bit installer left Go files in %LOCALAPPDATA%\\VirtualStore\\Program Files\\Go',
    machine: 'windows',
    setup: (m) =>
      m.host.writeFile(m.join(m.home, 'AppData', 'Local', 'VirtualStore', 'Program Files', 'Go', 'bin', 'go.exe'), { content: 'MZ go' }),
    severity: 'info',
  },
];

/** Runs every spawn of `shim` as `target`, as a wrapper script or a dispatching binary does. */
export function forwardExec(host: FakeHost, shim: string, target: string): void {
  const inner = host.exec.bind(host);
  host.exec = (file, args, options) => inner(file === shim ? target : file, args, options);
}

/** Go 1.26.8 reached through an asdf-style shell shim first on PATH (the shim execs the real go). */
export function asdfShimGo(m: Machine): string {
  const shim = `${m.home}/.asdf/shims/go`;
  const root = `${m.home}/.asdf/installs/golang/1.26.8/go`;
  m.host.remove(m.goRoot);
  m.host.installGo(root, HEALTHY_GO);
  m.host.writeFile(shim, { content: '#!/usr/bin/env bash\nexec /home/dev/.asdf/bin/asdf exec "go" "$@"\n', mode: 0o755 });
  m.setPath([`${m.home}/.asdf/shims`, ...m.pathEntries().filter((e) => e !== `${m.goRoot}/bin`)]);
  forwardExec(m.host, shim, `${root}/bin/go`);
  return root;
}

/** Go 1.26.8 from the snap store: /snap/bin/go is a link to /usr/bin/snap (a Go program built with go1.21.13). */
export function snapGo(m: Machine): string {
  const root = '/snap/go/10900';
  m.host.remove(m.goRoot);
  m.host.installGo(root, HEALTHY_GO);
  m.host.symlink('/snap/go/current', '10900');
  m.host.writeFile('/usr/bin/snap', {
    goBuild: {
      goVersion: 'go1.21.13',
      path: 'github.com/snapcore/snapd/cmd/snap',
      mod: { path: 'github.com/snapcore/snapd', version: '(devel)' },
    },
  });
  m.host.symlink('/snap/bin/go', '/usr/bin/snap');
  m.setPath(['/snap/bin', ...m.pathEntries().filter((e) => e !== `${m.goRoot}/bin`)]);
  forwardExec(m.host, '/snap/bin/go', '/snap/go/current/bin/go');
  return root;
}
