// The Windows tier's door to Wine: the tier's prefix and tools, Windows programs run with output to files, paths as Windows sees them.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What scripts/install-windows-deps.sh installed (its manifest.json). */
export interface WindowsManifest {
  wine: string;
  wineserver: string;
  wineVersion: string;
  mingwGcc: string;
  node: string;
  nodeVersion: string;
  /** The pristine prefix; tests run on a copy. */
  prefix: string;
  /** Release name (go1.26.11) -> GOROOT of the Windows toolchain. */
  toolchains: Record<string, string>;
}

/** What the tier's runner hands every test process (GOHEALTH_WINE_TIER). */
export interface WineTier extends WindowsManifest {
  /** This run's prefix (a copy of the pristine one), served by one persistent wineserver. */
  runPrefix: string;
  /** Scratch directory of this run: fake programs, output files. */
  dir: string;
  /** Built from test/windows/fakes/fakeprog.c. */
  fakeProgram: string;
  /** The wsl.exe stand-in, built from test/windows/fakes/wslrelay.c. */
  fakeWsl: string;
  /** %USERPROFILE% as Windows programs in the prefix see it, and the same folder on this machine. */
  userProfile: string;
  userProfileDir: string;
}

export function manifestPath(): string {
  const cache =
    process.env.GOHEALTH_WINDOWS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'gohealth-windows');
  return path.join(cache, 'manifest.json');
}

/** The tier this process runs in, or why it does not run. */
export function currentTier(): { tier: WineTier; skip?: undefined } | { tier?: undefined; skip: string } {
  const raw = process.env.GOHEALTH_WINE_TIER;
  if (!raw) return { skip: 'not started by the Windows tier (npm run test:windows)' };
  const parsed = JSON.parse(raw) as WineTier | { skip: string };
  return 'skip' in parsed ? { skip: parsed.skip } : { tier: parsed };
}

/** `C:\…` for a path inside the prefix's drive_c, `Z:\…` (Wine's view of /) for any other path on this machine. */
export function windowsPathOf(tier: Pick<WineTier, 'runPrefix'>, unixPath: string): string {
  const driveC = path.join(tier.runPrefix, 'drive_c');
  if (unixPath === driveC || unixPath.startsWith(driveC + '/')) return 'C:' + (unixPath.slice(driveC.length) || '/').replace(/\//g, '\\');
  return 'Z:' + unixPath.replace(/\//g, '\\');
}

/** The folder on this machine that a `C:\…` or `Z:\…` path names. */
export function unixPathOf(tier: Pick<WineTier, 'runPrefix'>, windowsPath: string): string {
  const m = /^([A-Za-z]):[\\/]?(.*)$/.exec(windowsPath);
  if (!m) throw new Error(`not a drive path: ${windowsPath}`);
  const rest = m[2].replace(/\\/g, '/');
  if (m[1].toUpperCase() === 'Z') return '/' + rest;
  if (m[1].toUpperCase() === 'C') return path.join(tier.runPrefix, 'drive_c', rest);
  throw new Error(`no drive ${m[1]}: in the prefix`);
}

export interface WineRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The Unix environment a Windows program gets under Wine: the prefix and quiet logs, UTF-8 file names, and the
 * Windows variables given. Wine adds them to the environment it builds from the registry; a `Path` given here
 * goes before the registry's Path.
 */
export function wineEnv(tier: WineTier, windowsVars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    WINEPREFIX: tier.runPrefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    LANG: 'C.UTF-8',
    HOME: process.env.HOME ?? os.homedir(),
    PATH: '/usr/bin:/bin',
  };
  for (const [k, v] of Object.entries(windowsVars)) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * Runs a Windows program under Wine. Its stdout and stderr go to files: Node under Wine fails with EBADF writing
 * to a pipe. `program` is a path on this machine or a Windows path (C:\windows\system32\reg.exe).
 */
export function runWindows(
  tier: WineTier,
  program: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<WineRun> {
  const scratch = mkdtempSync(path.join(tier.dir, 'run-'));
  const outFile = path.join(scratch, 'stdout');
  const errFile = path.join(scratch, 'stderr');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(tier.wine, [program, ...args], {
      env: wineEnv(tier, options.env ?? {}),
      cwd: options.cwd ?? tier.dir,
      stdio: ['ignore', out, err],
    });
    closeSync(out);
    closeSync(err);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.win32.basename(program)} ${args.join(' ')} did not finish within ${timeoutMs} ms under Wine`));
    }, timeoutMs);
    // A test that gave up on the program (its assertion failed) ends it, so nothing keeps the test file alive.
    options.signal?.addEventListener('abort', () => child.kill('SIGKILL'), { once: true });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
      const run = { code, stdout: read(outFile), stderr: read(errFile) };
      rmSync(scratch, { recursive: true, force: true });
      resolve(run);
    });
  });
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Runs the built CLI (dist/cli.js) in the Windows Node. */
export function runWindowsCli(
  tier: WineTier,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<WineRun> {
  // Under Wine on a busy machine one go.exe run can take seconds: a check gets a generous per-spawn limit unless the
  // test sets its own, so that a slow run never reads as a hung go.
  const limited = args[0] === 'check' && !args.includes('--timeout-ms') ? [...args, '--timeout-ms', '60000'] : args;
  return runWindows(tier, tier.node, [windowsPathOf(tier, path.join(REPO_ROOT, 'dist', 'cli.js')), ...limited], options);
}

/** Runs reg.exe in the prefix (Wine has no UAC: what needs an administrator on Windows just runs). */
export async function reg(tier: WineTier, args: string[]): Promise<string> {
  const run = await runWindows(tier, 'C:\\windows\\system32\\reg.exe', args);
  if (run.code !== 0) throw new Error(`reg.exe ${args.join(' ')} exited ${run.code}: ${run.stderr || run.stdout}`);
  return run.stdout;
}

export const MACHINE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
export const USER_KEY = 'HKCU\\Environment';

/** A Path value as `reg query KEY /v Path` shows it, or undefined when the key has none. */
export async function registryPath(tier: WineTier, key: string): Promise<{ name: string; type: string; data: string } | undefined> {
  const run = await runWindows(tier, 'C:\\windows\\system32\\reg.exe', ['query', key]);
  for (const line of run.stdout.split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m && m[1].toUpperCase() === 'PATH') return { name: m[1], type: m[2], data: m[3] ?? '' };
  }
  return undefined;
}

/** Sets a Path value with reg.exe. */
export async function setRegistryPath(
  tier: WineTier,
  key: string,
  name: string,
  type: 'REG_SZ' | 'REG_EXPAND_SZ',
  data: string,
): Promise<void> {
  await reg(tier, ['add', key, '/v', name, '/t', type, '/d', data, '/f']);
}

/**
 * Keeps the registry's Path values as they were before a test: call `save()` once, `restore()` after each test
 * (the machine value written back, the user value removed or written back).
 */
export function registryPathKeeper(tier: WineTier) {
  let machine: Awaited<ReturnType<typeof registryPath>>;
  let user: Awaited<ReturnType<typeof registryPath>>;
  return {
    async save() {
      [machine, user] = await Promise.all([registryPath(tier, MACHINE_KEY), registryPath(tier, USER_KEY)]);
    },
    async restore() {
      if (machine) await setRegistryPath(tier, MACHINE_KEY, machine.name, machine.type as 'REG_EXPAND_SZ', machine.data);
      const now = await registryPath(tier, USER_KEY);
      if (user) await setRegistryPath(tier, USER_KEY, user.name, user.type as 'REG_EXPAND_SZ', user.data);
      else if (now) await reg(tier, ['delete', USER_KEY, '/v', now.name, '/f']);
    },
  };
}

/** Places a Windows toolchain at a folder of the prefix (a link: Wine shows it to Windows programs as the folder itself). */
export function placeToolchain(tier: WineTier, version: string, windowsDir: string): string {
  const target = unixPathOf(tier, windowsDir);
  mkdirSync(path.dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  symlinkSync(tier.toolchains[version], target);
  return target;
}
