// Shared setup for the debug bridge's wire tests: real dlv, a copied Go program, the wsl.exe stand-in, and orphan checks.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, chmodSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ADAPTER = path.join(REPO_ROOT, 'dist', 'debugAdapter.js');
export const STANDIN = path.join(REPO_ROOT, 'test', 'support', 'wsl-standin.mjs');
export const HELLO_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'debug', 'hello');
export const DISTRO = 'Ubuntu';

/** dlv from DLV_PATH or `$(go env GOPATH)/bin/dlv`. Missing dlv fails the test: CI installs it. */
export function findDlv(): string {
  const fromEnv = process.env.DLV_PATH;
  const candidate =
    fromEnv && fromEnv !== ''
      ? fromEnv
      : path.join(
          execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', timeout: 20_000 }).trim().split(path.delimiter)[0],
          'bin',
          'dlv',
        );
  try {
    accessSync(candidate, constants.X_OK);
  } catch {
    throw new Error(
      `Delve is required for these tests and was not found at ${candidate}. Install it with \`go install github.com/go-delve/delve/cmd/dlv@latest\` or set DLV_PATH.`,
    );
  }
  return candidate;
}

export interface Workspace {
  root: string;
  /** The automount root the stand-in distro uses, ending with `/`. */
  automountRoot: string;
  /** The program's folder on this machine. */
  linuxDir: string;
  /** The same folder as a Windows client names it. */
  windowsDir: string;
  cleanup(): void;
}

/** The hello program under `<tmp>/mnt/c/Users/dev/proj`, which the client calls `C:\Users\dev\proj`. */
export function driveWorkspace(): Workspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gohealth-debug-'));
  const linuxDir = path.join(root, 'mnt', 'c', 'Users', 'dev', 'proj');
  mkdirSync(linuxDir, { recursive: true });
  cpSync(HELLO_FIXTURE, linuxDir, { recursive: true });
  return {
    root,
    automountRoot: `${root}/mnt/`,
    linuxDir,
    windowsDir: 'C:\\Users\\dev\\proj',
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The hello program at a Linux path outside the automount root, which the client reaches as `\\wsl.localhost\<distro>\…`. */
export function distroWorkspace(): Workspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gohealth-debug-'));
  const linuxDir = path.join(root, 'home', 'dev', 'proj');
  mkdirSync(linuxDir, { recursive: true });
  mkdirSync(path.join(root, 'mnt'), { recursive: true });
  cpSync(HELLO_FIXTURE, linuxDir, { recursive: true });
  const windowsDir = `\\\\wsl.localhost\\${DISTRO}${linuxDir.replace(/\//g, '\\')}`;
  return { root, automountRoot: `${root}/mnt/`, linuxDir, windowsDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function adapterEnv(ws: Workspace): NodeJS.ProcessEnv {
  return { ...process.env, GOHEALTH_STANDIN_DISTROS: `${DISTRO},Debian`, GOHEALTH_STANDIN_AUTOMOUNT: ws.automountRoot };
}

/** A DebugClient running `node dist/debugAdapter.js` as its own process. */
export async function startClient(ws: Workspace): Promise<DebugClient> {
  chmodSync(STANDIN, 0o755);
  const dc = new DebugClient('node', ADAPTER, 'delve-bridge', { env: adapterEnv(ws), shell: false });
  // Building the program under Delve is the slow part; give it time on a cold build cache.
  dc.defaultTimeout = 90_000;
  await dc.start();
  return dc;
}

/**
 * Ends the session once: a disconnect sent to an adapter that already left would only fail with
 * EPIPE. After the test's own disconnect, pass `disconnected` so only the process handle is dropped.
 */
export async function stopOnce(dc: DebugClient, disconnected = false): Promise<void> {
  const marked = dc as DebugClient & { stoppedByTest?: boolean };
  if (marked.stoppedByTest) return;
  marked.stoppedByTest = true;
  if (disconnected) (dc as unknown as { stopAdapter(): void }).stopAdapter();
  else await dc.stop().catch(() => undefined);
}

/** Ends a test's session: the adapter once, then whatever still runs inside the workspace, then the workspace. */
export async function endSession(dc: DebugClient, ws: Workspace): Promise<void> {
  await stopOnce(dc);
  killUnder(ws.root);
  ws.cleanup();
}

export interface ProcessInfo {
  pid: number;
  cmdline: string;
}

/** Live processes whose working directory or executable is inside `dir` (Delve, the relay, the program). */
export function processesUnder(dir: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      let where = '';
      try {
        where = readlinkSync(`/proc/${name}/cwd`);
      } catch {
        /* not ours to read */
      }
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${name}/exe`);
      } catch {
        /* same */
      }
      if (where.startsWith(dir) || exe.startsWith(dir)) {
        found.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
      }
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Waits (bounded) until nothing runs inside `dir`, and returns whatever is still there. */
export async function leftoverProcesses(dir: string, waitMs = 10_000): Promise<ProcessInfo[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const left = processesUnder(dir);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills every process still inside `dir` (so a failing test does not leak into the next). */
export function killUnder(dir: string): void {
  for (const p of processesUnder(dir)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Waits (bounded) for a process inside `dir` whose command line matches. */
export async function waitForProcess(dir: string, match: RegExp, waitMs = 30_000): Promise<ProcessInfo> {
  const until = Date.now() + waitMs;
  for (;;) {
    const p = processesUnder(dir).find((x) => match.test(x.cmdline));
    if (p) return p;
    if (Date.now() > until) throw new Error(`no process matching ${match} under ${dir}; running: ${JSON.stringify(processesUnder(dir))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
