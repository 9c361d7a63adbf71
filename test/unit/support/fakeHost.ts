// An in-memory Host for unit tests: file system, env, platform (Linux, macOS, Windows, WSL) and scripted processes, including a fake `go`.
import * as path from 'node:path';
import type { FileStat, Host, HttpGetResult, Platform } from '../../../src/core/host';
import type { ExecOptions, ExecResult } from '../../../src/platform/exec';
import { toolchainListBody } from './releaseWorld';
import { goEnvFilePath, parseEnvFile, userCacheDir } from '../../../src/core/probe/goEnv';
import { parseModText } from '../../../src/core/probe/modfile';

/** Build info a fake binary carries, as `go version -m` would print it. */
export interface FakeGoBuild {
  goVersion: string;
  /** Main package path (`path` line), e.g. golang.org/x/tools/gopls. */
  path?: string;
  /** Main module (`mod` line). */
  mod?: { path: string; version: string };
}

export interface FakeFileSpec {
  content?: string;
  /** POSIX mode bits; 0o644 by default, 0o755 when goBuild is given. */
  mode?: number;
  mtimeMs?: number;
  goBuild?: FakeGoBuild;
  /** Exists, but reading it fails (permission denied). */
  unreadable?: boolean;
  /** A FIFO or device: not a regular file (a real open for reading would block). */
  special?: boolean;
}

export interface FakeDirSpec {
  path: string;
  mode?: number;
  /** false: the current user may not create files in it. */
  writable?: boolean;
}

export interface FakeExecCall {
  file: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs: number;
}

/** Script for a process: return a (partial) result to answer, or undefined to fall through to the built-in behaviour. */
export type FakeExecHandler = (
  call: FakeExecCall,
  host: FakeHost,
) => Partial<ExecResult> | undefined | Promise<Partial<ExecResult> | undefined>;

export interface FakeHostSpec {
  platform?: Platform;
  arch?: string;
  isWsl?: boolean;
  env?: Record<string, string | undefined>;
  cwd?: string;
  homedir?: string;
  files?: Record<string, string | FakeFileSpec>;
  dirs?: (string | FakeDirSpec)[];
  /** link path -> target (absolute, or relative to the link's directory). */
  symlinks?: Record<string, string>;
  exec?: FakeExecHandler;
  /**
   * Answers HTTP GETs (the module proxy): a function, or false for a host without the network. By default the
   * Go proxy's golang.org/toolchain list of the test world, answered at once; other URLs 404.
   */
  http?: false | ((url: string) => HttpGetResult | Promise<HttpGetResult>);
  /** Paths the host reports as on a local disk (fs.isLocal): true for all; absent, none, as on a network share. */
  localDisk?: boolean | ((file: string) => boolean);
}

export interface FakeGoOptions {
  /** e.g. `1.26.8` or `go1.26.8`. */
  version: string;
  /** $GOROOT/go.env text; the default sets GOPROXY, GOSUMDB and GOTOOLCHAIN=auto like a release does. */
  goEnv?: string;
  /** Do not create src/runtime (a lone binary, not an installation). */
  noRuntime?: boolean;
  /** Every run of this go hangs until the caller's timeout (reported as timed out). */
  hang?: boolean;
  /** `go env` prints this instead of JSON. */
  envGarbage?: string;
  /** Every run of this go exits with this code and stderr (a binary that itself cannot run). */
  exitAll?: { code: number; stderr: string };
  /** `go env` exits with this code and stderr. */
  envExit?: { code: number; stderr: string };
  /** Answers `mod edit -json` / `work edit -json` instead of the built-in parser. */
  modEdit?: (file: string) => Partial<ExecResult>;
}

export const DEFAULT_GOROOT_GO_ENV =
  '# This file contains the initial defaults for go command configuration.\n' +
  'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n\n' +
  '# Automatically download newer toolchains as directed by go.mod files.\nGOTOOLCHAIN=auto\n';

type Node =
  | {
      type: 'file';
      display: string;
      content: string;
      mode: number;
      mtimeMs: number;
      goBuild?: FakeGoBuild;
      unreadable?: boolean;
      special?: boolean;
    }
  | { type: 'dir'; display: string; mode: number; mtimeMs: number; writable: boolean }
  | { type: 'symlink'; display: string; target: string };

interface FakeGo extends FakeGoOptions {
  root: string;
  binary: string;
}

export interface FakeHost extends Host {
  /** Every exec, in order. */
  calls: FakeExecCall[];
  /** Every URL asked for through httpGet, in order. */
  httpCalls: string[];
  /** Answers later HTTP GETs with this handler. */
  setHttp(handler: (url: string) => HttpGetResult | Promise<HttpGetResult>): void;
  /** Every directory listed through fs.readdir, in order. */
  listed: string[];
  /** True when `file` was executed (compared as the host compares paths). */
  executed(file: string): boolean;
  writeFile(file: string, spec: string | FakeFileSpec): void;
  mkdir(dir: string, spec?: Omit<FakeDirSpec, 'path'>): void;
  symlink(link: string, target: string): void;
  remove(file: string): void;
  setEnv(name: string, value: string | undefined): void;
  /** Installs a fake Go at `root` (bin/go[.exe], src/runtime, go.env, VERSION); returns the binary's path. */
  installGo(root: string, options: FakeGoOptions | string): string;
  /** Puts a Go-built tool in `dir`; returns its path. */
  installTool(dir: string, name: string, build: FakeGoBuild): string;
}

const DIST_LIST = [
  'darwin/amd64',
  'darwin/arm64',
  'linux/386',
  'linux/amd64',
  'linux/arm',
  'linux/arm64',
  'windows/386',
  'windows/amd64',
  'windows/arm64',
  'js/wasm',
  'wasip1/wasm',
];

function result(partial: Partial<ExecResult>): ExecResult {
  return { code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...partial };
}

/** A fake host. Paths follow the platform (win32: `C:\…`, case-insensitive; others: POSIX). */
export function fakeHost(spec: FakeHostSpec = {}): FakeHost {
  const platform = spec.platform ?? 'linux';
  const p = platform === 'win32' ? path.win32 : path.posix;
  const isWin = platform === 'win32';
  const homedir = spec.homedir ?? (isWin ? 'C:\\Users\\dev' : platform === 'darwin' ? '/Users/dev' : '/home/dev');
  const cwd = spec.cwd ?? homedir;
  const env: Record<string, string | undefined> = { ...(spec.env ?? {}) };
  const nodes = new Map<string, Node>();
  const goes = new Map<string, FakeGo>();
  const calls: FakeExecCall[] = [];
  const listed: string[] = [];
  let clock = 1_700_000_000_000;

  const norm = (f: string) => {
    let n = p.normalize(p.resolve(cwd, f));
    if (n.length > 1 && (n.endsWith('/') || (isWin && n.endsWith('\\') && !/^[a-zA-Z]:\\$/.test(n)))) n = n.slice(0, -1);
    return n;
  };
  const key = (f: string) => (isWin ? norm(f).toLowerCase() : norm(f));
  const touchParent = (f: string) => {
    const parent = nodes.get(key(p.dirname(norm(f))));
    if (parent && parent.type === 'dir') parent.mtimeMs = ++clock;
  };
  const ensureDir = (dir: string) => {
    const n = norm(dir);
    const existing = nodes.get(key(n));
    if (existing) return;
    const parent = p.dirname(n);
    if (parent !== n) ensureDir(parent);
    nodes.set(key(n), { type: 'dir', display: n, mode: 0o755, mtimeMs: ++clock, writable: true });
    touchParent(n);
  };

  /** Resolves every symlink along the path; undefined when something is missing or a loop. */
  const resolve = (f: string, hops = 0): string | undefined => {
    if (hops > 40) return undefined;
    const n = norm(f);
    const root = p.parse(n).root;
    const parts = n.slice(root.length).split(p.sep).filter(Boolean);
    let cur = root;
    for (let i = 0; i < parts.length; i++) {
      const next = p.join(cur, parts[i]);
      const node = nodes.get(key(next));
      if (!node) return undefined;
      if (node.type === 'symlink') {
        const target = p.isAbsolute(node.target) ? node.target : p.join(cur, node.target);
        const rest = parts.slice(i + 1);
        return resolve(rest.length ? p.join(target, ...rest) : target, hops + 1);
      }
      cur = node.display;
    }
    return cur;
  };
  const lookup = (f: string): Node | undefined => {
    const r = resolve(f);
    return r === undefined ? undefined : nodes.get(key(r));
  };
  const toStat = (node: Node): FileStat =>
    node.type === 'file'
      ? { isFile: !node.special, isDirectory: false, mode: isWin ? 0 : node.mode, size: node.content.length, mtimeMs: node.mtimeMs }
      : node.type === 'dir'
        ? { isFile: false, isDirectory: true, mode: isWin ? 0 : node.mode, size: 0, mtimeMs: node.mtimeMs }
        : { isFile: false, isDirectory: false, mode: 0, size: 0, mtimeMs: 0 };

  const writeFile = (file: string, s: string | FakeFileSpec) => {
    const fs: FakeFileSpec = typeof s === 'string' ? { content: s } : s;
    const n = norm(file);
    ensureDir(p.dirname(n));
    nodes.set(key(n), {
      type: 'file',
      display: n,
      content: fs.content ?? (fs.goBuild ? `\x7fELF fake binary built with ${fs.goBuild.goVersion}` : ''),
      mode: fs.mode ?? (fs.goBuild ? 0o755 : 0o644),
      mtimeMs: fs.mtimeMs ?? ++clock,
      ...(fs.goBuild ? { goBuild: fs.goBuild } : {}),
      ...(fs.unreadable ? { unreadable: true } : {}),
      ...(fs.special ? { special: true } : {}),
    });
    touchParent(n);
  };

  const getenvIn = (e: Record<string, string | undefined>, name: string) => {
    if (!isWin) return e[name];
    for (const [k, v] of Object.entries(e)) if (k.toUpperCase() === name.toUpperCase()) return v;
    return undefined;
  };

  let httpHandler = spec.http || undefined;
  const host: FakeHost = {
    platform,
    arch: spec.arch ?? (platform === 'darwin' ? 'arm64' : 'x64'),
    isWsl: spec.isWsl ?? false,
    env,
    cwd,
    homedir,
    calls,
    listed,
    fs: {
      ...(spec.localDisk === undefined
        ? {}
        : { isLocal: typeof spec.localDisk === 'function' ? spec.localDisk : () => spec.localDisk === true }),
      async readFile(file, maxBytes) {
        const node = lookup(file);
        if (!node) return undefined;
        if (node.type !== 'file' || node.special) return { refused: 'not-a-file' };
        if (node.unreadable) return { refused: 'unreadable' };
        if (node.content.length > maxBytes) return { refused: 'too-large', size: node.content.length };
        return { text: node.content };
      },
      async stat(file) {
        const node = lookup(file);
        return node ? toStat(node) : undefined;
      },
      async realpath(file) {
        return resolve(file);
      },
      async readdir(dir) {
        listed.push(dir);
        const node = lookup(dir);
        if (node?.type !== 'dir') return undefined;
        const prefix = key(node.display);
        const out: { name: string; isDirectory: boolean; isFile: boolean; isSymlink: boolean }[] = [];
        for (const [k, child] of nodes) {
          if (k === prefix || p.dirname(child.display) !== node.display) continue;
          out.push({
            name: p.basename(child.display),
            isDirectory: child.type === 'dir',
            isFile: child.type === 'file' && !child.special,
            isSymlink: child.type === 'symlink',
          });
        }
        return out.sort((a, b) => (a.name < b.name ? -1 : 1));
      },
      async isExecutable(file) {
        const node = lookup(file);
        if (node?.type !== 'file' || node.special) return false;
        return isWin ? true : (node.mode & 0o111) !== 0;
      },
      async isWritableDir(dir) {
        const node = lookup(dir);
        return node?.type === 'dir' && node.writable && (isWin || (node.mode & 0o200) !== 0);
      },
      async writeFile(file, content) {
        // Like the real host: missing directories are created when the nearest existing one may be written.
        let dir = p.dirname(norm(file));
        while (!lookup(dir) && p.dirname(dir) !== dir) dir = p.dirname(dir);
        const parent = lookup(dir);
        if (parent?.type !== 'dir' || !parent.writable || (!isWin && (parent.mode & 0o200) === 0)) return false;
        host.writeFile(file, content);
        return true;
      },
    },
    ...(spec.http === false
      ? {}
      : {
          httpGet: async (url: string) => {
            host.httpCalls.push(url);
            if (httpHandler) return httpHandler(url);
            return url === 'https://proxy.golang.org/golang.org/toolchain/@v/list'
              ? { status: 200, body: toolchainListBody() }
              : { status: 404, body: 'not found' };
          },
        }),
    httpCalls: [],
    setHttp(handler) {
      httpHandler = handler;
    },
    async exec(file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
      const call: FakeExecCall = { file, args: [...args], cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs };
      calls.push(call);
      if (spec.exec) {
        const scripted = await spec.exec(call, host);
        if (scripted) return result(scripted);
      }
      if (!p.isAbsolute(file)) return result({ code: null, spawnError: `spawn ${file} ENOENT` });
      const real = resolve(file);
      const node = real ? nodes.get(key(real)) : undefined;
      if (!node || node.type !== 'file') return result({ code: null, spawnError: `spawn ${file} ENOENT` });
      if (!isWin && (node.mode & 0o111) === 0) return result({ code: null, spawnError: `spawn ${file} EACCES` });
      const go = goes.get(key(real!));
      if (go) return runFakeGo(go, call);
      return result({ code: 1, stderr: `fake host: nothing scripted for ${file} ${args.join(' ')}` });
    },
    executed(file: string) {
      return calls.some((c) => key(c.file) === key(file));
    },
    writeFile,
    mkdir(dir, s = {}) {
      ensureDir(dir);
      const node = nodes.get(key(dir));
      if (node?.type === 'dir') {
        if (s.mode !== undefined) node.mode = s.mode;
        if (s.writable !== undefined) node.writable = s.writable;
      }
    },
    symlink(link, target) {
      const n = norm(link);
      ensureDir(p.dirname(n));
      nodes.set(key(n), { type: 'symlink', display: n, target });
      touchParent(n);
    },
    remove(file) {
      const k = key(file);
      for (const other of [...nodes.keys()]) if (other === k || other.startsWith(k + p.sep)) nodes.delete(other);
      touchParent(file);
    },
    setEnv(name, value) {
      if (isWin) for (const k of Object.keys(env)) if (k.toUpperCase() === name.toUpperCase()) delete env[k];
      if (value === undefined) delete env[name];
      else env[name] = value;
    },
    installGo(root, options) {
      const o: FakeGoOptions = typeof options === 'string' ? { version: options } : options;
      const version = o.version.startsWith('go') ? o.version : `go${o.version}`;
      const binary = p.join(root, 'bin', isWin ? 'go.exe' : 'go');
      writeFile(binary, { goBuild: { goVersion: version, path: 'cmd/go' } });
      writeFile(p.join(root, 'bin', isWin ? 'gofmt.exe' : 'gofmt'), { goBuild: { goVersion: version, path: 'cmd/gofmt' } });
      writeFile(p.join(root, 'VERSION'), `${version}\ntime 2025-01-01T00:00:00Z\n`);
      writeFile(p.join(root, 'go.env'), o.goEnv ?? DEFAULT_GOROOT_GO_ENV);
      if (!o.noRuntime) writeFile(p.join(root, 'src', 'runtime', 'runtime.go'), 'package runtime\n');
      goes.set(key(binary), { ...o, version, root: norm(root), binary });
      return binary;
    },
    installTool(dir, name, build) {
      const file = p.join(dir, isWin ? `${name}.exe` : name);
      writeFile(file, { goBuild: build });
      return file;
    },
  };

  for (const d of spec.dirs ?? []) {
    const ds = typeof d === 'string' ? { path: d } : d;
    host.mkdir(ds.path, ds);
  }
  for (const [f, s] of Object.entries(spec.files ?? {})) writeFile(f, s);
  for (const [link, target] of Object.entries(spec.symlinks ?? {})) host.symlink(link, target);
  ensureDir(cwd);
  ensureDir(homedir);

  /** What a real go of this version would answer, computed from the call's environment and the fake files. */
  function runFakeGo(go: FakeGo, call: FakeExecCall): ExecResult {
    if (go.hang) return result({ code: null, timedOut: true, durationMs: call.timeoutMs });
    if (go.exitAll) return result({ code: go.exitAll.code, stderr: go.exitAll.stderr });
    const callEnv = call.env ?? env;
    const [cmd, ...rest] = call.args;
    const goos = platform === 'win32' ? 'windows' : platform;
    const goarch = host.arch === 'x64' ? 'amd64' : host.arch === 'ia32' ? '386' : host.arch;
    if (cmd === 'version' && rest[0] === '-m') return versionM(rest.slice(1));
    if (cmd === 'version') return result({ stdout: `go version ${go.version} ${goos}/${goarch}\n` });
    if (cmd === 'env') {
      if (go.envExit) return result({ code: go.envExit.code, stderr: go.envExit.stderr });
      if (go.envGarbage !== undefined) return result({ stdout: go.envGarbage });
      const json = rest[0] === '-json';
      const names = json ? rest.slice(1) : rest;
      const values = goEnvValues(go, callEnv, goos, goarch);
      const pick = Object.fromEntries(names.map((n) => [n, values[n] ?? lookupEnv(go, callEnv, n)]));
      if (json) return result({ stdout: JSON.stringify(pick, Object.keys(pick).sort(), '\t') + '\n' });
      return result({ stdout: names.map((n) => pick[n]).join('\n') + '\n' });
    }
    if (cmd === 'tool' && rest[0] === 'dist' && rest[1] === 'list') return result({ stdout: DIST_LIST.join('\n') + '\n' });
    if ((cmd === 'mod' || cmd === 'work') && rest[0] === 'edit' && rest.includes('-json')) {
      const target = rest.find((a) => a !== 'edit' && a !== '-json') ?? p.join(call.cwd ?? cwd, cmd === 'mod' ? 'go.mod' : 'go.work');
      if (go.modEdit) return result(go.modEdit(target));
      const node = lookup(target);
      if (node?.type !== 'file') return result({ code: 1, stderr: `go: ${target}: no such file or directory\n` });
      const parsed = parseModText(node.content, cmd === 'mod' ? 'mod' : 'work', { fileName: target, windows: isWin });
      if (parsed.errors.length) {
        const lines = parsed.errors.map((e) => e.message);
        return result({ code: 1, stderr: `go: errors parsing ${p.basename(target)}:\n${lines.join('\n')}\n` });
      }
      return result({
        stdout:
          JSON.stringify({ Go: parsed.go?.value, Module: parsed.module ? { Path: parsed.module.value } : undefined }, null, '\t') + '\n',
      });
    }
    return result({ code: 2, stderr: `go ${cmd}: unknown command\nRun 'go help' for usage.\n` });
  }

  function versionM(files: string[]): ExecResult {
    let stdout = '';
    let stderr = '';
    for (const f of files) {
      const node = lookup(f);
      if (!node) {
        stderr += `stat ${f}: no such file or directory\n`;
        continue;
      }
      if (node.type !== 'file') continue;
      if (node.goBuild) {
        stdout += `${f}: ${node.goBuild.goVersion}\n`;
        if (node.goBuild.path) stdout += `\tpath\t${node.goBuild.path}\n`;
        if (node.goBuild.mod) stdout += `\tmod\t${node.goBuild.mod.path}\t${node.goBuild.mod.version}\th1:fake=\n`;
        stdout += `\tbuild\t-compiler=gc\n`;
      } else if (isWin || (node.mode & 0o111) !== 0) {
        stderr += `${f}: could not read Go build info from ${f}: unrecognized file format\n`;
      }
    }
    return result({ code: stderr ? 1 : 0, stdout, stderr });
  }

  function envFiles(go: FakeGo, callEnv: Record<string, string | undefined>) {
    const view = { platform, env: callEnv, homedir };
    const loc = goEnvFilePath(view);
    const readText = (f: string) => {
      const n = lookup(f);
      return n?.type === 'file' ? n.content : undefined;
    };
    const user = loc.path ? parseEnvFile(loc.path, readText(loc.path)) : undefined;
    const goroot = user?.vars.GOROOT || getenvIn(callEnv, 'GOROOT') || go.root;
    const rootFile = parseEnvFile(p.join(goroot, 'go.env'), readText(p.join(goroot, 'go.env')));
    return { loc, user, goroot, rootFile };
  }

  /** cfg.Getenv: OS env (non-empty), else the user file, else $GOROOT/go.env for keys the user file lacks. */
  function lookupEnv(go: FakeGo, callEnv: Record<string, string | undefined>, name: string): string {
    const osv = getenvIn(callEnv, name);
    if (osv) return osv;
    const { user, rootFile } = envFiles(go, callEnv);
    if (user && name in user.vars) return user.vars[name];
    return rootFile.vars[name] ?? '';
  }

  function goEnvValues(go: FakeGo, callEnv: Record<string, string | undefined>, goos: string, goarch: string): Record<string, string> {
    const get = (n: string) => lookupEnv(go, callEnv, n);
    const { loc, goroot } = envFiles(go, callEnv);
    const home = isWin ? getenvIn(callEnv, 'USERPROFILE') || homedir : getenvIn(callEnv, 'HOME') || homedir;
    const gopath = get('GOPATH') || p.join(home, 'go');
    const firstGopath = gopath.split(isWin ? ';' : ':')[0];
    const cacheDir = userCacheDir({ platform, env: callEnv, homedir });
    return {
      GOROOT: goroot,
      GOPATH: gopath,
      GOBIN: get('GOBIN'),
      GOCACHE: get('GOCACHE') || (cacheDir ? p.join(cacheDir, 'go-build') : 'off'),
      GOMODCACHE: get('GOMODCACHE') || p.join(firstGopath, 'pkg', 'mod'),
      GOENV: loc.off ? 'off' : (loc.path ?? ''),
      GOPROXY: get('GOPROXY') || 'https://proxy.golang.org,direct',
      GOSUMDB: get('GOSUMDB') || 'sum.golang.org',
      GOOS: get('GOOS') || goos,
      GOARCH: get('GOARCH') || goarch,
      GOHOSTOS: goos,
      GOHOSTARCH: goarch,
      CGO_ENABLED: get('CGO_ENABLED') || '1',
      CC: get('CC') || (platform === 'darwin' ? 'clang' : 'gcc'),
      GOVERSION: go.version,
      GOEXE: isWin ? '.exe' : '',
      GOTOOLCHAIN: get('GOTOOLCHAIN'),
      GOTELEMETRY: 'local',
    };
  }

  return host;
}

/**
 * The everyday fixture: a host with one Go installed and on PATH (plus ~/go/bin), HOME/USERPROFILE/AppData set.
 * Linux/macOS: /usr/local/go; Windows: C:\Program Files\Go. Extra PATH entries go first via `pathBefore`.
 */
export function fakeHostWithGo(
  spec: FakeHostSpec & { goVersion?: string; goRoot?: string; go?: Omit<FakeGoOptions, 'version'>; pathBefore?: string[] } = {},
): FakeHost {
  const platform = spec.platform ?? 'linux';
  const isWin = platform === 'win32';
  const p = isWin ? path.win32 : path.posix;
  const home = spec.homedir ?? (isWin ? 'C:\\Users\\dev' : platform === 'darwin' ? '/Users/dev' : '/home/dev');
  const goRoot = spec.goRoot ?? (isWin ? 'C:\\Program Files\\Go' : '/usr/local/go');
  const baseEnv: Record<string, string> = isWin
    ? {
        USERPROFILE: home,
        AppData: `${home}\\AppData\\Roaming`,
        LocalAppData: `${home}\\AppData\\Local`,
        PATHEXT: '.COM;.EXE;.BAT;.CMD',
        SystemRoot: 'C:\\Windows',
      }
    : { HOME: home };
  const pathValue = [
    ...(spec.pathBefore ?? []),
    p.join(goRoot, 'bin'),
    p.join(home, 'go', 'bin'),
    ...(isWin ? ['C:\\Windows\\System32'] : ['/usr/bin', '/bin']),
  ].join(isWin ? ';' : ':');
  const host = fakeHost({
    ...spec,
    platform,
    homedir: home,
    env: { ...baseEnv, [isWin ? 'Path' : 'PATH']: pathValue, ...(spec.env ?? {}) },
  });
  host.installGo(goRoot, { ...(spec.go ?? {}), version: spec.goVersion ?? '1.26.8' });
  return host;
}
