// Runs the built `gohealth` CLI as a real process in a controlled environment, for integration tests.
import { execFileSync, spawn } from 'node:child_process';
import { builtinReleaseVersions } from '../../src/core/data/goReleases';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REAL_GO = process.env.GOHEALTH_TEST_GO ?? '/usr/local/go/bin/go';
export const REAL_GOROOT = path.dirname(path.dirname(REAL_GO));
export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

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
    const base: NodeJS.ProcessEnv = {
      PATH: [path.dirname(REAL_GO), path.join(this.gopath, 'bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: this.home,
      GOENV: this.goenvFile,
      GOPATH: this.gopath,
      GOMODCACHE: process.env.GOMODCACHE ?? '/root/go/pkg/mod',
      GOCACHE: process.env.GOCACHE ?? '/root/.cache/go-build',
      GOFLAGS: '-buildvcs=false',
      // Releases come from the sandbox's own list (no test asks the internet which Go is newest); modules, as usual.
      GOPROXY: `file://${this.releaseProxy},https://proxy.golang.org,direct`,
      NO_COLOR: '1',
    };
    const env = { ...base, ...overrides };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env;
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

const REAL_VERSION = execFileSync(REAL_GO, ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
  .toString()
  .trim()
  .replace(/^go/, '');

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
