// Running a program: by absolute path, never through a shell, owned by this process's lifetime, with a timeout that kills its whole process group.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { ownChild } from './lifetime';

export interface ExecOptions {
  /** Full environment for the child; the host's own env is used when omitted. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The child is killed (with its process group) when this elapses. */
  timeoutMs: number;
  /** Stop reading after this many bytes of stdout or of stderr (protects against a tool that prints forever). */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** Exit code, or null when killed or it could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started at all (ENOENT, EACCES, …). */
  spawnError?: string;
  /** Set when output was cut at maxOutputBytes. */
  truncated?: boolean;
  durationMs: number;
}

/** The one way the layers above run a program; tests pass a fake with the same shape. */
export type ExecFn = (file: string, args: string[], options: ExecOptions) => Promise<ExecResult>;

/** A started child and how to let go of it once it and everything it started are gone. */
export interface OwnedChild {
  child: ChildProcess;
  /** True on POSIX: the child leads a session (and process group) of its own. */
  ownSession: boolean;
  /** Forget it: call once its session has been ended (see lifetime.ts's killProcessTree). */
  release(): void;
}

/**
 * The one spawn primitive: no shell, hidden window, and on POSIX a session of its own, so that everything the child
 * starts can be ended with it. The child belongs to this process's lifetime: it is killed when this process ends.
 */
export function spawnOwned(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; stdio: StdioOptions },
): OwnedChild {
  const ownSession = process.platform !== 'win32';
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: (options.env ?? process.env) as NodeJS.ProcessEnv,
    shell: false,
    windowsHide: true,
    detached: ownSession,
    stdio: options.stdio,
  });
  const release = ownChild(child, ownSession);
  return { child, ownSession, release };
}

/** After the program exited, how long its output pipes may stay open (held by something it started) before we stop reading. */
const PIPE_GRACE_MS = 100;

/**
 * Runs a program by absolute path, never through a shell, and kills it (and its group) on timeout. The result is
 * settled when the program exits: a grandchild that keeps stdout open neither delays it past a short grace nor
 * turns a good answer into a failure, and is killed with the group.
 */
export function execFile(file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const maxBytes = options.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let exitCode: number | null | undefined;
    let owned: OwnedChild;
    const timers: { limit?: NodeJS.Timeout; grace?: NodeJS.Timeout } = {};
    const killGroup = () => {
      const pid = owned.child.pid;
      try {
        // A negative pid kills the whole group, so grandchildren a hung tool started go too.
        if (owned.ownSession && pid) process.kill(-pid, 'SIGKILL');
        else owned.child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const finish = (code: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timers.limit);
      clearTimeout(timers.grace);
      const pipesOpen = !owned.child.stdout?.readableEnded || !owned.child.stderr?.readableEnded;
      if (pipesOpen && !spawnError) {
        // Something the program started still holds its output: end it, and stop listening.
        killGroup();
        owned.child.stdout?.destroy();
        owned.child.stderr?.destroy();
      }
      owned.release();
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        spawnError,
        truncated: truncated || undefined,
        durationMs: performance.now() - started,
      });
    };
    try {
      owned = spawnOwned(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: '', timedOut: false, spawnError: String((e as Error).message ?? e), durationMs: 0 });
      return;
    }
    const { child } = owned;
    timers.limit = setTimeout(() => {
      // A busy event loop can run this timer before the exit it has already missed: look after I/O first.
      setImmediate(() => {
        if (settled || exitCode !== undefined) return;
        timedOut = true;
        killGroup();
        // Some children never close their pipes after a kill of a stuck grandchild; give up waiting.
        setTimeout(() => finish(null), 200).unref();
      });
    }, options.timeoutMs);
    const collect = (chunks: Buffer[], count: () => number, add: (n: number) => void) => (chunk: Buffer) => {
      if (count() >= maxBytes) return;
      const room = maxBytes - count();
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(piece);
      add(piece.length);
      if (count() >= maxBytes) {
        truncated = true;
        killGroup();
      }
    };
    child.stdout!.on(
      'data',
      collect(
        out,
        () => outBytes,
        (n) => (outBytes += n),
      ),
    );
    child.stderr!.on(
      'data',
      collect(
        err,
        () => errBytes,
        (n) => (errBytes += n),
      ),
    );
    child.on('error', (e) => finish(null, e.message));
    child.on('exit', (code) => {
      exitCode = code;
      // Normally both pipes close right after; when something the program started holds them, stop waiting soon.
      timers.grace = setTimeout(() => setImmediate(() => finish(timedOut ? null : code)), PIPE_GRACE_MS);
    });
    child.on('close', (code) => finish(timedOut ? null : (exitCode ?? code)));
  });
}
