// Workspace probing: finds go.mod/go.work files (below each folder and the ones the go command finds walking up) and reads them.
import { getEnv, pathApi, type Host } from '../host';
import type { GoModFile, GoWorkFile, ModReplace, ParseError, UnreadPart } from '../facts';
import type { ProbeCache } from './cache';
import { READ_LIMITS } from './read';
import { parseGoCommandErrors, parseModText, type ParsedModFile } from './modfile';

/** Directories never searched for modules: VCS data, dependencies, test data, hidden and `_` folders (the go command skips those too). */
const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', 'testdata']);
const MAX_WALK_DEPTH = 12;
const MAX_WALK_DIRS = 20000;

interface WorkspaceScan {
  goModFiles: string[];
  goWorkFiles: string[];
  /** Dockerfiles met on the way (for the CI probe). */
  dockerfiles: string[];
  folders: { folder: string; goMod?: string; goWork?: string }[];
  /** Names in each walked directory, so reading a module needs no extra stat for go.sum or vendor/. */
  listings: Map<string, Set<string>>;
  /** Where the walk stopped short (depth or directory limit): said in the report, never silent. */
  cut: UnreadPart[];
}

/** How many cut-short directories are named one by one; the rest are counted. */
const MAX_CUT_NAMED = 10;

function isDockerfileName(name: string): boolean {
  return /^Dockerfile/i.test(name) || /\.Dockerfile$/i.test(name);
}

/** Walks each workspace folder (directories in parallel, bounded), then walks up from it like the go command. */
export async function scanWorkspace(host: Host, cache: ProbeCache, folders: string[]): Promise<WorkspaceScan> {
  const p = pathApi(host);
  const goMods = new Set<string>();
  const goWorks = new Set<string>();
  const dockerfiles = new Set<string>();
  const listings = new Map<string, Set<string>>();
  let dirsVisited = 0;
  const visited = new Set<string>();
  const tooDeep: string[] = [];
  let tooDeepCount = 0;
  let notVisited = 0;

  const walk = async (dir: string, depth: number): Promise<void> => {
    const key = host.platform === 'win32' ? dir.toLowerCase() : dir;
    if (visited.has(key)) return;
    if (dirsVisited >= MAX_WALK_DIRS) {
      notVisited++;
      return;
    }
    visited.add(key);
    dirsVisited++;
    const entries = await cache.readdir(host, dir);
    if (!entries) return;
    listings.set(dir, new Set(entries.map((e) => e.name)));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.isDirectory) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || e.name.startsWith('_')) continue;
        if (depth < MAX_WALK_DEPTH) subdirs.push(p.join(dir, e.name));
        else if (tooDeepCount++ < MAX_CUT_NAMED) tooDeep.push(p.join(dir, e.name));
      } else if (e.isFile || e.isSymlink) {
        if (e.name === 'go.mod') goMods.add(p.join(dir, e.name));
        else if (e.name === 'go.work') goWorks.add(p.join(dir, e.name));
        else if (isDockerfileName(e.name)) dockerfiles.add(p.join(dir, e.name));
      }
    }
    await Promise.all(subdirs.map((d) => walk(d, depth + 1)));
  };

  const folderFacts = await Promise.all(
    folders.map(async (folder) => {
      const root = p.resolve(folder);
      const [, goMod, goWork] = await Promise.all([walk(root, 0), findUp(host, cache, root, 'go.mod'), goWorkFor(host, cache, root)]);
      return { folder: root, ...(goMod ? { goMod } : {}), ...(goWork ? { goWork } : {}) };
    }),
  );
  for (const f of folderFacts) {
    if (f.goMod) goMods.add(f.goMod);
    if (f.goWork) goWorks.add(f.goWork);
  }
  const cut: UnreadPart[] = tooDeep.map((d) => ({
    path: d,
    reason: `${d} is more than ${MAX_WALK_DEPTH} levels below the workspace folder, so it was not searched for go.mod, go.work or Dockerfiles`,
  }));
  if (tooDeepCount > tooDeep.length)
    cut.push({
      path: folders[0] ?? '',
      reason: `${tooDeepCount - tooDeep.length} more directories deeper than ${MAX_WALK_DEPTH} levels were not searched`,
    });
  if (notVisited > 0)
    cut.push({
      path: folders[0] ?? '',
      reason: `the workspace has more than ${MAX_WALK_DIRS} directories; the search for go.mod, go.work and Dockerfiles stopped there (${notVisited} more were not searched)`,
    });
  return {
    goModFiles: [...goMods].sort(),
    goWorkFiles: [...goWorks].sort(),
    dockerfiles: [...dockerfiles].sort(),
    folders: folderFacts,
    listings,
    cut,
  };
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

function readModuleFile(ctx: ModProbeContext, file: string) {
  return ctx.cache.readFile(ctx.host, file, { maxBytes: READ_LIMITS.moduleFile, within: ctx.folders });
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

/** Reads one go.mod; `listing` (names in its directory, from the walk) saves the stats for go.sum and vendor/. */
export async function readGoMod(ctx: ModProbeContext, file: string, listing?: Set<string>): Promise<GoModFile> {
  const p = pathApi(ctx.host);
  const dir = p.dirname(file);
  const isFile = async (f: string) => !!(await ctx.cache.stat(ctx.host, f))?.isFile;
  const [read, hasGoSum, hasVendorModulesTxt] = await Promise.all([
    readModuleFile(ctx, file),
    listing && !listing.has('go.sum') ? false : isFile(p.join(dir, 'go.sum')),
    listing && !listing.has('vendor') ? false : isFile(p.join(dir, 'vendor', 'modules.txt')),
  ]);
  const base: GoModFile = { file, dir, requires: [], replaces: [], errors: [], hasGoSum, hasVendorModulesTxt };
  const content = read.content;
  if (content === undefined) return { ...base, readError: readErrorOf(file, read) };
  const parsed = parseCached(ctx, file, content, 'mod');
  const errors = parsed.errors.length ? preferGoErrors(parsed.errors, await goCommandErrors(ctx, file, 'mod')) : [];
  await enrichReplaces(ctx.host, ctx.cache, dir, parsed.replaces);
  return {
    ...base,
    ...(parsed.module ? { module: parsed.module } : {}),
    ...(parsed.go ? { go: parsed.go } : {}),
    ...(parsed.toolchain ? { toolchain: parsed.toolchain } : {}),
    requires: parsed.requires,
    replaces: parsed.replaces,
    errors,
  };
}

export async function readGoWork(ctx: ModProbeContext, file: string): Promise<GoWorkFile> {
  const p = pathApi(ctx.host);
  const dir = p.dirname(file);
  const read = await readModuleFile(ctx, file);
  const base: GoWorkFile = { file, dir, uses: [], replaces: [], errors: [] };
  const content = read.content;
  if (content === undefined) return { ...base, readError: readErrorOf(file, read) };
  const parsed = parseCached(ctx, file, content, 'work');
  const errors = parsed.errors.length ? preferGoErrors(parsed.errors, await goCommandErrors(ctx, file, 'work')) : [];
  const uses = await Promise.all(
    parsed.uses.map(async (u) => {
      const rel = ctx.host.platform === 'win32' ? u.path : u.path.replace(/\\/g, '/');
      const absPath = p.resolve(dir, rel);
      const st = await ctx.cache.stat(ctx.host, p.join(absPath, 'go.mod'));
      return { ...u, absPath, hasGoMod: !!st?.isFile };
    }),
  );
  await enrichReplaces(ctx.host, ctx.cache, dir, parsed.replaces);
  return {
    ...base,
    ...(parsed.go ? { go: parsed.go } : {}),
    ...(parsed.toolchain ? { toolchain: parsed.toolchain } : {}),
    uses,
    replaces: parsed.replaces,
    errors,
  };
}
