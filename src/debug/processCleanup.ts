// Ends a started process and everything it started, including children that left its process group.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Members of the POSIX session `sid` (Linux: read from /proc). Delve puts the program it debugs in a
 * process group of its own, but not in a session of its own, so the session still finds it after
 * Delve is gone and the program was re-parented.
 */
async function sessionMembers(sid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fsp.readdir('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  await Promise.all(
    entries.map(async (name) => {
      if (!/^\d+$/.test(name)) return;
      try {
        const stat = await fsp.readFile(`/proc/${name}/stat`, 'latin1');
        // "pid (comm) state ppid pgrp session …"; comm may hold spaces and parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // A zombie is already dead; it only waits for its parent to collect it.
        if (Number(fields[3]) === sid && fields[0] !== 'Z') members.push(Number(name));
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  return members;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Kills the session led by `leaderPid` (started with `detached: true`) and waits until none of it is
 * left. On Windows it kills the process tree with taskkill instead.
 */
export async function killProcessTree(leaderPid: number, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'win32') {
    const systemRoot = process.env.SystemRoot ?? 'C:\\Windows';
    await new Promise<void>((resolve) => {
      execFile(
        path.win32.join(systemRoot, 'System32', 'taskkill.exe'),
        ['/T', '/F', '/PID', String(leaderPid)],
        { timeout: 10_000, windowsHide: true },
        () => resolve(),
      );
    });
    return;
  }
  if (platform !== 'linux') {
    signal(-leaderPid, 'SIGKILL');
    return;
  }
  // A member may fork while we kill; a few rounds settle it.
  for (let round = 0; round < 20; round++) {
    const members = await sessionMembers(leaderPid);
    if (members.length === 0) return;
    for (const pid of members) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 25));
  }
}
