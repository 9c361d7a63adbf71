// The real Host: this process's environment and platform, the file system (synchronous on local disks), and execFile.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { execFile } from '../platform/exec';
import { openedStat, readRegularFile, readRegularFileSync } from '../platform/files';
import { localityOf } from './diskLocality';
import { httpGet, writeFileAtomic } from './nodeNet';
import type { Host, HostFs, Platform } from './host';
import { withoutLongPathPrefix } from './paths';

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
    readFile: (file, maxBytes) => (sync(file) ? Promise.resolve(readRegularFileSync(file, maxBytes)) : readRegularFile(file, maxBytes)),
    stat: async (file) => {
      const s = await stat(file);
      return s ? openedStat(s) : undefined;
    },
    realpath: (file) => {
      // Resolving `\\?\C:\…` fails under Wine (and is the same file as `C:\…`).
      const target = platform === 'win32' ? withoutLongPathPrefix(file) : file;
      return call(
        target,
        () => realpathNow(target),
        (done) => realpathLater(target, done),
      );
    },
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
