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
}

interface CachedDir {
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

/**
 * Cache shared by successive gatherFacts calls. Entries are validated with one stat (size + mtime),
 * and watchers can drop them explicitly with {@link invalidateFile} when a write could keep both.
 * Timeouts and spawn failures are never cached: the next check tries again.
 */
export class ProbeCache {
  /** Processes actually started through this cache (tests and benches read it). */
  spawnCount = 0;
  /** Exec results served from the cache. */
  execHits = 0;
  private readonly reads = new Map<string, CachedRead>();
  private readonly dirs = new Map<string, CachedDir>();
  private readonly execs = new Map<string, CachedExec>();
  private readonly values = new Map<string, CachedValue>();
  private readonly realPaths = new Map<string, Promise<string | undefined>>();

  /** Forgets everything (PATH or a setting changed). */
  invalidateAll(): void {
    this.reads.clear();
    this.dirs.clear();
    this.execs.clear();
    this.values.clear();
    this.realPaths.clear();
  }

  /** Forgets one file (go.mod, go.work, go.env, the GOENV file …) and every result that depended on it. */
  invalidateFile(file: string): void {
    const same = (a: string) => a === file || a.toLowerCase() === file.toLowerCase();
    for (const key of [...this.reads.keys()]) if (same(key)) this.reads.delete(key);
    // A file replaced by a link (or back) resolves elsewhere now.
    for (const key of [...this.realPaths.keys()]) if (same(key)) this.realPaths.delete(key);
    for (const key of [...this.values.keys()]) if (same(key.slice(key.indexOf('\0') + 1))) this.values.delete(key);
    for (const [key, entry] of [...this.execs]) if (entry.deps.some((d) => same(d.path))) this.execs.delete(key);
    // A created or deleted file changes its directory's listing.
    const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    if (slash > 0) {
      const dir = file.slice(0, slash);
      for (const key of [...this.dirs.keys()])
        if (same(key) || key === dir || key.toLowerCase() === dir.toLowerCase()) this.dirs.delete(key);
    }
  }

  /** Stat that never throws (not cached: it is what validates everything else). */
  stat(host: Host, file: string): Promise<FileStat | undefined> {
    return host.fs.stat(file).catch(() => undefined);
  }

  /**
   * A file's text through the one bounded reader (probe/read.ts: size limit, regular files only, links kept inside
   * the workspace), reused while its size and mtime stay the same. `notRead` says why an existing file was not read.
   */
  async readFile(host: Host, file: string, policy: ReadPolicy): Promise<ReadOutcome> {
    const st = await this.stat(host, file);
    if (!st) {
      this.reads.delete(file);
      return {};
    }
    const sig = `${signature(st)}:${policy.maxBytes}:${policy.within?.join('\0') ?? ''}`;
    const hit = this.reads.get(file);
    if (hit && hit.sig === sig) return { ...hit.outcome, stat: st };
    const outcome = await readBounded(host, file, policy, (f) => this.realpath(host, f), st);
    this.reads.set(file, { sig, outcome });
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
    const st = await this.stat(host, dir);
    if (!st || !st.isDirectory) {
      this.dirs.delete(dir);
      return undefined;
    }
    const sig = signature(st);
    const hit = this.dirs.get(dir);
    if (hit && hit.sig === sig) return hit.entries;
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
      Promise.all(uniqueDeps.map((d) => this.stat(host, d).then(signature))),
    ]);
    if (!result.timedOut && !result.spawnError && !result.truncated) {
      this.execs.set(key, { result, deps: uniqueDeps.map((path, i) => ({ path, sig: before[i] })) });
    }
    return result;
  }

  /** A value derived from an input string (e.g. a parsed go.mod from its text), recomputed when the input differs. */
  derive<T>(kind: string, file: string, input: string, compute: () => T): T {
    const key = `${kind}\0${file}`;
    const hit = this.values.get(key);
    if (hit && hit.input === input) return hit.value as T;
    const value = compute();
    this.values.set(key, { input, value });
    return value;
  }
}

function envKey(env: ExecOptions['env']): string {
  if (!env) return '';
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k] ?? ''}`)
    .join('\0');
}
