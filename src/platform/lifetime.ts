// The process-lifetime owner: every child this process starts is ended with it, however it ends (exit, signal, or a SIGKILL it cannot catch).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Children are started in a session of their own on POSIX (so a terminal's Ctrl-C does not reach them half-way and
 * everything a child starts can be found by its session id), which means nothing ends them when this process ends
 * unless this process does. Three layers do it:
 *   1. `exit`: whatever still runs is killed synchronously, its whole session (Linux) or process group;
 *   2. signals (SIGINT, SIGTERM, SIGHUP), for the processes that own their lifetime ({@link endChildrenOnSignals}):
 *      the same, then the exit status a signal death has (130, 143, 129);
 *   3. a SIGKILL of this process, which no handler sees: a watchdog (`/bin/sh`, in its own session) reads the
 *      ids of the live children from a pipe and kills them when the pipe closes, which the kernel does when this
 *      process dies in any way. On Windows, where there is no such pipe trick without native code, only 1 and 2.
 */
interface Owned {
  child: ChildProcess;
  /** POSIX: the child leads its own session and process group (pid = sid = pgid). */
  ownSession: boolean;
}

const owned = new Map<number, Owned>();
let exitHookInstalled = false;
let watchdog: ChildProcess | undefined;
let watchdogUnavailable = false;

/**
 * The watchdog: reads `+pid` / `-pid` lines; at end of input (this process is gone) it kills each listed
 * session's process group, and with pkill (where there is one) every process left in the session.
 */
const WATCHDOG_SCRIPT = [
  'live=" "',
  'while IFS= read -r line; do',
  '  case $line in',
  '    +*) live="$live${line#+} " ;;',
  '    -*) p=${line#-}; case $live in *" $p "*) live="${live%% $p *} ${live#* $p }" ;; esac ;;',
  '  esac',
  'done',
  'for p in $live; do kill -KILL -- "-$p" 2>/dev/null; pkill -KILL -s "$p" 2>/dev/null; done',
  'exit 0',
].join('\n');

function tellWatchdog(line: string): void {
  if (process.platform === 'win32' || watchdogUnavailable) return;
  if (!watchdog) {
    try {
      watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'gohealth-watchdog'], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        shell: false,
      });
    } catch {
      watchdogUnavailable = true;
      return;
    }
    watchdog.on('error', () => {
      watchdogUnavailable = true;
      watchdog = undefined;
    });
    watchdog.stdin?.on('error', () => undefined);
    // The watchdog must never keep this process alive, nor be waited for.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  watchdog.stdin?.write(`${line}\n`);
}

/**
 * Registers a started child so that it is ended with this process. A child in a session of its own stays owned
 * after it exits, until `release()`: what it started may still run in its session, and the owner releases it
 * once it has ended that too ({@link killProcessTree}). Any other child is forgotten when it exits.
 */
export function ownChild(child: ChildProcess, ownSession: boolean): () => void {
  const pid = child.pid;
  if (pid === undefined) return () => undefined;
  const entry: Owned = { child, ownSession };
  owned.set(pid, entry);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => endOwnedChildrenNow());
  }
  if (ownSession) tellWatchdog(`+${pid}`);
  const release = () => {
    if (owned.get(pid) !== entry) return;
    owned.delete(pid);
    if (ownSession) tellWatchdog(`-${pid}`);
  };
  if (!ownSession) child.once('exit', release);
  return release;
}

/** How many children (or sessions they left) are owned (tests read it). */
export function ownedChildCount(): number {
  return owned.size;
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** "pid (comm) state ppid pgrp session …" -> [state, session]; comm may hold spaces and parentheses. */
function statFields(stat: string): { state: string; session: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', session: Number(fields[3]) };
}

/** Linux: the live members of the given sessions, read synchronously from /proc (for the exit hook). */
function sessionMembersNow(sessions: Set<number>): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { state, session } = statFields(readFileSync(`/proc/${name}/stat`, 'latin1'));
      if (state !== 'Z' && sessions.has(session)) members.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return members;
}

/**
 * Ends every owned child now, synchronously (safe inside an `exit` handler): its process group, then on Linux
 * whatever is left of its session (Delve puts the program it debugs in a group of its own, in the same session).
 */
export function endOwnedChildrenNow(): void {
  if (owned.size === 0) {
    stopWatchdog();
    return;
  }
  const list = [...owned.values()];
  owned.clear();
  if (process.platform === 'win32') {
    const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
    for (const { child } of list) {
      if (child.pid !== undefined)
        spawnSync(taskkill, ['/T', '/F', '/PID', String(child.pid)], { windowsHide: true, timeout: 5_000, stdio: 'ignore' });
    }
  } else {
    const sessions = new Set<number>();
    for (const { child, ownSession } of list) {
      if (child.pid === undefined) continue;
      if (ownSession) {
        signal(-child.pid, 'SIGKILL');
        sessions.add(child.pid);
      } else signal(child.pid, 'SIGKILL');
    }
    if (process.platform === 'linux' && sessions.size) for (const pid of sessionMembersNow(sessions)) signal(pid, 'SIGKILL');
  }
  stopWatchdog();
}

function stopWatchdog(): void {
  // Everything is ended already; the watchdog would only act on ids the kernel may hand out again.
  if (watchdog?.pid !== undefined) signal(watchdog.pid, 'SIGKILL');
  watchdog = undefined;
}

const SIGNAL_EXIT_STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * For a process that owns its lifetime (the CLI, the language server, the debug adapter): on SIGINT, SIGTERM or
 * SIGHUP, run `beforeExit` (bounded by `graceMs`), end every owned child, and exit with the status a death by that
 * signal has. Never call it inside a host process such as VS Code's extension host, whose signals are not ours.
 */
let signalsHandled = false;

export function endChildrenOnSignals(options: { beforeExit?: () => Promise<void>; graceMs?: number } = {}): void {
  if (signalsHandled) return;
  signalsHandled = true;
  let ending = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (ending) return;
      ending = true;
      const status = SIGNAL_EXIT_STATUS[sig] ?? 1;
      const done = () => {
        endOwnedChildrenNow();
        process.exit(status);
      };
      if (!options.beforeExit) return done();
      const grace = setTimeout(done, options.graceMs ?? 3_000);
      options.beforeExit().then(done, done);
      grace.unref();
    });
  }
}

/**
 * Kills the session led by `leaderPid` (a child started in a session of its own) and waits until none of it is
 * left; on Windows it kills the process tree with taskkill. The asynchronous form, for a child ended while this
 * process goes on.
 */
export async function killProcessTree(leaderPid: number, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'win32') {
    const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
    await new Promise<void>((resolve) => {
      const child = spawn(taskkill, ['/T', '/F', '/PID', String(leaderPid)], { windowsHide: true, stdio: 'ignore' });
      child.on('error', () => resolve());
      child.on('exit', () => resolve());
    });
    return;
  }
  signal(-leaderPid, 'SIGKILL');
  if (platform !== 'linux') return;
  // A member may fork while we kill; a few rounds settle it.
  for (let round = 0; round < 20; round++) {
    const members = await sessionMembers(leaderPid);
    if (members.length === 0) return;
    for (const pid of members) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Linux: the live members of session `sid`, read from /proc without blocking the event loop. */
async function sessionMembers(sid: number): Promise<number[]> {
  let names: string[];
  try {
    names = await fsp.readdir('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  await Promise.all(
    names.map(async (name) => {
      if (!/^\d+$/.test(name)) return;
      try {
        const { state, session } = statFields(await fsp.readFile(`/proc/${name}/stat`, 'latin1'));
        if (state !== 'Z' && session === sid) members.push(Number(name));
      } catch {
        // Ended while we looked.
      }
    }),
  );
  return members;
}
