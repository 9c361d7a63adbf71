// The Go tools on PATH and in the go-install directory, and one `go version -m` that reads every binary's build info.
import { pathApi, type Host } from '../host';
import type { BinaryInfo, ToolInfo } from '../facts';
import { TOOL_NAMES } from '../data/tools';
import type { ProbeCache } from './cache';
import { execFailure } from './goEnv';
import { findAllOnPath, listedCopies, type FoundExecutable, type PathDir } from './pathProbe';
import { parseVersionM, type VersionMInfo } from './versionM';

/** The go-install directory as one more directory to look tools up in (index -1: not a PATH entry). */
export async function installDirListing(host: Host, cache: ProbeCache, installDir: string | undefined): Promise<PathDir[]> {
  if (!installDir) return [];
  const listing = await cache.readdir(host, installDir);
  if (!listing) return [];
  const fold = (name: string) => (host.platform === 'win32' ? name.toLowerCase() : name);
  return [
    {
      entry: { index: -1, raw: installDir, kind: 'absolute', exists: true, worldWritable: false },
      dir: pathApi(host).normalize(installDir),
      names: new Map(listing.filter((e) => e.isFile || e.isSymlink).map((e) => [fold(e.name), e.name])),
    },
  ];
}

/** Every copy of every known tool: in PATH order, and the one in the go-install directory. */
export async function findTools(host: Host, pathDirs: PathDir[], installDir: PathDir[]): Promise<ToolInfo[]> {
  const asInfo = (f: FoundExecutable): BinaryInfo => ({
    path: f.path,
    realPath: f.realPath,
    ...(f.pathIndex >= 0 ? { pathIndex: f.pathIndex } : {}),
  });
  return Promise.all(
    TOOL_NAMES.map(async (name): Promise<ToolInfo> => {
      const [pathCopies, inInstall] = await Promise.all([findAllOnPath(host, pathDirs, name), findAllOnPath(host, installDir, name)]);
      return { name, ...(inInstall[0] ? { installDirCopy: asInfo(inInstall[0]) } : {}), pathCopies: pathCopies.map(asInfo) };
    }),
  );
}

/** Every file named like a known tool in the PATH listings and the go-install directory, for `go version -m`. */
export function toolCandidates(host: Host, pathDirs: PathDir[], installDir: PathDir[]): string[] {
  return TOOL_NAMES.flatMap((name) => listedCopies(host, [...pathDirs, ...installDir], name));
}

/** The binaries a set of tools names. */
export function toolBinaries(tools: readonly ToolInfo[]): string[] {
  return tools.flatMap((t) => [...(t.installDirCopy ? [t.installDirCopy.path] : []), ...t.pathCopies.map((c) => c.path)]);
}

/** One `go version -m` over every binary: it reads build info without running any of them. */
export async function runVersionM(
  host: Host,
  cache: ProbeCache,
  runner: Pick<BinaryInfo, 'path' | 'realPath'> | undefined,
  env: Record<string, string | undefined>,
  timeoutMs: number,
  files: string[],
): Promise<Map<string, VersionMInfo>> {
  if (!runner || files.length === 0) return new Map();
  // `go version -m` opens each file: a FIFO (or a link to one) would hold it until the timeout, a device forever.
  const regular = host.platform === 'win32' ? files : await regularFiles(host, cache, files);
  const refused = files.filter((f) => !regular.includes(f));
  const info = regular.length ? await versionMOf(host, cache, runner, env, timeoutMs, regular) : new Map<string, VersionMInfo>();
  for (const f of refused) info.set(f, { versionError: 'not a regular file, so it was not read' });
  return info;
}

async function regularFiles(host: Host, cache: ProbeCache, files: string[]): Promise<string[]> {
  const stats = await Promise.all(files.map((f) => cache.stat(host, f)));
  return files.filter((_, i) => stats[i]?.isFile);
}

async function versionMOf(
  host: Host,
  cache: ProbeCache,
  runner: Pick<BinaryInfo, 'path' | 'realPath'>,
  env: Record<string, string | undefined>,
  timeoutMs: number,
  files: string[],
): Promise<Map<string, VersionMInfo>> {
  const args = ['version', '-m', ...files];
  const cwd = pathApi(host).dirname(runner.realPath);
  const result = await cache.exec(host, runner.path, args, { env, cwd, timeoutMs, maxOutputBytes: 4 * 1024 * 1024 }, [
    runner.realPath,
    ...files,
  ]);
  const failure = result.spawnError || result.timedOut ? execFailure(result, `${runner.path} version -m`, timeoutMs) : undefined;
  if (failure) return new Map(files.map((f) => [f, { versionError: failure.message }]));
  return parseVersionM(result.stdout, result.stderr, files);
}
