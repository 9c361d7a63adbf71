// Runs the built `gohealth` CLI as a real process in a controlled environment, for integration tests; under the Windows tier, in the Windows Node under Wine.
import { execFileSync, spawn } from 'node:child_process';
import { builtinReleaseVersions } from '../../src/core/data/goReleases';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { currentTier, runWindowsCli, windowsPathOf } from '../windows/wine';

/** Set when the Windows tier reruns these tests: the CLI runs in the Windows Node with the Windows go.exe. */
export const WINE = process.env.GOHEALTH_WINE_TIER ? currentTier().tier : undefined;
export const UNDER_WINE = WINE !== undefined;
/** The tier's first toolchain is its main Go; the second plays the other installation. */
const wineGos = WINE ? Object.entries(WINE.toolchains) : [];

export const REAL_GO = WINE ? path.join(wineGos[0][1], 'bin', 'go.exe') : (process.env.GOHEALTH_TEST_GO ?? '/usr/local/go/bin/go');
export const REAL_GOROOT = path.dirname(path.dirname(REAL_GO));
export const CLI = path.resolve(__dirname, '../../../dist/cli.js');
/** Under Wine: the second Windows toolchain's GOROOT. */
export const WINE_SECOND_GOROOT = WINE ? wineGos[1][1] : undefined;

/** The release of the Go installed at `goroot` (go env GOVERSION; under Wine its VERSION file, to spare a Wine start). */
export function goVersionAt(goroot: string): string {
  if (WINE) return readFileSync(path.join(goroot, 'VERSION'), 'utf8').split(/\r?\n/)[0].trim();
  return execFileSync(path.join(goroot, 'bin', 'go'), ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
    .toString()
    .trim();
}

/** A path on this machine as the CLI names it: itself, or under Wine `Z:\…`; other text (relative entries, flags) as it is. */
export function cliPath(p: string): string {
  return WINE && p.startsWith('/') ? windowsPathOf(WINE, p) : p;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<CliRun> {
  return runCliAt(CLI, args, options);
}

/** Runs a `gohealth` launcher at another place (a copy of dist/). */
export function runCliAt(
  cli: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number },
): Promise<CliRun> {
  if (WINE) {
    return runWindowsCli(WINE, args.map(cliPath), { env: options.env, cwd: options.cwd, timeoutMs: options.timeoutMs ?? 120_000 });
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gohealth ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * True while the process runs. A zombie (ended, not yet reaped) does not count: under Wine a Windows program's
 * Linux parent is init, which reaps it when it gets round to it.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

/** A scratch area with its own HOME, go env file and GOPATH, removed by cleanup(). */
export class Sandbox {
  readonly root = mkdtempSync(path.join(tmpdir(), 'gohealth-it-'));
  readonly home = path.join(this.root, 'home');
  readonly gopath = path.join(this.root, 'gopath');
  readonly goenvFile = path.join(this.root, 'goenv');

  /** A file:// module proxy that serves only golang.org/toolchain's list, in which the real go is its minor's newest. */
  readonly releaseProxy = path.join(this.root, 'proxy');

  constructor() {
    mkdirSync(this.home, { recursive: true });
    mkdirSync(path.join(this.gopath, 'bin'), { recursive: true });
    writeFileSync(this.goenvFile, '');
    this.write({ 'proxy/golang.org/toolchain/@v/list': currentReleaseList() });
  }

  /**
   * A healthy environment: the real go first on PATH, the go-install dir on PATH, an empty go env file,
   * and the machine's own module and build caches (so nothing is downloaded again).
   */
  env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    if (WINE) return this.windowsEnv(overrides);
    const base: NodeJS.ProcessEnv = {
      PATH: [path.dirname(REAL_GO), path.join(this.gopath, 'bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: this.home,
      GOENV: this.goenvFile,
      GOPATH: this.gopath,
      // The developer's own caches (shared downloads and builds), wherever their HOME is.
      GOMODCACHE: process.env.GOMODCACHE ?? path.join(homedir(), 'go', 'pkg', 'mod'),
      GOCACHE: process.env.GOCACHE ?? path.join(homedir(), '.cache', 'go-build'),
      GOFLAGS: '-buildvcs=false',
      // Releases come from the sandbox's own list (no test asks the internet which Go is newest); modules, as usual.
      GOPROXY: `file://${this.releaseProxy},https://proxy.golang.org,direct`,
      NO_COLOR: '1',
    };
    const env = { ...base, ...overrides };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env;
  }

  /**
   * The same healthy environment for the Windows Node under Wine: Windows variables with `Z:\…` paths, its own
   * profile folders, and a `Path` that Wine puts before the registry's (which holds only Wine's system folders).
   * Override values that are paths on this machine are given as Windows names them.
   */
  /** An environment whose GOPATH, go env file and PATH's go bin live in `home`, as on a developer's machine. */
  homeEnv(home: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    mkdirSync(path.join(home, 'go', 'bin'), { recursive: true });
    return this.env({
      HOME: home,
      GOPATH: path.join(home, 'go'),
      GOENV: path.join(home, '.config', 'go', 'env'),
      PATH: [path.dirname(REAL_GO), path.join(home, 'go', 'bin'), '/usr/bin', '/bin'].join(':'),
      ...overrides,
    });
  }

  private windowsEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
    const home = this.home;
    const env: NodeJS.ProcessEnv = {
      Path: [path.dirname(REAL_GO), path.join(this.gopath, 'bin')].map(cliPath).join(';'),
      USERPROFILE: cliPath(home),
      APPDATA: cliPath(path.join(home, 'AppData', 'Roaming')),
      LOCALAPPDATA: cliPath(path.join(home, 'AppData', 'Local')),
      GOENV: cliPath(this.goenvFile),
      GOPATH: cliPath(this.gopath),
      GOMODCACHE: cliPath(path.join(this.root, 'modcache')),
      GOCACHE: cliPath(path.join(this.root, 'gocache')),
      GOFLAGS: '-buildvcs=false',
      NO_COLOR: '1',
    };
    for (const [k, v] of Object.entries(overrides)) {
      if (v === undefined) delete env[k];
      else env[k] = cliPath(v);
    }
    return env;
  }

  /** Puts `entries` first on the environment's PATH (`Path` and `;` on Windows); absolute ones as the CLI names them. */
  prependPath(env: NodeJS.ProcessEnv, entries: string[]): NodeJS.ProcessEnv {
    const name = WINE ? 'Path' : 'PATH';
    env[name] = [...entries.map(cliPath), env[name] ?? ''].join(WINE ? ';' : ':');
    return env;
  }

  /** True when `value`'s JSON names the path `p` (as the CLI names it). */
  mentions(value: unknown, p: string): boolean {
    return JSON.stringify(value).includes(JSON.stringify(cliPath(p)).slice(1, -1));
  }

  /**
   * A program that plays a go: `marker` creates `file` when run, `hang` appends its process id to `file` and never
   * ends, `garbage` prints junk. A shell script here; under Wine a real Windows program (`rel` + `.exe`).
   * Returns its path on this machine.
   */
  fakeGo(rel: string, kind: 'marker' | 'hang' | 'garbage', file = ''): string {
    if (WINE) {
      const exe = path.join(this.root, `${rel}.exe`);
      mkdirSync(path.dirname(exe), { recursive: true });
      copyFileSync(WINE.fakeProgram, exe);
      writeFileSync(`${exe}.behaviour`, `${kind} ${file ? cliPath(file) : ''}\n`);
      return exe;
    }
    const body = {
      marker: `touch ${file}\necho "go version go9.9.9 linux/amd64"`,
      hang: `echo $$ >> ${file}\nexec sleep 600`,
      garbage: `printf '\\001\\377garbage {{{ not json\\n'\nexit 0`,
    }[kind];
    return this.script(rel, body);
  }

  /** Writes files (path relative to the sandbox root) and returns the absolute path of the first. */
  write(files: Record<string, string>): string {
    let first = '';
    for (const [rel, content] of Object.entries(files)) {
      const full = path.join(this.root, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
      first ||= full;
    }
    return first;
  }

  script(rel: string, body: string): string {
    const full = this.write({ [rel]: `#!/bin/sh\n${body}\n` });
    chmodSync(full, 0o755);
    return full;
  }

  module(rel: string, goMod: string, extra: Record<string, string> = {}): string {
    const dir = path.join(this.root, rel);
    this.write({ [path.join(rel, 'go.mod')]: goMod, [path.join(rel, 'main.go')]: 'package main\n\nfunc main() {}\n' });
    for (const [name, content] of Object.entries(extra)) this.write({ [path.join(rel, name)]: content });
    return dir;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const REAL_VERSION = goVersionAt(REAL_GOROOT).replace(/^go/, '');

/** A release newer than the real go that the sandbox's release list has: the first of the next minor. */
export const NEWER_GO = (() => {
  const [major, minor] = REAL_VERSION.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
})();

/**
 * The built-in releases, less the patches of the real go's minor that are newer than it (so the real go is up to
 * date), plus NEWER_GO.
 */
export function currentReleaseList(): string {
  const real = REAL_VERSION;
  const [major, minor, patch] = real.split('.').map(Number);
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const versions = builtinReleaseVersions().filter((v) => {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
    return !m || Number(m[1]) !== major || Number(m[2]) !== minor || Number(m[3]) <= patch;
  });
  for (const v of [real, NEWER_GO]) if (!versions.includes(v)) versions.push(v);
  return versions.map((v) => `v0.0.1-go${v}.${platform}\n`).join('');
}

export interface JsonFinding {
  id: string;
  severity: string;
  area: string;
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  location?: { file: string; line: number; column: number };
  fixes: { id: string; kind: string; title: string }[];
}

export async function checkJson(sb: Sandbox, cwd: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  const run = await runCli(['check', '--format', 'json', '--cwd', cwd, ...extra], { env, cwd: sb.root });
  if (run.code === 2) throw new Error(`gohealth failed: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; toolchains: { path: string; version?: string; active: boolean }[] };
  return { run, report, ids: report.findings.map((f) => f.id) };
}
