// Gathers every fact the checks judge from a Host: PATH, go binaries, go env and its sources, tools, workspace files, CI, WSL.
import { getEnv, pathApi, type Host } from '../host';
import { toolchainNamesWanted } from '../toolchain';
import type { BinaryInfo, DirFact, EnvFile, Facts, GoEnvProbe, GoInstallation, ToolInfo } from '../facts';
import { ProbeCache } from './cache';
import { probeCi } from './ci';
import { probeDir } from './dirs';
import {
  execFailure,
  envValue,
  goEnvFilePath,
  goSpawnEnv,
  neutralGoSpawnEnv,
  GO_ENV_NAMES,
  KEY_ENV_NAMES,
  parseEnvFile,
  parseGoEnvJson,
} from './goEnv';
import {
  findAllOnPath,
  firstOnPathByStat,
  listedCopies,
  probePathDirs,
  resolveExecutable,
  type FoundExecutable,
  type PathDir,
} from './pathProbe';
import { TOOL_NAMES } from './tools';
import { parseVersionM, type VersionMInfo } from './versionM';
import { probeDefender, probeVirtualStore, probeWindowsWsl } from './windows';
import { probeWsl } from './wsl';
import { releaseSettings, startReleaseProbe } from './releases';
import { detectManager } from '../managers';
import { readGoMod, readGoWork, scanWorkspace, type ModProbeContext } from './workspace';

export { ProbeCache } from './cache';
export { TOOL_NAMES } from './tools';

export interface ProbeOptions {
  workspaceFolders: string[];
  /** Limit for every process the probes start; a process still running then is killed with its group. */
  timeoutMs: number;
  /** A go binary chosen by the user (setting or --go); used instead of the first go on PATH when it exists. */
  configuredGoPath?: string;
  debuggingSetUp?: boolean;
  /**
   * On Windows, ask wsl.exe for the distros and probe the debug distro inside (go, dlv). Off by default:
   * wsl.exe can take seconds while the WSL VM starts, so only faces that debug across WSL turn it on.
   */
  probeWsl?: boolean;
  /** The distro chosen for debugging across WSL; the default distro when unset. */
  debugDistro?: string;
  /** The debug bridge's transport to dlv inside WSL (`tcp` relies on WSL localhost forwarding). */
  debugTransport?: 'stdio' | 'tcp';
  /** On Windows, ask Defender (one PowerShell) about real-time scanning of the Go caches; on unless false. */
  probeDefender?: boolean;
  /** Reuse results across calls (the extension keeps one and invalidates it from file watchers). */
  cache?: ProbeCache;
}

type Timings = Record<string, number>;

function timer(timings: Timings) {
  return async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round((performance.now() - start) * 100) / 100;
    }
  };
}

/** Runs a probe step; a bug in one step is recorded and yields `fallback` instead of failing the whole check. */
async function guarded<T>(errors: string[], step: string, work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    errors.push(`${step}: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}

function emptyFacts(host: Host, options: ProbeOptions): Facts {
  return {
    host: {
      platform: host.platform,
      arch: host.arch,
      isWsl: host.isWsl,
      cwd: host.cwd,
      homedir: host.homedir,
      ...(host.platform === 'win32' && getEnv(host, 'USERPROFILE') ? { userProfile: getEnv(host, 'USERPROFILE') } : {}),
    },
    context: {
      debuggingSetUp: options.debuggingSetUp ?? false,
      ...(options.configuredGoPath ? { configuredGoPath: options.configuredGoPath } : {}),
      ...(options.debugDistro ? { debugDistro: options.debugDistro } : {}),
      ...(options.debugTransport ? { debugTransport: options.debugTransport } : {}),
    },
    path: [],
    goInstallations: [],
    goEnv: { vars: {} },
    env: {},
    dirs: {},
    tools: [],
    workspaceFolders: [...options.workspaceFolders],
    modules: [],
    works: [],
    ci: [],
    timingsMs: {},
  };
}

/** Everything the checks need, gathered in parallel. Never throws: failures become facts. */
export async function gatherFacts(host: Host, options: ProbeOptions): Promise<Facts> {
  const started = performance.now();
  const facts = emptyFacts(host, options);
  const probeErrors: string[] = [];
  try {
    await gather(host, options, facts, probeErrors);
  } catch (e) {
    probeErrors.push(`probe: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (probeErrors.length) facts.probeErrors = probeErrors;
  facts.timingsMs.total = Math.round((performance.now() - started) * 100) / 100;
  return facts;
}

async function gather(host: Host, options: ProbeOptions, facts: Facts, errors: string[]): Promise<void> {
  const cache = options.cache ?? new ProbeCache();
  const timed = timer(facts.timingsMs);
  const p = pathApi(host);
  const timeoutMs = options.timeoutMs;
  const spawnEnv = goSpawnEnv(host);
  const neutralEnv = neutralGoSpawnEnv(host);

  // Phase 1: everything that needs no go at all, in parallel.
  const goenvLocation = goEnvFilePath(host);
  const wslPromise = host.isWsl
    ? guarded(errors, 'wsl', () => timed('wsl', () => probeWsl(host, cache)), undefined)
    : Promise.resolve(undefined);
  // Windows-only probes need nothing from go: they run alongside everything else and are awaited last.
  const windowsPromise = host.platform === 'win32' ? gatherWindows(host, cache, options, errors, timed) : Promise.resolve(undefined);
  const userFilePromise = guarded(errors, 'goenv-file', () => readEnvFile(host, cache, goenvLocation.path), undefined);
  // go env is the slowest step: it starts with the go a stat per PATH entry finds, while the full scan runs.
  const runGoEnv = (go: { path: string; realPath: string }, userFile: EnvFile | undefined): Promise<GoEnvProbe> =>
    timed('goEnv', async () => {
      const args = ['env', '-json', ...GO_ENV_NAMES];
      const gorootGuess = userFile?.vars.GOROOT || getEnv(host, 'GOROOT') || p.dirname(p.dirname(go.realPath));
      const deps = [go.realPath, goenvLocation.path, p.join(gorootGuess, 'go.env')].filter((x): x is string => !!x);
      const result = await cache.exec(
        host,
        go.path,
        args,
        { env: spawnEnv, cwd: p.dirname(go.realPath), timeoutMs, maxOutputBytes: 1024 * 1024 },
        deps,
      );
      return parseGoEnvJson(result, `${go.path} ${args.join(' ')}`, timeoutMs);
    });
  const earlyGo = options.configuredGoPath ? Promise.resolve(undefined) : firstOnPathByStat(host, 'go').catch(() => undefined);
  // The list of Go releases comes from the module proxy, fetched beside everything else; settled last, never waited for.
  const releases = startReleaseProbe(host, releaseSettings(host, cache, earlyGo, userFilePromise), { timeoutMs });
  // Wrapped in an object so that awaiting the start does not wait for the result.
  const earlyGoEnvStart = Promise.all([earlyGo, userFilePromise]).then(([go, userFile]) => ({
    probe: go ? runGoEnv(go, userFile).catch(() => undefined) : undefined,
  }));
  const earlyGoEnv = earlyGoEnvStart.then((started) => started.probe).catch(() => undefined);
  const [pathDirs, userFile, wsl] = await Promise.all([
    // The full scan starts once go env is under way: on a local disk it runs synchronously and would delay it.
    earlyGoEnvStart.then(() =>
      guarded(
        errors,
        'path',
        () => timed('path', () => probePathDirs(host, cache, host.isWsl ? ['go.exe', ...TOOL_NAMES] : TOOL_NAMES)),
        [] as PathDir[],
      ),
    ),
    userFilePromise,
    wslPromise,
  ]);
  facts.path = pathDirs.map((d) => d.entry);
  if (wsl) facts.wsl = wsl;
  if (userFile) facts.goenvFile = userFile;

  // go version -m starts next, over every go and tool named in the PATH listings and the go-install directory
  // (predicted from the OS environment and the user's go env file; $GOROOT/go.env almost never moves it, and
  // phase 4 looks again if it does). Any go on PATH reads build info alike, so the early one runs it.
  const predictedInstallDir = installDirFrom(host, (name) => sourceValue(host, name, userFile, undefined));
  const startVersionM = (
    runner: { path: string; realPath: string } | undefined,
  ): { started: Promise<void>; versions: Promise<Map<string, VersionMInfo>> } => {
    const root = userFile?.vars.GOROOT || getEnv(host, 'GOROOT');
    const ownRoot = runner ? p.dirname(p.dirname(runner.realPath)) : undefined;
    // A GOROOT set elsewhere than the runner's own installation: read that installation's go too.
    const gorootGo = root && root !== ownRoot ? p.join(root, 'bin', host.platform === 'win32' ? 'go.exe' : 'go') : undefined;
    const extra = gorootGo ? cache.stat(host, gorootGo).then((st) => (st?.isFile ? [gorootGo] : [])) : Promise.resolve([] as string[]);
    const goCopies = [...listedCopies(host, pathDirs, 'go'), ...(host.isWsl ? listedCopies(host, pathDirs, 'go.exe') : [])];
    const run = Promise.all([toolCandidates(host, cache, pathDirs, predictedInstallDir), extra]).then(([toolFiles, extraBinaries]) => ({
      versions: timed('goVersionM', () =>
        runVersionM(host, cache, runner, runner ? p.dirname(runner.realPath) : undefined, neutralEnv, timeoutMs, [
          ...new Set([...(runner ? [runner.path] : []), ...goCopies, ...toolFiles, ...extraBinaries]),
        ]),
      ),
    }));
    return { started: run.then(() => undefined), versions: run.then((r) => r.versions) };
  };
  const early = await earlyGo;
  const earlyVersionM = early ? startVersionM(early) : undefined;
  // Everything else waits until that process is started: done synchronously first, it would only delay it.
  await earlyVersionM?.started.catch(() => undefined);

  // Phase 2: the go binaries on PATH and the active one.
  await guarded(
    errors,
    'go-installations',
    () => timed('goInstallations', () => findGoInstallations(host, cache, pathDirs, facts, options)),
    undefined,
  );
  const activeGo = facts.activeGo;
  // The early go env stands when the full scan agrees on the active go; otherwise it runs for the right one.
  const goCwd = activeGo ? p.dirname(activeGo.realPath) : undefined;
  const goEnvPromise: Promise<GoEnvProbe> = activeGo
    ? earlyGo.then((go) =>
        go?.path === activeGo.path ? earlyGoEnv.then((probe) => probe ?? runGoEnv(activeGo, userFile)) : runGoEnv(activeGo, userFile),
      )
    : Promise.resolve({ vars: {} });

  const gorootGuess = userFile?.vars.GOROOT || getEnv(host, 'GOROOT') || activeGo?.goroot;
  const toolsPromise = guarded(errors, 'tools', () => findTools(host, cache, pathDirs, predictedInstallDir), [] as ToolInfo[]);
  const versionMPromise = (earlyVersionM ?? startVersionM(activeGo)).versions;

  // The workspace walk starts once the tools are found: file-system work queued before then would only
  // delay the go spawns, which are the slowest part, and the walk finishes while they run.
  const workspacePromise = toolsPromise.then(() =>
    guarded(errors, 'workspace', () => timed('workspaceScan', () => scanWorkspace(host, cache, options.workspaceFolders)), {
      goModFiles: [],
      goWorkFiles: [],
      dockerfiles: [],
      folders: [],
      listings: new Map<string, Set<string>>(),
    }),
  );

  // Go installs off PATH only feed advice when no go runs (go-missing) or, in WSL, when the one that runs may be
  // Windows' (wsl-windows-go): looked for then, after the tools, and awaited last.
  const wantCandidates = !activeGo || host.isWsl;
  const goCandidatesPromise = wantCandidates
    ? toolsPromise.then(() => guarded(errors, 'go-candidates', () => timed('goCandidates', () => findGoCandidates(host, cache, facts)), []))
    : Promise.resolve([] as string[]);
  // $GOROOT/go.env: the go command finds GOROOT from the user file, then the OS environment, then its own location.
  let gorootFile = gorootGuess
    ? await guarded(errors, 'goroot-go.env', () => readEnvFile(host, cache, p.join(gorootGuess, 'go.env')), undefined)
    : undefined;
  const explicitTarget = ['GOOS', 'GOARCH'].some((n) => !!getEnv(host, n) || !!userFile?.vars[n]);

  // Phase 3: the go spawns (plus dist list when a target is set) alongside workspace and CI work.
  const distListPromise =
    activeGo && explicitTarget
      ? timed('distList', async () => {
          const result = await cache.exec(
            host,
            activeGo.path,
            ['tool', 'dist', 'list'],
            { env: neutralEnv, cwd: goCwd, timeoutMs, maxOutputBytes: 1024 * 1024 },
            [activeGo.realPath],
          );
          if (execFailure(result, 'go tool dist list', timeoutMs)) return undefined;
          return result.stdout
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => /^[\w-]+\/[\w-]+$/.test(l));
        })
      : Promise.resolve(undefined);

  const modCtx: ModProbeContext = { host, cache, goPath: activeGo?.path, goEnv: neutralEnv, timeoutMs };
  const workspaceFilesPromise = workspacePromise.then((scan) =>
    timed('workspace', async () => {
      const [modules, works] = await Promise.all([
        Promise.all(
          scan.goModFiles.map((f) =>
            guarded(errors, `go.mod ${f}`, () => readGoMod(modCtx, f, scan.listings.get(p.dirname(f))), undefined),
          ),
        ),
        Promise.all(scan.goWorkFiles.map((f) => guarded(errors, `go.work ${f}`, () => readGoWork(modCtx, f), undefined))),
      ]);
      return { modules: modules.filter((m) => m !== undefined), works: works.filter((w) => w !== undefined), folders: scan.folders };
    }),
  );
  const ciPromise = workspacePromise.then((scan) =>
    guarded(
      errors,
      'ci',
      () =>
        timed('ci', () =>
          probeCi(
            host,
            cache,
            scan.folders.map((f) => f.folder),
            scan.dockerfiles,
          ),
        ),
      [],
    ),
  );

  // What go env and the workspace decide is settled as soon as they answer, while go version -m may still run.
  const goEnvGuarded = guarded(errors, 'go-env', () => goEnvPromise, { vars: {} } as GoEnvProbe);
  const workspaceGuarded = guarded(errors, 'workspace-files', () => workspaceFilesPromise, { modules: [], works: [], folders: [] });
  const envStage = Promise.all([goEnvGuarded, workspaceGuarded]).then(async ([goEnv, workspace]) => {
    // go env may name another GOROOT (e.g. go env -w GOROOT=…) than guessed: read that go.env instead.
    const realGoroot = goEnv.vars.GOROOT;
    if (realGoroot && realGoroot !== gorootGuess) {
      gorootFile = await guarded(errors, 'goroot-go.env', () => readEnvFile(host, cache, p.join(realGoroot, 'go.env')), gorootFile);
    }
    // Phase 4: values and their sources, the go-install dir, cache dirs, the C compiler, GOROOT, goX.Y.Z on PATH.
    const env: Facts['env'] = {};
    for (const name of KEY_ENV_NAMES) env[name] = envValue(host, name, userFile, gorootFile, goEnv.failure ? undefined : goEnv.vars[name]);
    const installDir =
      goEnv.vars.GOBIN || (goEnv.vars.GOPATH !== undefined ? installDirFrom(host, (n) => goEnv.vars[n] ?? '') : predictedInstallDir);
    const lines = [...workspace.modules, ...workspace.works].map((f) => ({ go: f.go?.value, toolchain: f.toolchain?.value }));
    const [pathToolchains, gocache, gomodcache, installDirFact, cc, goroot] = await Promise.all([
      guarded(errors, 'path-toolchains', () => findPathToolchains(host, pathDirs, toolchainNamesWanted(env.GOTOOLCHAIN?.value, lines)), []),
      dirFact(host, cache, env.GOCACHE?.value),
      dirFact(host, cache, env.GOMODCACHE?.value),
      dirFact(host, cache, installDir),
      timed('cc', () => resolveCc(host, pathDirs, env.CC?.value)),
      guarded(errors, 'goroot', () => gorootFact(host, cache, goEnv.vars.GOROOT || gorootGuess), undefined),
    ]);
    return { goEnv, workspace, env, installDir, pathToolchains, gocache, gomodcache, installDirFact, cc, goroot };
  });

  const [stage, versionM, distList, ci, tools, goCandidates] = await Promise.all([
    envStage,
    guarded(errors, 'go-version-m', () => versionMPromise, new Map<string, VersionMInfo>()),
    guarded(errors, 'dist-list', () => distListPromise, undefined),
    ciPromise,
    toolsPromise,
    goCandidatesPromise,
  ]);
  const { goEnv, workspace, installDir } = stage;
  if (goCandidates.length) facts.goCandidates = goCandidates;
  facts.goEnv = goEnv;
  if (distList) facts.distList = distList;
  facts.modules = workspace.modules;
  facts.works = workspace.works;
  facts.folders = workspace.folders;
  facts.ci = ci;
  if (gorootFile) facts.gorootEnvFile = gorootFile;
  facts.env = stage.env;
  if (stage.pathToolchains.length) facts.pathToolchains = stage.pathToolchains;
  if (installDir) facts.installDir = installDir;

  let allTools = tools;
  let versions = versionM;
  if (installDir && installDir !== predictedInstallDir) {
    // Rare: go env disagrees with the prediction; look in the real directory and read just the new copies.
    allTools = await guarded(errors, 'tools', () => findTools(host, cache, pathDirs, installDir), tools);
    const known = new Set(binariesOf(facts, tools));
    const extra = binariesOf(facts, allTools).filter((b) => !known.has(b));
    if (extra.length) {
      const more = await guarded(
        errors,
        'go-version-m',
        () => runVersionM(host, cache, activeGo, goCwd, neutralEnv, timeoutMs, extra),
        new Map<string, VersionMInfo>(),
      );
      versions = new Map([...versionM, ...more]);
    }
  }
  const fill = (b: BinaryInfo) =>
    Object.assign(b, versions.get(b.path) ?? (activeGo ? { versionError: 'not reported by go version -m' } : {}));
  for (const g of facts.goInstallations) fill(g);
  if (facts.activeGo && !facts.goInstallations.includes(facts.activeGo)) fill(facts.activeGo);
  for (const t of allTools) {
    if (t.installDirCopy) fill(t.installDirCopy);
    t.pathCopies.forEach(fill);
  }
  facts.tools = allTools;

  if (stage.goroot) {
    const { binary, ...goroot } = stage.goroot;
    // A source checkout has no VERSION file: then its go binary says which release it is.
    const version = goroot.version ?? versions.get(binary)?.goVersion;
    facts.goroot = { ...goroot, ...(version ? { version } : {}) };
  }
  if (stage.gocache) facts.dirs.GOCACHE = stage.gocache;
  if (stage.gomodcache) facts.dirs.GOMODCACHE = stage.gomodcache;
  if (stage.installDirFact) facts.dirs.installDir = stage.installDirFact;
  if (stage.cc) facts.cc = stage.cc;
  if (facts.activeGo && !goEnv.failure) adoptWrappedGo(facts.activeGo, goEnv.vars, facts.goroot);
  for (const g of [...facts.goInstallations, ...(facts.activeGo ? [facts.activeGo] : [])]) g.manager ??= detectManager(g);

  facts.releases = await guarded(errors, 'releases', () => timed('releases', () => releases.settle()), undefined);
  const windows = await windowsPromise;
  if (windows?.windowsWsl) facts.windowsWsl = windows.windowsWsl;
  if (windows?.virtualStore?.length) facts.virtualStore = windows.virtualStore;
  if (windows?.defender) facts.defender = windows.defender;
}

/** WSL from the Windows side (wsl.exe spawns only with probeWsl), VirtualStore copies of Go, Defender's scanning. */
async function gatherWindows(host: Host, cache: ProbeCache, options: ProbeOptions, errors: string[], timed: ReturnType<typeof timer>) {
  const [windowsWsl, virtualStore, defender] = await Promise.all([
    guarded(
      errors,
      'windows-wsl',
      () =>
        timed('windowsWsl', () =>
          probeWindowsWsl(host, cache, {
            timeoutMs: options.timeoutMs,
            probeWsl: options.probeWsl ?? false,
            debugDistro: options.debugDistro,
          }),
        ),
      undefined,
    ),
    guarded(errors, 'virtual-store', () => timed('virtualStore', () => probeVirtualStore(host, cache)), []),
    options.probeDefender === false
      ? Promise.resolve(undefined)
      : guarded(errors, 'defender', () => timed('defender', () => probeDefender(host, cache, options.timeoutMs)), undefined),
  ]);
  return { windowsWsl, virtualStore, defender };
}

/**
 * A shim or wrapper on PATH (asdf/goenv scripts, snap's /snap/bin/go -> /usr/bin/snap) is not the go command
 * itself: `go version -m` cannot read it, or reads the wrapper's own build. When `go env` answered through it,
 * its GOVERSION and GOROOT say which Go runs, so the active go is that one, not broken and not the wrapper's Go.
 */
function adoptWrappedGo(go: GoInstallation, vars: Record<string, string>, goroot: Facts['goroot']): void {
  const isWrapper = !!go.versionError || !go.goVersion || (go.packagePath !== undefined && go.packagePath !== 'cmd/go');
  const version = vars.GOVERSION;
  if (!isWrapper || !version || !/^go\d/.test(version)) return;
  go.goVersion = version;
  delete go.versionError;
  delete go.packagePath;
  delete go.modulePath;
  delete go.moduleVersion;
  if (!go.gorootLooksValid && vars.GOROOT && goroot?.path === vars.GOROOT) {
    go.goroot = vars.GOROOT;
    go.gorootLooksValid = goroot.hasSrcRuntime;
  }
}

/** The effective GOROOT and what is there: its go binary, src/runtime, and the release its VERSION file names. */
async function gorootFact(
  host: Host,
  cache: ProbeCache,
  goroot: string | undefined,
): Promise<(NonNullable<Facts['goroot']> & { binary: string }) | undefined> {
  if (!goroot) return undefined;
  const p = pathApi(host);
  const goBin = p.join(goroot, 'bin', host.platform === 'win32' ? 'go.exe' : 'go');
  const [dir, bin, runtime, versionFile, realPath] = await Promise.all([
    cache.stat(host, goroot),
    cache.stat(host, goBin),
    cache.stat(host, p.join(goroot, 'src', 'runtime')),
    cache.readFile(host, p.join(goroot, 'VERSION')),
    host.fs.realpath(goroot).catch(() => undefined),
  ]);
  // $GOROOT/VERSION starts with the release name (go1.26.8).
  const fromFile = versionFile.content?.split(/\r?\n/)[0]?.trim();
  return {
    path: goroot,
    binary: goBin,
    exists: !!dir?.isDirectory,
    hasGoBinary: !!bin?.isFile,
    hasSrcRuntime: !!runtime?.isDirectory,
    ...(realPath && realPath !== goroot ? { realPath } : {}),
    ...(fromFile && /^go\d/.test(fromFile) ? { version: fromFile } : {}),
  };
}

/** The goX.Y.Z executables on PATH a toolchain selection could ask for: the first of each name, as GOTOOLCHAIN=path finds them. */
async function findPathToolchains(host: Host, pathDirs: PathDir[], names: string[]): Promise<{ name: string; path: string }[]> {
  const found = await Promise.all(names.map(async (name) => ({ name, first: await resolveExecutable(host, pathDirs, name) })));
  return found.filter((f) => f.first).map((f) => ({ name: f.name, path: f.first!.path }));
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

async function findGoCandidates(host: Host, cache: ProbeCache, facts: Facts): Promise<string[]> {
  const known = new Set([...facts.goInstallations, ...(facts.activeGo ? [facts.activeGo] : [])].flatMap((g) => [g.path, g.realPath]));
  const p = pathApi(host);
  // ~/sdk/goX.Y.Z is where golang.org/dl wrappers unpack releases.
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
      return known.has(c) || known.has(real) ? undefined : c;
    }),
  );
  // Several names for one binary (a symlink in /usr/bin to /usr/lib/go): keep the first.
  const reals = new Set<string>();
  const out: string[] = [];
  for (const c of found) {
    if (!c) continue;
    const real = (await host.fs.realpath(c).catch(() => undefined)) ?? c;
    if (reals.has(real)) continue;
    reals.add(real);
    out.push(c);
  }
  return out;
}

async function readEnvFile(host: Host, cache: ProbeCache, file: string | undefined): Promise<EnvFile | undefined> {
  if (!file) return undefined;
  const { content } = await cache.readFile(host, file);
  return parseEnvFile(file, content);
}

/** A variable's value from the sources alone (no go run): OS env, user file, $GOROOT/go.env. */
function sourceValue(host: Host, name: string, userFile: EnvFile | undefined, gorootFile: EnvFile | undefined): string {
  return envValue(host, name, userFile, gorootFile, undefined).value;
}

/** GOBIN, else the first GOPATH entry + /bin (GOPATH defaulting to ~/go, as the go command does). */
function installDirFrom(host: Host, value: (name: string) => string): string | undefined {
  const p = pathApi(host);
  const gobin = value('GOBIN');
  if (gobin) return gobin;
  let gopath = value('GOPATH');
  if (!gopath) {
    const home = host.platform === 'win32' ? getEnv(host, 'USERPROFILE') || host.homedir : getEnv(host, 'HOME') || host.homedir;
    gopath = home ? p.join(home, 'go') : '';
  }
  const first = gopath.split(host.platform === 'win32' ? ';' : ':').find((e) => e !== '');
  return first && p.isAbsolute(first) ? p.join(first, 'bin') : undefined;
}

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

async function findGoInstallations(host: Host, cache: ProbeCache, pathDirs: PathDir[], facts: Facts, options: ProbeOptions): Promise<void> {
  const found = await findAllOnPath(host, pathDirs, 'go');
  // Inside WSL, Windows' PATH is appended by interop: a go.exe there is a Windows go the Linux shell would not run as `go`.
  const windowsFound: FoundExecutable[] = [];
  if (host.isWsl) {
    const root = facts.wsl?.automountRoot ?? '/mnt/';
    const onDrives = pathDirs.filter((d) => d.dir && (d.dir + '/').startsWith(root) && /^[a-z]\//i.test((d.dir + '/').slice(root.length)));
    for (const hit of await findAllOnPath(host, onDrives, 'go.exe'))
      if (!found.some((f) => f.pathIndex === hit.pathIndex)) windowsFound.push(hit);
  }
  const all = [...found.map((f) => ({ f, win: false })), ...windowsFound.map((f) => ({ f, win: true }))].sort(
    (a, b) => a.f.pathIndex - b.f.pathIndex,
  );
  facts.goInstallations = await Promise.all(all.map(({ f, win }) => installation(host, cache, f, win ? { windowsExe: true } : {})));

  if (options.configuredGoPath) {
    const configured = await resolveExecutable(host, pathDirs, options.configuredGoPath);
    facts.context.configuredGoExists = !!configured && pathApi(host).isAbsolute(options.configuredGoPath);
    if (configured && facts.context.configuredGoExists) {
      const same = facts.goInstallations.find((g) => g.path === configured.path);
      facts.activeGo = same ?? (await installation(host, cache, configured));
      return;
    }
  }
  const first = facts.goInstallations.find((g) => !g.windowsExe);
  if (first) facts.activeGo = first;
}

async function findTools(host: Host, cache: ProbeCache, pathDirs: PathDir[], installDir: string | undefined): Promise<ToolInfo[]> {
  const p = pathApi(host);
  const installListing = installDir ? await cache.readdir(host, installDir) : undefined;
  const installDirAsPath: PathDir[] =
    installDir && installListing
      ? [
          {
            entry: { index: -1, raw: installDir, kind: 'absolute', exists: true, worldWritable: false },
            dir: p.normalize(installDir),
            names: new Map(
              installListing.filter((e) => !e.isDirectory).map((e) => [host.platform === 'win32' ? e.name.toLowerCase() : e.name, e.name]),
            ),
          },
        ]
      : [];
  return Promise.all(
    TOOL_NAMES.map(async (name): Promise<ToolInfo> => {
      const [pathCopies, inInstall] = await Promise.all([findAllOnPath(host, pathDirs, name), findAllOnPath(host, installDirAsPath, name)]);
      const asInfo = (f: FoundExecutable): BinaryInfo => ({
        path: f.path,
        realPath: f.realPath,
        ...(f.pathIndex >= 0 ? { pathIndex: f.pathIndex } : {}),
      });
      return { name, ...(inInstall[0] ? { installDirCopy: asInfo(inInstall[0]) } : {}), pathCopies: pathCopies.map(asInfo) };
    }),
  );
}

/** Every file named like a known tool in the PATH listings and the go-install directory. */
async function toolCandidates(host: Host, cache: ProbeCache, pathDirs: PathDir[], installDir: string | undefined): Promise<string[]> {
  const p = pathApi(host);
  const listing = installDir ? await cache.readdir(host, installDir) : undefined;
  const installAsDir: PathDir[] =
    installDir && listing
      ? [
          {
            entry: { index: -1, raw: installDir, kind: 'absolute', exists: true, worldWritable: false },
            dir: p.normalize(installDir),
            names: new Map(
              listing.filter((e) => !e.isDirectory).map((e) => [host.platform === 'win32' ? e.name.toLowerCase() : e.name, e.name]),
            ),
          },
        ]
      : [];
  return TOOL_NAMES.flatMap((name) => listedCopies(host, [...pathDirs, ...installAsDir], name));
}

function binariesOf(facts: Facts, tools: ToolInfo[]): string[] {
  const files = new Set<string>();
  for (const g of facts.goInstallations) files.add(g.path);
  if (facts.activeGo) files.add(facts.activeGo.path);
  for (const t of tools) {
    if (t.installDirCopy) files.add(t.installDirCopy.path);
    for (const c of t.pathCopies) files.add(c.path);
  }
  return [...files];
}

/** One `go version -m` over every binary: it reads build info without running any of them. */
async function runVersionM(
  host: Host,
  cache: ProbeCache,
  activeGo: Pick<BinaryInfo, 'path' | 'realPath'> | undefined,
  cwd: string | undefined,
  env: Record<string, string | undefined>,
  timeoutMs: number,
  files: string[],
): Promise<Map<string, VersionMInfo>> {
  if (!activeGo || files.length === 0) return new Map();
  const args = ['version', '-m', ...files];
  const result = await cache.exec(host, activeGo.path, args, { env, cwd, timeoutMs, maxOutputBytes: 4 * 1024 * 1024 }, [
    activeGo.realPath,
    ...files,
  ]);
  const failure = result.spawnError || result.timedOut ? execFailure(result, `${activeGo.path} version -m`, timeoutMs) : undefined;
  if (failure) return new Map(files.map((f) => [f, { versionError: failure.message }]));
  return parseVersionM(result.stdout, result.stderr, files);
}

async function dirFact(host: Host, cache: ProbeCache, dir: string | undefined): Promise<DirFact | undefined> {
  if (!dir || dir === 'off' || !pathApi(host).isAbsolute(dir)) return undefined;
  return probeDir(host, cache, dir);
}

/** `go env CC` resolved the way the go command would: an absolute path as is, a name on PATH (never the cwd). */
async function resolveCc(host: Host, pathDirs: PathDir[], value: string | undefined): Promise<Facts['cc']> {
  if (!value) return undefined;
  // CC may carry flags (`gcc -m32`); the program is the first word.
  const program = value.trim().split(/\s+/)[0];
  const found = await resolveExecutable(host, pathDirs, program);
  return { value, ...(found ? { resolvedPath: found.path } : {}) };
}
