// The engine's only door to the outside world: environment, platform, file system and process execution.
import { spawn } from 'node:child_process';
import { promises as fsp, constants as fsConstants } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Platform = 'linux' | 'darwin' | 'win32';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  /** POSIX permission bits (0 on Windows). */
  mode: number;
  size: number;
  mtimeMs: number;
}

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

export interface HostFs {
  readFile(file: string): Promise<string | undefined>;
  stat(file: string): Promise<FileStat | undefined>;
  /** Resolves symlinks; undefined when the path does not exist. */
  realpath(file: string): Promise<string | undefined>;
  readdir(dir: string): Promise<{ name: string; isDirectory: boolean; isFile: boolean; isSymlink: boolean }[] | undefined>;
  /** True when the current user may execute the file. */
  isExecutable(file: string): Promise<boolean>;
  /** True when the directory exists and the current user may create files in it. */
  isWritableDir(dir: string): Promise<boolean>;
}

/**
 * Everything the engine needs from the machine it judges. The real one is {@link nodeHost};
 * unit tests pass a fake, which is how a Windows or WSL host is presented on Linux.
 */
export interface Host {
  platform: Platform;
  arch: string;
  /** True inside a WSL distro (Linux side). */
  isWsl: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homedir: string;
  fs: HostFs;
  exec(file: string, args: string[], options: ExecOptions): Promise<ExecResult>;
}

/** Path helpers that follow the host's platform rather than the one the engine runs on. */
export function pathApi(host: Pick<Host, 'platform'>): path.PlatformPath {
  return host.platform === 'win32' ? path.win32 : path.posix;
}

/** Environment lookup with Windows' case-insensitive names. */
export function getEnv(host: Pick<Host, 'platform' | 'env'>, name: string): string | undefined {
  if (host.platform !== 'win32') return host.env[name];
  const upper = name.toUpperCase();
  for (const [k, v] of Object.entries(host.env)) if (k.toUpperCase() === upper) return v;
  return undefined;
}

const realFs: HostFs = {
  async readFile(file) {
    try {
      return await fsp.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  async stat(file) {
    try {
      const s = await fsp.stat(file);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  },
  async realpath(file) {
    try {
      return await fsp.realpath(file);
    } catch {
      return undefined;
    }
  },
  async readdir(dir) {
    try {
      const entries = await fsp.readdir(dir, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile(), isSymlink: e.isSymbolicLink() }));
    } catch {
      return undefined;
    }
  },
  async isExecutable(file) {
    try {
      const s = await fsp.stat(file);
      if (!s.isFile()) return false;
      if (process.platform === 'win32') return true;
      await fsp.access(file, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  async isWritableDir(dir) {
    try {
      const s = await fsp.stat(dir);
      if (!s.isDirectory()) return false;
      await fsp.access(dir, fsConstants.W_OK | fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

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

/** The real host: this process's environment, platform and file system. */
export function nodeHost(overrides: Partial<Pick<Host, 'env' | 'cwd'>> = {}): Host {
  const env = overrides.env ?? process.env;
  const platform = process.platform as Platform;
  return {
    platform,
    arch: process.arch,
    isWsl: platform === 'linux' && (Boolean(env.WSL_DISTRO_NAME) || /microsoft/i.test(os.release())),
    env,
    cwd: overrides.cwd ?? process.cwd(),
    homedir: os.homedir(),
    fs: realFs,
    exec: execFile,
  };
}
