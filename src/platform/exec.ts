// Running a program: by absolute path, never through a shell, with a timeout that kills its whole process group.
import { spawn } from 'node:child_process';

export interface ExecOptions {
  /** Full environment for the child; the host's own env is used when omitted. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The child is killed (with its process group) when this elapses. */
  timeoutMs: number;
  /** Stop reading after this many bytes of stdout (protects against a tool that prints forever). */
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

/** Runs a program by absolute path, never through a shell, and kills it (and its group) on timeout. */
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
    const detached = process.platform !== 'win32';
    let child: ReturnType<typeof spawn>;
    const finish = (code: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
    const kill = () => {
      try {
        // A negative pid kills the whole group, so grandchildren a hung tool started go too.
        if (detached && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: (options.env ?? process.env) as NodeJS.ProcessEnv,
        shell: false,
        windowsHide: true,
        detached,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const timer = setTimeout(() => undefined, 0);
      clearTimeout(timer);
      resolve({ code: null, stdout: '', stderr: '', timedOut: false, spawnError: String((e as Error).message ?? e), durationMs: 0 });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
      // Some children never close their pipes after a kill of a stuck grandchild; give up waiting.
      setTimeout(() => finish(null), 200).unref();
    }, options.timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (outBytes >= maxBytes) return;
      outBytes += chunk.length;
      out.push(chunk);
      if (outBytes >= maxBytes) {
        truncated = true;
        kill();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (errBytes >= maxBytes) return;
      errBytes += chunk.length;
      err.push(chunk);
    });
    child.on('error', (e) => finish(null, e.message));
    child.on('close', (code) => finish(code));
  });
}
