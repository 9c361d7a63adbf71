// The engine's only door to the outside world: environment, platform, file system and process execution.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localityOf } from './diskLocality';
import { httpGet, writeFileAtomic } from './nodeNet';

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
  /**
   * True when calls on this path are cheap (a local disk): the probes may then look files up with a stat
   * each instead of listing whole directories. Absent or false: list, as on a network share.
   */
  isLocal?(file: string): boolean;
  /**
   * Replaces a file's content (through a temporary file and a rename, the directory created private to the user
   * when missing); false when it cannot. Only Go Health's own cache files are written: absent, nothing is.
   */
  writeFile?(file: string, content: string): Promise<boolean>;
}

/** What an HTTP GET brought back: the status and body, or why there is none (timeout, refused, DNS). */
export type HttpGetResult = { status: number; body: string } | { error: string };

export interface HttpGetOptions {
  /** The request is abandoned (and answers an error) when this elapses. */
  timeoutMs: number;
  /** Stop reading after this many bytes (an error then). */
  maxBytes: number;
  /** false: the request does not keep the process alive (a CLI about to exit need not wait for it). */
  keepAlive?: boolean;
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
  /** An HTTP(S) GET, following a few redirects; absent on hosts that may not reach the network. */
  httpGet?(url: string, options: HttpGetOptions): Promise<HttpGetResult>;
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

/** Whether to answer a call synchronously: a local path, and not the 256th such call in a row. */
type SyncGate = (file: string) => boolean;

function syncGate(isLocal: (file: string) => boolean): SyncGate {
  let run = 0;
  return (file) => {
    if (!isLocal(file)) return false;
    // A long walk of local files still lets the event loop turn now and then: one call in 256 takes the pool.
    run = (run + 1) % 256;
    return run !== 0;
  };
}

function toFileStat(s: fs.Stats): FileStat {
  return { isFile: s.isFile(), isDirectory: s.isDirectory(), mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
}

function trySync<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}

/**
 * The real file system. On a local disk a call is answered synchronously: a stat there takes a few
 * microseconds, while a hop through libuv's thread pool costs 15-30 µs of main-thread time and wakes a thread
 * that competes with the go processes a check runs beside it (measured on a 2-core machine: a cached check
 * 5.4 ms -> 1.2 ms, a cold one 14 -> 10.5 ms). Elsewhere (network shares, WSL's /mnt/c) calls go through the
 * pool, in parallel, so a slow share never stalls the event loop. Callback forms, not node:fs/promises: the
 * promise API costs three times as much per call, mostly in building errors for files that are not there.
 */
export function realFs(isLocal: (file: string) => boolean, platform: NodeJS.Platform): HostFs {
  const sync = syncGate(isLocal);
  /** One call, answered at once on a local disk or through the pool elsewhere; undefined when it fails. */
  const call = <T>(file: string, now: () => T, later: (done: (e: unknown, value?: T) => void) => void): Promise<T | undefined> =>
    sync(file) ? Promise.resolve(trySync(now)) : settle((done) => later((e, value) => done(e ? undefined : value)));
  const stat = (file: string) =>
    call(
      file,
      () => fs.statSync(file, { throwIfNoEntry: false }),
      (done) => fs.stat(file, done),
    );
  const allowed = async (file: string, mode: number) =>
    (await call(
      file,
      () => (fs.accessSync(file, mode), true),
      (done) => fs.access(file, mode, (e) => done(e, true)),
    )) === true;
  const [realpathNow, realpathLater] = platform === 'win32' ? [fs.realpathSync, fs.realpath] : [fs.realpathSync.native, fs.realpath.native];
  const toEntries = (list: fs.Dirent[]) =>
    list.map((d) => ({ name: d.name, isDirectory: d.isDirectory(), isFile: d.isFile(), isSymlink: d.isSymbolicLink() }));
  return {
    isLocal,
    readFile: (file) =>
      call(
        file,
        () => fs.readFileSync(file, 'utf8'),
        (done) => fs.readFile(file, 'utf8', done),
      ),
    stat: async (file) => {
      const s = await stat(file);
      return s ? toFileStat(s) : undefined;
    },
    realpath: (file) =>
      call(
        file,
        () => realpathNow(file),
        (done) => realpathLater(file, done),
      ),
    readdir: async (dir) => {
      const list = await call(
        dir,
        () => fs.readdirSync(dir, { withFileTypes: true }),
        (done) => fs.readdir(dir, { withFileTypes: true }, done),
      );
      return list && toEntries(list);
    },
    isExecutable: async (file) => !!(await stat(file))?.isFile() && (platform === 'win32' || (await allowed(file, fs.constants.X_OK))),
    isWritableDir: async (dir) => !!(await stat(dir))?.isDirectory() && (await allowed(dir, fs.constants.W_OK | fs.constants.X_OK)),
    writeFile: writeFileAtomic,
  };
}

function settle<T>(start: (done: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve) => start(resolve));
}

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
    fs: realFs(localityOf({ platform, readMountinfo: () => trySync(() => fs.readFileSync('/proc/self/mountinfo', 'utf8')) }), platform),
    exec: execFile,
    httpGet,
  };
}
