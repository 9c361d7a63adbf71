// PATH probing: splits and classifies PATH entries and resolves executables the safe way (no cwd, no .bat/.cmd).
import { getEnv, pathApi, type Host } from '../host';
import type { PathEntry } from '../facts';
import type { ProbeCache } from './cache';

/** PATH entries as written, split with the host's separator (';' on Windows, ':' elsewhere). */
export function splitPath(host: Pick<Host, 'platform' | 'env'>): string[] {
  const value = getEnv(host, 'PATH');
  if (value === undefined) return [];
  return value.split(host.platform === 'win32' ? ';' : ':');
}

/** The directory an entry names: trimmed, and on Windows without the quotes an entry may carry ("C:\Program Files\Go\bin"). */
function entryDir(host: Pick<Host, 'platform'>, raw: string): string {
  const t = raw.trim();
  return host.platform === 'win32' && t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/**
 * Executable file names tried for a command: `go` on POSIX; on Windows `go.exe`/`go.com` in PATHEXT
 * order. Script extensions (.bat, .cmd, …) are never tried: running them means running cmd.exe.
 */
export function executableNames(host: Pick<Host, 'platform' | 'env'>, command: string): string[] {
  if (host.platform !== 'win32') return [command];
  const pathext = (getEnv(host, 'PATHEXT') || '.COM;.EXE')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e === '.exe' || e === '.com');
  const exts = pathext.length ? [...new Set(pathext)] : ['.exe'];
  if (/\.(exe|com)$/i.test(command)) return [command];
  return exts.map((e) => command + e);
}

function isAbsoluteEntry(host: Pick<Host, 'platform'>, entry: string): boolean {
  if (host.platform === 'win32') {
    // `\foo` (rooted on the current drive) and `C:foo` (drive-relative) depend on the current directory.
    return /^[a-zA-Z]:[\\/]/.test(entry) || /^[\\/]{2}[^\\/]/.test(entry);
  }
  return entry.startsWith('/');
}

/**
 * The first `command` on PATH found with a stat per absolute entry rather than a listing of every directory:
 * enough to start the first spawn early. The full scan ({@link findAllOnPath}) stays the authority.
 */
export async function firstOnPathByStat(host: Host, command: string): Promise<FoundExecutable | undefined> {
  const p = pathApi(host);
  const names = executableNames(host, command);
  const hits = await Promise.all(
    splitPath(host).map(async (raw, index) => {
      const dir = entryDir(host, raw);
      if (dir === '' || !isAbsoluteEntry(host, dir)) return undefined;
      for (const name of names) {
        const file = p.join(p.normalize(dir), name);
        if (await host.fs.isExecutable(file).catch(() => false)) return { file, index };
      }
      return undefined;
    }),
  );
  const first = hits.find((h) => h !== undefined);
  if (!first) return undefined;
  return { path: first.file, realPath: (await host.fs.realpath(first.file).catch(() => undefined)) ?? first.file, pathIndex: first.index };
}

/** One PATH directory, listed once and looked up by name (case-insensitively on Windows). */
export interface PathDir {
  entry: PathEntry;
  /** Absolute directory, for absolute entries. */
  dir?: string;
  /** Lower-cased (Windows) or exact file name -> name as listed. */
  names?: Map<string, string>;
}

export async function probePathDirs(host: Host, cache: ProbeCache): Promise<PathDir[]> {
  const p = pathApi(host);
  const raw = splitPath(host);
  const fold = (n: string) => (host.platform === 'win32' ? n.toLowerCase() : n);
  const goNames = executableNames(host, 'go').map(fold);
  return Promise.all(
    raw.map(async (entryText, index): Promise<PathDir> => {
      const trimmed = entryDir(host, entryText);
      if (trimmed === '') {
        return { entry: { index, raw: entryText, kind: 'empty', exists: false, worldWritable: false } };
      }
      if (!isAbsoluteEntry(host, trimmed)) {
        // Only looked at, never run: a relative entry resolves against whatever directory the user is in.
        const hasGo = await anyExists(host, cache, goNames.map((n) => p.resolve(host.cwd, trimmed, n)));
        return { entry: { index, raw: entryText, kind: 'relative', exists: false, worldWritable: false, ...(hasGo ? { hasGo } : {}) } };
      }
      const dir = p.normalize(trimmed);
      const listing = await cache.readdir(host, dir);
      if (!listing) return { entry: { index, raw: entryText, kind: 'absolute', exists: false, worldWritable: false }, dir };
      const st = await cache.stat(host, dir);
      // Even with the sticky bit (as on /tmp), anyone may create a `go` there that is not there yet.
      const worldWritable = host.platform !== 'win32' && !!st && (st.mode & 0o002) !== 0;
      const names = new Map<string, string>();
      for (const e of listing) if (!e.isDirectory) names.set(fold(e.name), e.name);
      const hasGo = goNames.some((n) => names.has(n));
      return { entry: { index, raw: entryText, kind: 'absolute', exists: true, worldWritable, ...(hasGo ? { hasGo } : {}) }, dir, names };
    }),
  );
}

async function anyExists(host: Host, cache: ProbeCache, files: string[]): Promise<boolean> {
  const stats = await Promise.all(files.map((f) => cache.stat(host, f)));
  return stats.some((s) => s?.isFile);
}

export interface FoundExecutable {
  path: string;
  realPath: string;
  pathIndex: number;
}

/**
 * Files named like `command` in the listed directories, without touching the disk again: enough to hand to
 * `go version -m`, which only reads them. Whether each is a runnable copy is settled by {@link findAllOnPath}.
 */
export function listedCopies(host: Pick<Host, 'platform' | 'env'>, dirs: readonly PathDir[], command: string): string[] {
  const p = host.platform === 'win32' ? pathApi({ platform: 'win32' }) : pathApi({ platform: host.platform });
  const fold = (n: string) => (host.platform === 'win32' ? n.toLowerCase() : n);
  const out: string[] = [];
  for (const d of dirs) {
    if (!d.names || !d.dir) continue;
    const listed = executableNames(host, command).map((n) => d.names!.get(fold(n))).find((n) => n !== undefined);
    if (listed) out.push(p.join(d.dir, listed));
  }
  return out;
}

/** Every copy of `command` on PATH, one per absolute entry, in PATH order (the first one runs). */
export async function findAllOnPath(host: Host, dirs: PathDir[], command: string): Promise<FoundExecutable[]> {
  const p = pathApi(host);
  const fold = (n: string) => (host.platform === 'win32' ? n.toLowerCase() : n);
  const names = executableNames(host, command);
  const perDir = await Promise.all(
    dirs.map(async (d) => {
      if (!d.names || !d.dir) return undefined;
      for (const name of names) {
        const listed = d.names.get(fold(name));
        if (!listed) continue;
        const file = p.join(d.dir, listed);
        if (!(await host.fs.isExecutable(file).catch(() => false))) continue;
        const realPath = (await host.fs.realpath(file).catch(() => undefined)) ?? file;
        return { path: file, realPath, pathIndex: d.entry.index };
      }
      return undefined;
    }),
  );
  return perDir.filter((x): x is FoundExecutable => x !== undefined);
}

/** The first copy of `command` on PATH, or an absolute path checked as given. */
export async function resolveExecutable(host: Host, dirs: PathDir[], command: string): Promise<FoundExecutable | undefined> {
  const p = pathApi(host);
  if (p.isAbsolute(command) && isAbsoluteEntry(host, command)) {
    if (!(await host.fs.isExecutable(command).catch(() => false))) return undefined;
    return { path: command, realPath: (await host.fs.realpath(command).catch(() => undefined)) ?? command, pathIndex: -1 };
  }
  // A name with a directory part but not absolute would resolve against the cwd: refuse it.
  if (command.includes('/') || (host.platform === 'win32' && command.includes('\\'))) return undefined;
  const all = await findAllOnPath(host, dirs, command);
  return all[0];
}
