// The engine's only door to the outside world: what a Host offers (environment, platform, file system, execution); nodeHost.ts is the real one.
import * as path from 'node:path';
import type { ExecOptions, ExecResult } from '../platform/exec';
import type { FileRead } from '../platform/files';

export type { FileRead } from '../platform/files';

export type Platform = 'linux' | 'darwin' | 'win32';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  /** POSIX permission bits (0 on Windows). */
  mode: number;
  size: number;
  mtimeMs: number;
}

export interface HostFs {
  /**
   * A regular file's text, at most `maxBytes` of it; a FIFO, a device or a directory is refused without blocking,
   * and so is a larger file. Undefined when there is no such file. Probes read through ProbeCache.readFile, which
   * also keeps workspace files inside the workspace (see probe/read.ts).
   */
  readFile(file: string, maxBytes: number): Promise<FileRead | undefined>;
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
