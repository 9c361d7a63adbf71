// PATH probing: splits and classifies PATH entries and resolves executables the safe way (no cwd, no .bat/.cmd).
import { getEnv, pathApi, type FileStat, type Host } from '../host';
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

/**
 * One PATH directory and the names found in it (lower-cased keys on Windows). A directory on a network share
 * is listed whole; one on a local disk is only asked, with a stat per name, for the commands the probes look
 * for, and any other name is looked up when asked ({@link findAllOnPath}): /usr/bin holds a thousand files.
 */
export interface PathDir {
  entry: PathEntry;
  /** Absolute directory, for absolute entries. */
  dir?: string;
  /** Lower-cased (Windows) or exact file name -> name as found: every file, or those found by stat. */
  names?: Map<string, string>;
  /**
   * Set when the directory is known by lookups rather than a listing: the names looked up and not found
   * there (folded like `names`). Without it, `names` is the whole listing.
   */
  absent?: Set<string>;
}

/** File names compared the way the host's file system does: case-insensitively on Windows. */
function foldName(host: Pick<Host, 'platform'>, name: string): string {
  return host.platform === 'win32' ? name.toLowerCase() : name;
}

/**
 * Looks `name` up in a directory known by lookups, with one stat, and remembers the answer in `names` or
 * `absent`. A directory of that name is no copy of anything (and `go version` would walk it), nor is a FIFO or a device.
 */
async function lookUpName(
  host: Host,
  d: { dir: string; names: Map<string, string>; absent: Set<string> },
  name: string,
): Promise<string | undefined> {
  const folded = foldName(host, name);
  if (d.absent.has(folded)) return undefined;
  const st = await host.fs.stat(pathApi(host).join(d.dir, name)).catch(() => undefined);
  // Only a regular file is a copy of anything: a FIFO named gopls would block `go version -m` reading it.
  if (!st?.isFile) {
    d.absent.add(folded);
    return undefined;
  }
  d.names.set(folded, name);
  return name;
}

/**
 * Classifies every PATH entry (or every entry of `raw`, another Path) and finds `commands` in the absolute ones
 * (`go` is always looked for).
 * Entries naming the same real directory (/bin and /usr/bin on merged-/usr systems) share one lookup.
 */
export async function probePathDirs(
  host: Host,
  cache: ProbeCache,
  commands: readonly string[] = [],
  raw: readonly string[] = splitPath(host),
): Promise<PathDir[]> {
  const p = pathApi(host);
  const goNames = executableNames(host, 'go').map((n) => foldName(host, n));
  const wanted = [...new Set(['go', ...commands].flatMap((c) => executableNames(host, c)))];
  type Found = { names: Map<string, string>; absent?: Set<string>; stat?: FileStat };
  const byRealDir = new Map<string, Promise<Found | undefined>>();
  const lookUp = async (dir: string): Promise<Found | undefined> => {
    if (host.fs.isLocal?.(dir)) {
      const stat = await cache.stat(host, dir);
      if (!stat?.isDirectory) return undefined;
      const known = { dir, names: new Map<string, string>(), absent: new Set<string>() };
      await Promise.all(wanted.map((name) => lookUpName(host, known, name)));
      return { ...known, stat };
    }
    const listing = await cache.readdir(host, dir);
    if (!listing) return undefined;
    const names = new Map<string, string>();
    // Regular files and links (a link to a FIFO is caught by the stat before `go version -m`); never FIFOs or devices.
    for (const e of listing) if (e.isFile || e.isSymlink) names.set(foldName(host, e.name), e.name);
    return { names };
  };
  const lookUpOnce = async (dir: string) => {
    const real = (await host.fs.realpath(dir).catch(() => undefined)) ?? dir;
    let found = byRealDir.get(real);
    if (!found) byRealDir.set(real, (found = lookUp(dir)));
    return found;
  };
  return Promise.all(
    raw.map(async (entryText, index): Promise<PathDir> => {
      const trimmed = entryDir(host, entryText);
      if (trimmed === '') {
        return { entry: { index, raw: entryText, kind: 'empty', exists: false, worldWritable: false } };
      }
      if (!isAbsoluteEntry(host, trimmed)) {
        // Only looked at, never run: a relative entry resolves against whatever directory the user is in.
        const hasGo = await anyExists(
          host,
          cache,
          goNames.map((n) => p.resolve(host.cwd, trimmed, n)),
        );
        return { entry: { index, raw: entryText, kind: 'relative', exists: false, worldWritable: false, ...(hasGo ? { hasGo } : {}) } };
      }
      const dir = p.normalize(trimmed);
      const found = await lookUpOnce(dir);
      if (!found) return { entry: { index, raw: entryText, kind: 'absolute', exists: false, worldWritable: false }, dir };
      // A stat follows links, so the one taken for the lookup holds for every entry naming that directory.
      const st = found.stat ?? (await cache.stat(host, dir));
      // Even with the sticky bit (as on /tmp), anyone may create a `go` there that is not there yet.
      const worldWritable = host.platform !== 'win32' && !!st && (st.mode & 0o002) !== 0;
      const hasGo = goNames.some((n) => found.names.has(n));
      return {
        entry: { index, raw: entryText, kind: 'absolute', exists: true, worldWritable, ...(hasGo ? { hasGo } : {}) },
        dir,
        names: found.names,
        ...(found.absent ? { absent: found.absent } : {}),
      };
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
 * Files named like `command` among the names found in each directory (listed, or looked up for the commands
 * given to {@link probePathDirs}), without touching the disk again: enough to hand to
 * `go version -m`, which only reads them. Whether each is a runnable copy is settled by {@link findAllOnPath}.
 */
export function listedCopies(host: Pick<Host, 'platform' | 'env'>, dirs: readonly PathDir[], command: string): string[] {
  const p = host.platform === 'win32' ? pathApi({ platform: 'win32' }) : pathApi({ platform: host.platform });
  const out: string[] = [];
  for (const d of dirs) {
    if (!d.names || !d.dir) continue;
    const listed = executableNames(host, command)
      .map((n) => d.names!.get(foldName(host, n)))
      .find((n) => n !== undefined);
    if (listed) out.push(p.join(d.dir, listed));
  }
  return out;
}

/** Every copy of `command` on PATH, one per absolute entry, in PATH order (the first one runs). */
export async function findAllOnPath(host: Host, dirs: PathDir[], command: string): Promise<FoundExecutable[]> {
  const p = pathApi(host);
  const names = executableNames(host, command);
  const perDir = await Promise.all(
    dirs.map(async (d) => {
      if (!d.names || !d.dir) return undefined;
      for (const name of names) {
        const listed =
          d.names.get(foldName(host, name)) ??
          (d.absent ? await lookUpName(host, { dir: d.dir, names: d.names, absent: d.absent }, name) : undefined);
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
