// Workspace probing: finds go.mod/go.work files (below each folder and the ones the go command finds walking up) and reads them.
import { getEnv, pathApi, type Host } from '../host';
import type { Facts, GoModFile, GoWorkFile, ModReplace, ParseError, UnreadPart, WalkSummary } from '../facts';
import { neutralGoSpawnEnv } from './goEnv';
import type { ProbeCache } from './cache';
import { isUnder } from '../paths';
import { VERSION_FILE_NAMES } from './pins';
import { READ_LIMITS } from './read';
import { parseGoCommandErrors, parseModText, type ParsedModFile } from './modfile';

/** Why the walk did not go into a directory: the go command's own rules, and places that never hold a module of the workspace. */
type SkipReason = 'testdata' | 'hidden' | 'underscore' | 'node_modules' | 'vendor';

/** The go command ignores testdata and names starting with . or _; node_modules and vendor trees hold copies, not modules. */
function skipReason(name: string): SkipReason | undefined {
  if (name === 'testdata') return 'testdata';
  if (name === 'node_modules') return 'node_modules';
  if (name === 'vendor') return 'vendor';
  if (name.startsWith('.')) return 'hidden';
  if (name.startsWith('_')) return 'underscore';
  return undefined;
}

/** How deep below a folder, and how many directories in all, the walk goes before it stops (and says so). */
export const WALK_LIMITS = { depth: 12, directories: 100_000 };
/** Skipped directories named per reason in the summary; the rest are counted. */
const EXAMPLES_PER_REASON = 3;
/** Directories listed at once: enough to keep a network share busy, few enough to keep memory flat. */
const WALK_CONCURRENCY = 32;

interface WorkspaceScan {
  goModFiles: string[];
  goWorkFiles: string[];
  /** Dockerfiles met on the way (for the CI probe). */
  dockerfiles: string[];
  folders: { folder: string; goMod?: string; goWork?: string }[];
  /** For each directory with a go.mod, what lies beside it, so reading the module needs no stat for go.sum or vendor/. */
  beside: Map<string, Beside>;
  /** Every directory the walk listed: a go.work use there without a go.mod in `goModFiles` has none. */
  walked: Set<string>;
  /** Version-manager files (.go-version, .tool-versions, mise.toml) met on the way. */
  versionFiles: string[];
  summary: WalkSummary;
  /** Where the walk stopped short (depth or directory limit): said in the report, never silent. */
  cut: UnreadPart[];
}

interface Beside {
  goSum: boolean;
  vendor: boolean;
  /** The go.mod is a link: its real path must be resolved before it is read (the walk itself never follows one). */
  goModIsLink: boolean;
}

/** What one folder's walk found, kept whole between the language server's runs while no directory changes. */
interface FolderWalk {
  goMods: string[];
  goWorks: string[];
  dockerfiles: string[];
  beside: Map<string, Beside>;
  walked: Set<string>;
  versionFiles: string[];
  summary: WalkSummary;
}

/** How many directories a walk cut short by depth names one by one; the rest are counted. */
const CUT_NAMED = 10;

function isDockerfileName(name: string): boolean {
  return /^Dockerfile/i.test(name) || /\.Dockerfile$/i.test(name);
}

/** How long a walk or a read of many modules may keep the event loop before it lets it turn. */
const TURN_EVERY_MS = 8;

/**
 * Runs `work` over `items`, at most `limit` at a time. On a local disk each call is answered at once, so a
 * long run would hold the event loop (go's answers, an editor's messages) until the end: every few
 * milliseconds all workers wait for one turn of it.
 */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let since = performance.now();
  let turn: Promise<void> | undefined;
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++]!);
      if (!turn && performance.now() - since >= TURN_EVERY_MS)
        turn = new Promise((resolve) =>
          setImmediate(() => {
            turn = undefined;
            since = performance.now();
            resolve();
          }),
        );
      if (turn) await turn;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Lists one folder breadth first: the go.mod, go.work and Dockerfiles below it, and what it skipped and why. */
async function walkFolder(host: Host, cache: ProbeCache, root: string, budget: { left: number }): Promise<FolderWalk> {
  const p = pathApi(host);
  const out: FolderWalk = {
    goMods: [],
    goWorks: [],
    dockerfiles: [],
    beside: new Map(),
    walked: new Set(),
    versionFiles: [],
    summary: emptySummary(),
  };
  const skipped = new Map<SkipReason, { count: number; examples: string[] }>();
  // Listed names are single path elements and the directories are normalised already: joined without path.join,
  // which normalises each of the walk's tens of thousands of paths again.
  const sep = p.sep;
  const child = (dir: string, name: string) => (dir.endsWith(sep) ? dir + name : dir + sep + name);
  let level = [root];
  for (let depth = 0; level.length; depth++) {
    const below: string[] = [];
    if (level.length > budget.left) {
      out.summary.cutShort = { limit: 'directories', max: WALK_LIMITS.directories, unlisted: level.length - budget.left };
      level = level.slice(0, budget.left);
    }
    budget.left -= level.length;
    await eachLimited(level, WALK_CONCURRENCY, async (dir) => {
      const entries = await cache.readdir(host, dir);
      if (!entries) return;
      out.walked.add(dir);
      let goMod = false;
      let goModIsLink = false;
      let goSum = false;
      let vendor = false;
      for (const e of entries) {
        if (e.isDirectory) {
          const why = skipReason(e.name);
          if (e.name === 'vendor') vendor = true;
          if (!why) {
            below.push(child(dir, e.name));
            continue;
          }
          const seen = skipped.get(why) ?? { count: 0, examples: [] };
          seen.count++;
          if (seen.examples.length < EXAMPLES_PER_REASON) seen.examples.push(child(dir, e.name));
          skipped.set(why, seen);
        } else if (e.isFile || e.isSymlink) {
          if (e.name === 'go.mod') {
            goMod = true;
            goModIsLink = e.isSymlink;
          } else if (e.name === 'go.sum') goSum = true;
          else if (e.name === 'go.work') out.goWorks.push(child(dir, e.name));
          else if (isDockerfileName(e.name)) out.dockerfiles.push(child(dir, e.name));
          else if (VERSION_FILE_NAMES.has(e.name)) out.versionFiles.push(child(dir, e.name));
        }
      }
      if (goMod) {
        out.goMods.push(child(dir, 'go.mod'));
        out.beside.set(dir, { goSum, vendor, goModIsLink });
      }
    });
    if (depth >= WALK_LIMITS.depth && below.length) {
      out.summary.cutShort ??= { limit: 'depth', max: WALK_LIMITS.depth, unlisted: below.length, examples: below.slice(0, CUT_NAMED) };
      break;
    }
    level = below;
  }
  out.summary.directories = out.walked.size;
  const order: SkipReason[] = ['testdata', 'hidden', 'underscore', 'node_modules', 'vendor'];
  out.summary.skipped = order.flatMap((reason) => {
    const seen = skipped.get(reason);
    return seen ? [{ reason, ...seen }] : [];
  });
  for (const list of [out.goMods, out.goWorks, out.dockerfiles]) list.sort();
  return out;
}

function emptySummary(): WalkSummary {
  return { directories: 0, skipped: [] };
}

/**
 * Walks each workspace folder (breadth first, a bounded number of directories at once), then walks up from it
 * like the go command. Under a watching cache a folder's walk is kept whole until a directory in it changes.
 */
export async function scanWorkspace(host: Host, cache: ProbeCache, folders: string[]): Promise<WorkspaceScan> {
  const p = pathApi(host);
  const budget = { left: WALK_LIMITS.directories };
  const roots = [...new Set(folders.map((f) => p.resolve(f)))];
  const walks = await Promise.all(
    roots.map((root) =>
      cache.memo(
        `walk\0${root}`,
        () => walkFolder(host, cache, root, budget),
        (walk) => ({ files: [], dirs: [...walk.walked] }),
      ),
    ),
  );
  const folderFacts = await Promise.all(
    folders.map(async (folder) => {
      const root = p.resolve(folder);
      const [goMod, goWork] = await Promise.all([findUp(host, cache, root, 'go.mod'), goWorkFor(host, cache, root)]);
      return { folder: root, ...(goMod ? { goMod } : {}), ...(goWork ? { goWork } : {}) };
    }),
  );
  const merged = (pick: (w: FolderWalk) => string[], extra: (string | undefined)[]) => {
    const found = extra.filter((f): f is string => !!f);
    // One folder and nothing found walking up: its walk's sorted list as it is (10,000 entries are not re-sorted).
    if (walks.length === 1 && found.every((f) => pick(walks[0]!).includes(f))) return pick(walks[0]!);
    return [...new Set([...walks.flatMap(pick), ...found])].sort();
  };
  const beside = walks.length === 1 ? walks[0]!.beside : new Map(walks.flatMap((w) => [...w.beside]));
  const summary = mergeSummaries(walks.map((w) => w.summary));
  return {
    goModFiles: merged(
      (w) => w.goMods,
      folderFacts.map((f) => f.goMod),
    ),
    goWorkFiles: merged(
      (w) => w.goWorks,
      folderFacts.map((f) => f.goWork),
    ),
    dockerfiles: merged((w) => w.dockerfiles, []),
    versionFiles: merged((w) => w.versionFiles, []),
    folders: folderFacts,
    beside,
    walked: walks.length === 1 ? walks[0]!.walked : new Set(walks.flatMap((w) => [...w.walked])),
    summary,
    cut: cutParts(summary, folders[0] ?? ''),
  };
}

/** A walk cut short, as the part of the workspace the report must say was not searched. */
function cutParts(summary: WalkSummary, folder: string): UnreadPart[] {
  const cut = summary.cutShort;
  if (!cut) return [];
  if (cut.limit === 'depth') {
    const named = (cut.examples ?? []).map((d) => ({
      path: d,
      reason: `${d} is more than ${cut.max} levels below the workspace folder, so it was not searched for go.mod, go.work or Dockerfiles`,
    }));
    const rest = cut.unlisted - named.length;
    return rest > 0
      ? [...named, { path: folder, reason: `${rest} more directories deeper than ${cut.max} levels were not searched` }]
      : named;
  }
  return [
    {
      path: folder,
      reason: `the workspace has more than ${cut.max} directories; the search for go.mod, go.work and Dockerfiles stopped there (${cut.unlisted} more were not searched)`,
    },
  ];
}

function mergeSummaries(list: WalkSummary[]): WalkSummary {
  if (list.length === 1) return list[0]!;
  const skipped = new Map<string, WalkSummary['skipped'][number]>();
  for (const s of list)
    for (const k of s.skipped) {
      const seen = skipped.get(k.reason);
      if (!seen) skipped.set(k.reason, { ...k, examples: [...k.examples] });
      else {
        seen.count += k.count;
        seen.examples = [...seen.examples, ...k.examples].slice(0, EXAMPLES_PER_REASON);
      }
    }
  const cut = list.find((s) => s.cutShort)?.cutShort;
  return { directories: list.reduce((n, s) => n + s.directories, 0), skipped: [...skipped.values()], ...(cut ? { cutShort: cut } : {}) };
}

/** The first `name` file in `dir` or one of its parents. */
async function findUp(host: Host, cache: ProbeCache, dir: string, name: string): Promise<string | undefined> {
  const p = pathApi(host);
  const candidates: string[] = [];
  for (let d = dir; ;) {
    candidates.push(p.join(d, name));
    const parent = p.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const stats = await Promise.all(candidates.map((c) => cache.stat(host, c)));
  const i = stats.findIndex((s) => s?.isFile);
  return i >= 0 ? candidates[i] : undefined;
}

/** go.work as the go command picks it: GOWORK=off none, GOWORK=<file> that file, else the first one walking up. */
async function goWorkFor(host: Host, cache: ProbeCache, dir: string): Promise<string | undefined> {
  const gowork = getEnv(host, 'GOWORK');
  if (gowork === 'off') return undefined;
  if (gowork) {
    const st = await cache.stat(host, gowork);
    return st?.isFile && pathApi(host).isAbsolute(gowork) ? gowork : undefined;
  }
  return findUp(host, cache, dir, 'go.work');
}

export interface ModProbeContext {
  host: Host;
  cache: ProbeCache;
  /** The go that may be asked for its own error messages (undefined: none available). */
  goPath?: string;
  goEnv: Record<string, string | undefined>;
  timeoutMs: number;
  /** The workspace folders: a go.mod or go.work is read only when it resolves inside the folder it lies in. */
  folders: readonly string[];
}

/** `listed`: the walk reached the file through directories that are no links, and it is none (see {@link Beside}). */
function readModuleFile(ctx: ModProbeContext, file: string, listed = false) {
  return ctx.cache.readFile(ctx.host, file, { maxBytes: READ_LIMITS.moduleFile, within: ctx.folders, reachedByListing: listed });
}

function readErrorOf(file: string, read: { stat?: unknown; notRead?: string }): string {
  return read.notRead ?? (read.stat ? `${file} could not be read (no permission, or an I/O error)` : `${file} does not exist`);
}

/** The go command's own message for a file the hand parser rejected; undefined when it could not say. */
async function goCommandErrors(ctx: ModProbeContext, file: string, kind: 'mod' | 'work'): Promise<ParseError[] | undefined> {
  if (!ctx.goPath) return undefined;
  const p = pathApi(ctx.host);
  const env: Record<string, string | undefined> = { ...ctx.goEnv };
  // `go work edit` edits the go.work it finds; point it at this one. `go mod edit` must not see a workspace.
  if (kind === 'work') env.GOWORK = file;
  else env.GOWORK = 'off';
  const args = kind === 'mod' ? ['mod', 'edit', '-json', file] : ['work', 'edit', '-json', file];
  const result = await ctx.cache.exec(
    ctx.host,
    ctx.goPath,
    args,
    { cwd: p.dirname(file), env, timeoutMs: ctx.timeoutMs, maxOutputBytes: 1024 * 1024 },
    [file],
  );
  if (result.spawnError || result.timedOut) return undefined;
  if (result.code === 0) return [];
  const errors = parseGoCommandErrors(result.stderr, p.basename(file));
  return errors.length ? errors : undefined;
}

async function enrichReplaces(host: Host, cache: ProbeCache, dir: string, replaces: ModReplace[]): Promise<void> {
  const p = pathApi(host);
  await Promise.all(
    replaces.map(async (r) => {
      if (!r.isLocal) return;
      const target = host.platform === 'win32' ? r.newPath : r.newPath.replace(/\\/g, '/');
      r.absTarget = p.resolve(dir, target);
      const [st, mod] = await Promise.all([cache.stat(host, r.absTarget), cache.stat(host, p.join(r.absTarget, 'go.mod'))]);
      r.targetExists = !!st?.isDirectory;
      r.targetHasGoMod = !!mod?.isFile;
    }),
  );
}

/** Merges the go command's verdict into the hand parser's: its messages win, our columns fill in. */
function preferGoErrors(own: ParseError[], fromGo: ParseError[] | undefined): ParseError[] {
  if (fromGo === undefined) return own;
  return fromGo.map((e) => {
    const mine = own.find((o) => o.line === e.line);
    return mine && e.column === 1 ? { ...e, column: mine.column } : e;
  });
}

function parseCached(ctx: ModProbeContext, file: string, content: string, kind: 'mod' | 'work'): ParsedModFile {
  const p = pathApi(ctx.host);
  const parsed = ctx.cache.derive(`parse-${kind}`, file, content, () =>
    parseModText(content, kind, { fileName: p.basename(file), windows: ctx.host.platform === 'win32' }),
  );
  // Callers enrich replaces in place; hand them copies so the cached parse stays pristine.
  return {
    ...parsed,
    replaces: parsed.replaces.map((r) => ({ ...r })),
    requires: [...parsed.requires],
    uses: [...parsed.uses],
    errors: [...parsed.errors],
  };
}

/** Reads one go.mod; `beside` (from the walk: go.sum and vendor/ next to it) saves the stats for them. */
export function readGoMod(ctx: ModProbeContext, file: string, beside?: Beside): Promise<GoModFile> {
  const p = pathApi(ctx.host);
  return ctx.cache.memo(
    file,
    () => readGoModNow(ctx, file, beside),
    // A replace target's go.mod counts by its existence, which its directory's changes carry.
    (mod) => ({
      files: [file, ...(mod.hasVendorModulesTxt || beside?.vendor ? [p.join(mod.dir, 'vendor', 'modules.txt')] : [])],
      dirs: [mod.dir, ...mod.replaces.filter((r) => r.absTarget).map((r) => r.absTarget!)],
    }),
  );
}

async function readGoModNow(ctx: ModProbeContext, file: string, beside: Beside | undefined): Promise<GoModFile> {
  const p = pathApi(ctx.host);
  const dir = p.dirname(file);
  const isFile = async (f: string) => !!(await ctx.cache.stat(ctx.host, f))?.isFile;
  const [read, hasGoSum, hasVendorModulesTxt] = await Promise.all([
    readModuleFile(ctx, file, beside !== undefined && !beside.goModIsLink),
    beside ? beside.goSum : isFile(p.join(dir, 'go.sum')),
    beside && !beside.vendor ? false : isFile(p.join(dir, 'vendor', 'modules.txt')),
  ]);
  // Built by one literal and assignments in a fixed order, so that thousands of modules share a few object
  // shapes: objects spread together each got their own, which made every check's pass over them slow.
  const mod: GoModFile = { file, dir, requires: [], replaces: [], errors: [], hasGoSum, hasVendorModulesTxt };
  const content = read.content;
  if (content === undefined) {
    mod.readError = readErrorOf(file, read);
    return mod;
  }
  const parsed = parseCached(ctx, file, content, 'mod');
  if (parsed.errors.length) mod.errors = preferGoErrors(parsed.errors, await goCommandErrors(ctx, file, 'mod'));
  if (parsed.replaces.length) await enrichReplaces(ctx.host, ctx.cache, dir, parsed.replaces);
  if (parsed.module) mod.module = parsed.module;
  if (parsed.go) mod.go = parsed.go;
  if (parsed.toolchain) mod.toolchain = parsed.toolchain;
  mod.requires = parsed.requires;
  mod.replaces = parsed.replaces;
  return mod;
}

/** Whether a directory has a go.mod, when the walk can tell without a stat. */
type KnownGoMod = (dir: string) => boolean | undefined;

/** Reads one go.work; `knownGoMod` answers for the use directories the walk listed. */
export function readGoWork(ctx: ModProbeContext, file: string, knownGoMod: KnownGoMod = () => undefined): Promise<GoWorkFile> {
  return ctx.cache.memo(
    file,
    () => readGoWorkNow(ctx, file, knownGoMod),
    // Whether a use or replace directory has a go.mod changes with the directory (a go.mod created or deleted in
    // it), not with the go.mod's text: saving a module's go.mod leaves the go.work as it was read.
    (work) => ({
      files: [file],
      dirs: [work.dir, ...work.uses.map((u) => u.absPath), ...work.replaces.filter((r) => r.absTarget).map((r) => r.absTarget!)],
    }),
  );
}

async function readGoWorkNow(ctx: ModProbeContext, file: string, knownGoMod: KnownGoMod): Promise<GoWorkFile> {
  const p = pathApi(ctx.host);
  const dir = p.dirname(file);
  const read = await readModuleFile(ctx, file);
  const work: GoWorkFile = { file, dir, uses: [], replaces: [], errors: [] };
  const content = read.content;
  if (content === undefined) {
    work.readError = readErrorOf(file, read);
    return work;
  }
  const parsed = parseCached(ctx, file, content, 'work');
  if (parsed.errors.length) work.errors = preferGoErrors(parsed.errors, await goCommandErrors(ctx, file, 'work'));
  const uses: GoWorkFile['uses'] = [];
  for (const u of parsed.uses) {
    const rel = ctx.host.platform === 'win32' ? u.path : u.path.replace(/\\/g, '/');
    // p.resolve asks for the process's directory each time; the go.work's own is absolute already.
    const absPath = p.isAbsolute(rel) ? p.normalize(rel) : p.join(dir, rel);
    const known = knownGoMod(stripTrailingSeparator(absPath));
    const hasGoMod = known ?? !!(await ctx.cache.stat(ctx.host, p.join(absPath, 'go.mod')))?.isFile;
    uses.push({ path: u.path, absPath: stripTrailingSeparator(absPath), line: u.line, column: u.column, endColumn: u.endColumn, hasGoMod });
  }
  if (parsed.replaces.length) await enrichReplaces(ctx.host, ctx.cache, dir, parsed.replaces);
  if (parsed.go) work.go = parsed.go;
  if (parsed.toolchain) work.toolchain = parsed.toolchain;
  work.uses = uses;
  work.replaces = parsed.replaces;
  return work;
}

/** `/w/a/` -> `/w/a`, as path.resolve gives it (a root stays a root). */
function stripTrailingSeparator(dir: string): string {
  return dir.length > 1 && /[\\/]$/.test(dir) && !/^[A-Za-z]:[\\/]$/.test(dir) ? dir.slice(0, -1) : dir;
}

/** Per go.work, its uses the walk did not reach, for the walk's result it was worked out with (both outlive a save). */
const beyondWalk = new WeakMap<GoWorkFile, { beside: unknown; uses: GoWorkFile['uses'] }>();

function usedBeyondWalk(w: GoWorkFile, beside: unknown, find: () => GoWorkFile['uses']): GoWorkFile['uses'] {
  const hit = beyondWalk.get(w);
  if (hit && hit.beside === beside) return hit.uses;
  const uses = find();
  beyondWalk.set(w, { beside, uses });
  return uses;
}

/** Modules read at once: enough to overlap a network share's latency, few enough that memory stays flat. */
const READ_CONCURRENCY = 64;

/**
 * Every go.work the scan found, then every go.mod: the scan's, and those a go.work uses inside a workspace folder
 * that the walk did not reach (the go command reads them whatever their directory's name). A module kept from
 * an earlier run is taken as it is, without a promise per module; `guard` turns a bug in one file into a
 * recorded error.
 */
export async function readWorkspaceFiles(
  ctx: ModProbeContext,
  scan: WorkspaceScan,
  guard: <T>(step: string, work: () => Promise<T>, fallback: T) => Promise<T>,
): Promise<{ modules: GoModFile[]; works: GoWorkFile[] }> {
  const p = pathApi(ctx.host);
  const knownGoMod: KnownGoMod = (dir) => (scan.walked.has(dir) ? scan.beside.has(dir) : undefined);
  const works = (
    await Promise.all(scan.goWorkFiles.map((f) => guard(`go.work ${f}`, () => readGoWork(ctx, f, knownGoMod), undefined)))
  ).filter((w): w is GoWorkFile => w !== undefined);
  const win = ctx.host.platform === 'win32';
  const inFolder = (dir: string) => scan.folders.some((f) => isUnder(dir, f.folder, win));
  const used = works.flatMap((w) =>
    usedBeyondWalk(w, scan.beside, () => w.uses.filter((u) => u.hasGoMod && !scan.beside.has(u.absPath) && inFolder(u.absPath))),
  );
  const files = used.length ? [...new Set([...scan.goModFiles, ...used.map((u) => p.join(u.absPath, 'go.mod'))])].sort() : scan.goModFiles;
  const modules: (GoModFile | undefined)[] = files.map((f) => ctx.cache.peek<GoModFile>(f));
  const missing = files.map((_, i) => i).filter((i) => !modules[i]);
  await eachLimited(missing, READ_CONCURRENCY, async (i) => {
    const f = files[i]!;
    modules[i] = await guard(`go.mod ${f}`, () => readGoMod(ctx, f, scan.beside.get(p.dirname(f))), undefined);
  });
  return { modules: missing.length ? modules.filter((m): m is GoModFile => m !== undefined) : (modules as GoModFile[]), works };
}

/**
 * One module's go.mod read again after its text changed (a save), exactly as the workspace probe reads it: with
 * what the walk found beside it. Undefined when the walk is not kept (then only a whole probe knows).
 */
export async function rereadGoMod(
  host: Host,
  cache: ProbeCache,
  facts: Pick<Facts, 'folders' | 'activeGo'>,
  options: { file: string; timeoutMs: number },
): Promise<GoModFile | undefined> {
  const p = pathApi(host);
  const roots = [...new Set((facts.folders ?? []).map((f) => p.resolve(f.folder)))];
  const walks = roots.map((root) => cache.peek<FolderWalk>(`walk\0${root}`));
  if (!roots.length || walks.some((w) => !w)) return undefined;
  const dir = p.dirname(options.file);
  let beside: Beside | undefined;
  for (const w of walks) beside = w!.beside.get(dir) ?? beside;
  const ctx: ModProbeContext = {
    host,
    cache,
    goPath: facts.activeGo?.path,
    goEnv: neutralGoSpawnEnv(host),
    timeoutMs: options.timeoutMs,
    folders: (facts.folders ?? []).map((f) => f.folder),
  };
  return readGoMod(ctx, options.file, beside);
}
