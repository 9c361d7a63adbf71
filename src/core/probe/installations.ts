// The Go installations: every go on PATH (and, inside WSL, Windows' go.exe there), the one that runs, and copies off PATH.
import { getEnv, pathApi, type Host } from '../host';
import type { Facts, GoInstallation } from '../facts';
import type { ProbeCache } from './cache';
import { findAllOnPath, resolveExecutable, type FoundExecutable, type PathDir } from './pathProbe';

export interface Installations {
  /** Every go binary found on PATH (one per PATH entry that has one), in PATH order. */
  all: GoInstallation[];
  /** The go that runs: the configured one, else the first on PATH that is not Windows' go.exe inside WSL. */
  active?: GoInstallation;
  /** Set when a go was configured: whether it exists as an absolute path. */
  configuredGoExists?: boolean;
}

/** The installation a found go binary belongs to: the directory above its real binary's `bin`. */
async function installation(
  host: Host,
  cache: ProbeCache,
  found: FoundExecutable,
  extra: Partial<GoInstallation> = {},
): Promise<GoInstallation> {
  const p = pathApi(host);
  const goroot = p.dirname(p.dirname(found.realPath));
  const runtime = await cache.stat(host, p.join(goroot, 'src', 'runtime'));
  return {
    path: found.path,
    realPath: found.realPath,
    ...(found.pathIndex >= 0 ? { pathIndex: found.pathIndex } : {}),
    goroot,
    gorootLooksValid: !!runtime?.isDirectory,
    ...extra,
  };
}

export async function findGoInstallations(
  host: Host,
  cache: ProbeCache,
  pathDirs: PathDir[],
  automountRoot: string | undefined,
  configuredGoPath: string | undefined,
): Promise<Installations> {
  const found = await findAllOnPath(host, pathDirs, 'go');
  // Inside WSL, Windows' PATH is appended by interop: a go.exe there is a Windows go the Linux shell would not run as `go`.
  const windowsFound: FoundExecutable[] = [];
  if (host.isWsl) {
    const root = automountRoot ?? '/mnt/';
    const onDrives = pathDirs.filter((d) => d.dir && (d.dir + '/').startsWith(root) && /^[a-z]\//i.test((d.dir + '/').slice(root.length)));
    for (const hit of await findAllOnPath(host, onDrives, 'go.exe'))
      if (!found.some((f) => f.pathIndex === hit.pathIndex)) windowsFound.push(hit);
  }
  const inOrder = [...found.map((f) => ({ f, win: false })), ...windowsFound.map((f) => ({ f, win: true }))].sort(
    (a, b) => a.f.pathIndex - b.f.pathIndex,
  );
  const all = await Promise.all(inOrder.map(({ f, win }) => installation(host, cache, f, win ? { windowsExe: true } : {})));

  if (configuredGoPath) {
    const configured = await resolveExecutable(host, pathDirs, configuredGoPath);
    const configuredGoExists = !!configured && pathApi(host).isAbsolute(configuredGoPath);
    if (configured && configuredGoExists) {
      const active = all.find((g) => g.path === configured.path) ?? (await installation(host, cache, configured));
      return { all, active, configuredGoExists };
    }
    return { all, active: all.find((g) => !g.windowsExe), configuredGoExists };
  }
  return { all, active: all.find((g) => !g.windowsExe) };
}

/**
 * A shim or wrapper on PATH (asdf/goenv scripts, snap's /snap/bin/go -> /usr/bin/snap) is not the go command
 * itself: `go version -m` cannot read it, or reads the wrapper's own build. When `go env` answered through it,
 * its GOVERSION and GOROOT say which Go runs, so the active go is that one, not broken and not the wrapper's Go.
 */
export function adoptWrappedGo(go: GoInstallation, vars: Record<string, string>, goroot: Facts['goroot']): GoInstallation {
  const isWrapper = !!go.versionError || !go.goVersion || (go.packagePath !== undefined && go.packagePath !== 'cmd/go');
  const version = vars.GOVERSION;
  if (!isWrapper || !version || !/^go\d/.test(version)) return go;
  // The wrapper's own build info says nothing about the Go it runs.
  const adopted: GoInstallation = { ...go, goVersion: version };
  delete adopted.versionError;
  delete adopted.packagePath;
  delete adopted.modulePath;
  delete adopted.moduleVersion;
  if (!go.gorootLooksValid && vars.GOROOT && goroot?.path === vars.GOROOT) {
    adopted.goroot = vars.GOROOT;
    adopted.gorootLooksValid = goroot.hasSrcRuntime;
  }
  return adopted;
}

/** Where Go is usually installed, per platform; used to say "there is a go at X, just not on PATH". */
export function wellKnownGoLocations(host: Host): string[] {
  const p = pathApi(host);
  if (host.platform === 'win32') {
    const programFiles = getEnv(host, 'ProgramFiles') || 'C:\\Program Files';
    const local = getEnv(host, 'LocalAppData');
    const profile = getEnv(host, 'USERPROFILE') || host.homedir;
    return [
      p.join(programFiles, 'Go', 'bin', 'go.exe'),
      'C:\\Go\\bin\\go.exe',
      ...(local ? [p.join(local, 'Programs', 'Go', 'bin', 'go.exe')] : []),
      ...(profile ? [p.join(profile, 'go', 'bin', 'go.exe'), p.join(profile, 'scoop', 'apps', 'go', 'current', 'bin', 'go.exe')] : []),
    ];
  }
  const home = getEnv(host, 'HOME') || host.homedir;
  const common = ['/usr/local/go/bin/go', '/usr/lib/go/bin/go', '/usr/bin/go', '/usr/local/bin/go', '/opt/go/bin/go', '/snap/bin/go'];
  const darwin =
    host.platform === 'darwin' ? ['/opt/homebrew/bin/go', '/opt/homebrew/opt/go/libexec/bin/go', '/usr/local/opt/go/libexec/bin/go'] : [];
  const user = home ? [p.join(home, 'go', 'bin', 'go'), p.join(home, '.local', 'go', 'bin', 'go'), p.join(home, '.go', 'bin', 'go')] : [];
  return [...common, ...darwin, ...user];
}

/** go binaries at well-known places (and ~/sdk/goX.Y.Z, where golang.org/dl unpacks releases) that are not among `known`. */
export async function findGoCandidates(host: Host, cache: ProbeCache, known: readonly GoInstallation[]): Promise<string[]> {
  const knownPaths = new Set(known.flatMap((g) => [g.path, g.realPath]));
  const p = pathApi(host);
  const home = host.platform === 'win32' ? getEnv(host, 'USERPROFILE') || host.homedir : getEnv(host, 'HOME') || host.homedir;
  const sdkDir = home ? p.join(home, 'sdk') : undefined;
  const sdk = sdkDir
    ? ((await cache.readdir(host, sdkDir)) ?? [])
        .filter((e) => e.isDirectory && /^go1/.test(e.name))
        .map((e) => p.join(sdkDir, e.name, 'bin', host.platform === 'win32' ? 'go.exe' : 'go'))
    : [];
  const candidates = [...new Set([...wellKnownGoLocations(host), ...sdk])];
  const found = await Promise.all(
    candidates.map(async (c) => {
      if (!(await host.fs.isExecutable(c).catch(() => false))) return undefined;
      const real = (await host.fs.realpath(c).catch(() => undefined)) ?? c;
      return knownPaths.has(c) || knownPaths.has(real) ? undefined : { path: c, real };
    }),
  );
  // Several names for one binary (a symlink in /usr/bin to /usr/lib/go): keep the first.
  const reals = new Set<string>();
  const out: string[] = [];
  for (const c of found) {
    if (!c || reals.has(c.real)) continue;
    reals.add(c.real);
    out.push(c.path);
  }
  return out;
}
