// Memoizes what the probes read and run, so a re-check with nothing changed spawns nothing and reads almost nothing.
import type { FileStat, Host } from '../host';
import type { ExecOptions, ExecResult } from '../../platform/exec';
import { readBounded, type ReadOutcome, type ReadPolicy } from './read';

type DirEntries = NonNullable<Awaited<ReturnType<Host['fs']['readdir']>>>;

/** A stat reduced to what tells us a file changed: kind, size and modification time. */
function signature(st: FileStat | undefined): string {
  if (!st) return 'missing';
  return `${st.isDirectory ? 'd' : st.isFile ? 'f' : 'o'}:${st.size}:${st.mtimeMs}:${st.mode}`;
}

interface CachedRead {
  /** The file's signature and the policy it was read under. */
  sig: string;
  outcome: ReadOutcome;
  stat: FileStat;
}

/** The signature of a listing taken on a watcher's word, which no stat's signature equals. */
const UNSIGNED = '';

interface CachedDir {
  /** The directory's signature when listed, or {@link UNSIGNED}. */
  sig: string;
  entries: DirEntries | undefined;
}

interface CachedExec {
  result: ExecResult;
  /** Files whose change makes the result stale, with their signature when it was produced. */
  deps: { path: string; sig: string }[];
}

interface CachedValue {
  /** The input the value was computed from (e.g. a file's text); a different input recomputes it. */
  input: string;
  value: unknown;
}

interface Memo {
  value: unknown;
  /** The change clock when the computation started: a dependency changed after it makes the value stale. */
  at: number;
  deps: readonly string[];
  /** The clock at which it was last found valid: only changes after it need looking at. */
  checked: number;
  /** `deps` as a set, made when a memo with many of them (a go.work's use directories) is first checked. */
  depSet?: Set<string>;
}

/** Changes remembered in order, so that a memo is checked against what changed since, not against all its files. */
const CHANGE_LOG_KEPT = 4096;

/** What a memoized value was computed from: files read, and directories whose listing or existence it used. */
export interface MemoDeps {
  files: readonly string[];
  dirs: readonly string[];
}

/** How a watcher event changed a file: its text only, or whether it exists (which changes its directory too). */
export type FileChange = 'changed' | 'created' | 'deleted';

interface ProbeCacheOptions {
  /**
   * One run only (the CLI): nothing is kept for a later run, so nothing is stat'ed to tell later whether it
   * is still true. Processes are still remembered within the run.
   */
  oneRun?: boolean;
}

/** What the file system work of the runs so far cost, in calls (tests count it per module). */
interface WorkCounts {
  stats: number;
  fileReads: number;
  dirReads: number;
}

/**
 * Cache shared by successive gatherFacts calls. Entries are validated with one stat (size + mtime),
 * and watchers can drop them explicitly with {@link invalidateFile} when a write could keep both.
 * Under {@link watch}, files the watchers report and the directories below the watched roots are trusted
 * without a stat until a watcher says they changed: that is what lets a save in a workspace of thousands of
 * modules re-read one file. Timeouts and spawn failures are never cached: the next check tries again.
 */
export class ProbeCache {
  /** Processes actually started through this cache (tests and benches read it). */
  spawnCount = 0;
  /** Exec results served from the cache. */
  execHits = 0;
  readonly work: WorkCounts = { stats: 0, fileReads: 0, dirReads: 0 };
  private readonly oneRun: boolean;
  /** Told of every exec result served from the cache (the language server logs them). */
  onHit?: (file: string, args: readonly string[]) => void;
  private readonly reads = new Map<string, CachedRead>();
  private readonly dirs = new Map<string, CachedDir>();
  private readonly execs = new Map<string, CachedExec>();
  /** Derived values by file, then by kind, so that forgetting a file finds them at once. */
  private readonly values = new Map<string, Map<string, CachedValue>>();
  private readonly memos = new Map<string, Memo>();
  /** Increases with every invalidation; {@link changedAt} holds, per path, the clock of its last one. */
  private clock = 0;
  private readonly changedAt = new Map<string, number>();
  /** The paths invalidated, in order, with their clock; every change from clock {@link logStart} on is in it. */
  private changeLog: { clock: number; path: string }[] = [];
  private logStart = 0;
  private watched?: { roots: string[]; covers: (file: string) => boolean };

  constructor(options: ProbeCacheOptions = {}) {
    this.oneRun = options.oneRun === true;
  }

  /**
   * Trusts watchers from now on: below `roots`, a file `covers` accepts and every directory listing stay as read
   * until {@link invalidateFile} names them (or a file in them appears or goes). Anything else is still
   * validated with a stat.
   */
  watch(roots: readonly string[], covers: (file: string) => boolean): void {
    this.watched = { roots: roots.map((r) => r.replace(/[\\/]+$/, '')), covers };
  }
  private readonly realPaths = new Map<string, Promise<string | undefined>>();

  /** Forgets everything (PATH or a setting changed). */
  invalidateAll(): void {
    this.reads.clear();
    this.dirs.clear();
    this.execs.clear();
    this.values.clear();
    this.memos.clear();
    this.realPaths.clear();
    this.changedAt.clear();
    this.clock++;
    this.changeLog = [];
    this.logStart = this.clock;
  }

  private changed(path: string): void {
    this.changedAt.set(path, this.clock);
    this.changeLog.push({ clock: this.clock, path });
    if (this.changeLog.length > CHANGE_LOG_KEPT) {
      const dropped = this.changeLog.splice(0, CHANGE_LOG_KEPT / 2);
      this.logStart = dropped[dropped.length - 1]!.clock + 1;
    }
  }

  /**
   * Forgets one file (go.mod, go.work, go.env, the GOENV file …) and every result that depended on it. Unless
   * its text alone `changed`, the file appeared or went, so its directory's listing goes too, and, under a
   * watched root, every listing up to the root (a new module may sit in a new directory) and everything that
   * was read below it (a deleted directory is reported as itself, not as its files).
   */
  invalidateFile(file: string, change?: FileChange): void {
    this.clock++;
    const forget = (path: string) => {
      this.changed(path);
      this.reads.delete(path);
      this.realPaths.delete(path);
      this.values.delete(path);
      this.memos.delete(path);
    };
    forget(file);
    // Windows paths may come back in another case (a drive letter): then look for them the slow way.
    if (/^[A-Za-z]:|\\/.test(file)) {
      const lower = file.toLowerCase();
      for (const key of [...this.reads.keys(), ...this.values.keys()]) if (key.toLowerCase() === lower) forget(key);
    }
    const same = (a: string) => a === file || a.toLowerCase() === file.toLowerCase();
    for (const [key, entry] of [...this.execs]) if (entry.deps.some((d) => same(d.path))) this.execs.delete(key);
    if (change === 'changed') return;
    // The file may be a directory; its parent's listing changed; under a watched root, so did every one above.
    const root = this.watchedRootOf(file);
    const dropListing = (dir: string) => {
      this.changed(dir);
      this.dirs.delete(dir);
    };
    dropListing(file);
    for (let dir = parentOf(file); dir !== undefined; dir = parentOf(dir)) {
      dropListing(dir);
      if (root === undefined || dir.length <= root.length) break;
    }
    if (/^[A-Za-z]:|\\/.test(file)) {
      const parent = (parentOf(file) ?? file).toLowerCase();
      for (const key of [...this.dirs.keys()])
        if (key.toLowerCase() === parent || key.toLowerCase() === file.toLowerCase()) dropListing(key);
    }
    if (change === 'created' || (change === undefined && root === undefined)) return;
    const below = (key: string) => key.startsWith(`${file}/`) || key.startsWith(`${file}\\`);
    for (const map of [this.reads, this.dirs, this.values, this.memos] as Map<string, unknown>[])
      for (const key of [...map.keys()]) if (below(key)) map.delete(key);
  }

  /** Stat that never throws (not cached: it is what validates everything else). */
  stat(host: Host, file: string): Promise<FileStat | undefined> {
    this.work.stats++;
    return host.fs.stat(file).catch(() => undefined);
  }

  /**
   * A file's text through the one bounded reader (probe/read.ts: size limit, regular files only, links kept inside
   * the workspace), reused while its size and mtime stay the same. `notRead` says why an existing file was not read.
   */
  async readFile(host: Host, file: string, policy: ReadPolicy): Promise<ReadOutcome> {
    const realpath = policy.within && !policy.reachedByListing ? (f: string) => this.realpath(host, f) : undefined;
    if (this.oneRun) {
      // Nothing to validate later: read straight away.
      this.work.fileReads++;
      return readBounded(host, file, policy, realpath);
    }
    // Not whether the walk vouched for the file: a file it reached through real directories reads the same either way.
    const policyKey = `${policy.maxBytes}:${policy.within?.join('\0') ?? ''}`;
    const trusted = this.trusts(file, false) ? this.reads.get(file) : undefined;
    if (trusted && trusted.sig.endsWith(`|${policyKey}`)) return { ...trusted.outcome, stat: trusted.stat };
    if (!this.reads.has(file)) {
      // Nothing to compare with: read at once, and keep the opened file's stat as what later reads compare
      // (opening a workspace of 10,000 modules makes 10,000 stats fewer).
      const outcome = await readBounded(host, file, policy, realpath);
      if (outcome.stat) {
        this.work.fileReads++;
        this.reads.set(file, { sig: `${signature(outcome.stat)}|${policyKey}`, outcome, stat: outcome.stat });
      } else this.work.stats++; // No such file: the open cost what a stat would have.
      return outcome;
    }
    const st = await this.stat(host, file);
    if (!st) {
      this.reads.delete(file);
      return {};
    }
    const sig = `${signature(st)}|${policyKey}`;
    const hit = this.reads.get(file);
    if (hit && hit.sig === sig) return { ...hit.outcome, stat: st };
    this.work.fileReads++;
    const outcome = await readBounded(host, file, policy, realpath, st);
    this.reads.set(file, { sig, outcome, stat: st });
    return outcome;
  }

  /** A real path, asked once until the file or everything is invalidated. */
  realpath(host: Host, file: string): Promise<string | undefined> {
    let hit = this.realPaths.get(file);
    if (!hit) this.realPaths.set(file, (hit = host.fs.realpath(file).catch(() => undefined)));
    return hit;
  }

  /** A directory listing, reused while the directory's mtime stays the same. */
  async readdir(host: Host, dir: string): Promise<DirEntries | undefined> {
    if (this.oneRun) {
      this.work.dirReads++;
      return host.fs.readdir(dir).catch(() => undefined);
    }
    const watched = this.trusts(dir, true);
    const trusted = watched ? this.dirs.get(dir) : undefined;
    if (trusted) return trusted.entries;
    if (watched) {
      // Below a watched root a listing stands until a watcher says the directory changed: no stat to sign it.
      // Unsigned, it is never taken for valid once the watchers no longer vouch for it.
      const entries = await host.fs.readdir(dir).catch(() => undefined);
      if (entries) {
        this.work.dirReads++;
        this.dirs.set(dir, { sig: UNSIGNED, entries });
      } else this.work.stats++; // No such directory (a .github/workflows that is not there): what a stat would have cost.
      return entries;
    }
    const st = await this.stat(host, dir);
    if (!st || !st.isDirectory) {
      this.dirs.delete(dir);
      return undefined;
    }
    const sig = signature(st);
    const hit = this.dirs.get(dir);
    if (hit && hit.sig === sig) return hit.entries;
    this.work.dirReads++;
    const entries = await host.fs.readdir(dir).catch(() => undefined);
    this.dirs.set(dir, { sig, entries });
    return entries;
  }

  /**
   * Runs a program, or returns the result of the same run (same file, args, cwd and environment)
   * while none of `deps` changed.
   */
  async exec(host: Host, file: string, args: string[], options: ExecOptions, deps: string[]): Promise<ExecResult> {
    const key = JSON.stringify([file, args, options.cwd ?? '', envKey(options.env)]);
    const hit = this.execs.get(key);
    if (hit) {
      const sigs = await Promise.all(hit.deps.map((d) => this.stat(host, d.path).then(signature)));
      if (sigs.every((s, i) => s === hit.deps[i].sig)) {
        this.execHits++;
        this.onHit?.(file, args);
        return hit.result;
      }
      this.execs.delete(key);
    }
    const uniqueDeps = [...new Set([file, ...deps])];
    this.spawnCount++;
    // The inputs' signatures are taken while the program starts rather than before: the spawn is the slow part.
    const [result, before] = await Promise.all([
      host.exec(file, args, options).catch((e: unknown): ExecResult => ({
        code: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        spawnError: String((e as Error)?.message ?? e),
        durationMs: 0,
      })),
      this.oneRun ? Promise.resolve([]) : Promise.all(uniqueDeps.map((d) => this.stat(host, d).then(signature))),
    ]);
    if (!result.timedOut && !result.spawnError && !result.truncated) {
      this.execs.set(key, { result, deps: this.oneRun ? [] : uniqueDeps.map((path, i) => ({ path, sig: before[i] })) });
    }
    return result;
  }

  /** A value derived from an input string (e.g. a parsed go.mod from its text), recomputed when the input differs. */
  derive<T>(kind: string, file: string, input: string, compute: () => T): T {
    if (this.oneRun) return compute();
    let byKind = this.values.get(file);
    const hit = byKind?.get(kind);
    if (hit && hit.input === input) return hit.value as T;
    const value = compute();
    if (!byKind) this.values.set(file, (byKind = new Map()));
    byKind.set(kind, { input, value });
    return value;
  }

  /**
   * A value computed from watched files (a module read from its go.mod and its directory), kept until one of its
   * dependencies (`depsOf` the value) changes. Only under {@link watch}, and only when every dependency is one the
   * watchers report; otherwise it is computed every time, and for one run the dependencies are not even listed.
   * `key` is the file the value is about.
   */
  async memo<T>(key: string, compute: () => Promise<T>, depsOf: (value: T) => MemoDeps): Promise<T> {
    if (this.oneRun) return compute();
    const hit = this.peek<T>(key);
    if (hit !== undefined) return hit;
    const at = this.clock;
    const value = await compute();
    const deps = depsOf(value);
    if (deps.files.every((f) => this.trusts(f, false)) && deps.dirs.every((d) => this.trusts(d, true)))
      this.memos.set(key, { value, at, deps: [...deps.files, ...deps.dirs], checked: at });
    return value;
  }

  /** The memo for `key` while none of its dependencies changed (synchronously: no stat is needed to know). */
  peek<T>(key: string): T | undefined {
    const m = this.memos.get(key);
    if (!m) return undefined;
    if (m.checked === this.clock) return m.value as T;
    let stale = false;
    if (m.checked + 1 >= this.logStart) {
      // What changed since the last check: one file per save, however many files the memo depends on.
      const has = m.deps.length > 8 ? (m.depSet ??= new Set(m.deps)) : m.deps;
      for (let i = this.changeLog.length - 1; i >= 0 && this.changeLog[i]!.clock > m.checked; i--) {
        const c = this.changeLog[i]!;
        if (c.clock > m.at && (has instanceof Set ? has.has(c.path) : has.includes(c.path))) stale = true;
      }
    } else stale = m.deps.some((d) => (this.changedAt.get(d) ?? -1) > m.at);
    if (stale) {
      this.memos.delete(key);
      return undefined;
    }
    m.checked = this.clock;
    return m.value as T;
  }

  /** The watched root a path lies below (or is), if any. */
  private watchedRootOf(path: string): string | undefined {
    return this.watched?.roots.find((r) => path === r || path.startsWith(`${r}/`) || path.startsWith(`${r}\\`));
  }

  /** True when the watchers report changes to `path`: a covered file, or a directory, below a watched root. */
  private trusts(path: string, isDir: boolean): boolean {
    if (!this.watched || this.watchedRootOf(path) === undefined) return false;
    return isDir || this.watched.covers(path);
  }
}

function parentOf(path: string): string | undefined {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash > 0 ? path.slice(0, slash) : undefined;
}

function envKey(env: ExecOptions['env']): string {
  if (!env) return '';
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k] ?? ''}`)
    .join('\0');
}
