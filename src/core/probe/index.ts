// Gathers every fact the checks judge from a Host: PATH, go binaries, go env and its sources, tools, workspace files, CI, WSL.
import { getEnv, pathApi, type Host } from '../host';
import {
  blankFacts,
  type BinaryInfo,
  type CiGoVersion,
  type EnvFile,
  type Facts,
  type GoEnvProbe,
  type GoInstallation,
  type GoModFile,
  type GoWorkFile,
  type ToolInfo,
  type UnreadPart,
  type VscodeGoValues,
  type WalkSummary,
} from '../facts';
import { TOOL_NAMES } from '../data/tools';
import { ProbeCache } from './cache';
import { probeCi } from './ci';
import { probeCiEnvironments } from './ciEnv';
import { probePins } from './pins';
import { probePolicies } from './policy';
import type { DeclaredEnvironment, GoVersionPin } from '../declared';
import type { PolicyFile } from '../policy/model';
import { installDirFrom, readEnvFile, settleEnvironment, sourceValue, type SettledEnvironment } from './envSources';
import { execFailure, goEnvFilePath, goSpawnEnv, neutralGoSpawnEnv, GO_ENV_NAMES, parseGoEnvJson } from './goEnv';
import { adoptWrappedGo, findGoCandidates, findGoInstallations, type Installations } from './installations';
import { probeLoginShell } from './loginShell';
import { firstOnPathByStat, listedCopies, probePathDirs, resolveExecutable, type PathDir } from './pathProbe';
import { findTools, installDirListing, runVersionM, toolBinaries, toolCandidates } from './tools';
import type { VersionMInfo } from './versionM';
import { probeDefender, probeVirtualStore, probeWindowsWsl } from './windows';
import { probeWindowsPath } from './windowsPath';
import { probeWsl } from './wsl';
import { releaseSettings, startReleaseProbe } from './releases';
import { detectManager } from '../managers';
import { readWorkspaceFiles, scanWorkspace, type ModProbeContext } from './workspace';

export { ProbeCache } from './cache';
export { wellKnownGoLocations } from './installations';

interface ProbeOptions {
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
  /** On Windows, read the machine and user Path from the registry (two reg.exe runs beside the go runs); on unless false. */
  probeWindowsPath?: boolean;
  /** Ask the user's login shell which go and Go variables it resolves (editors: a GUI launch may see another PATH). */
  probeLoginShell?: boolean;
  /** The VS Code Go extension's settings, passed through to the checks. */
  vscodeGo?: VscodeGoValues;
  /** Reuse results across calls (the extension keeps one and invalidates it from file watchers). */
  cache?: ProbeCache;
  /**
   * Called once with the facts known before the workspace walk ends (go, go env, PATH, tools; no modules), when
   * the walk is still going: a face can show the environment's state at once. Not called when the walk is first.
   */
  onEnvironment?: (facts: Facts) => void;
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

/** Everything the checks need, gathered in parallel. Never throws: failures become facts. */
export async function gatherFacts(host: Host, options: ProbeOptions): Promise<Facts> {
  const started = performance.now();
  const timings: Timings = {};
  const errors: string[] = [];
  let facts: Facts;
  try {
    facts = await gather(host, options, timings, errors);
  } catch (e) {
    errors.push(`probe: ${e instanceof Error ? e.message : String(e)}`);
    facts = emptyFacts(host, options);
  }
  if (errors.length) facts.probeErrors = errors;
  facts.timingsMs = { ...timings, total: Math.round((performance.now() - started) * 100) / 100 };
  return facts;
}

function emptyFacts(host: Host, options: ProbeOptions): Facts {
  const profile = host.platform === 'win32' ? getEnv(host, 'USERPROFILE') : undefined;
  return blankFacts(
    {
      platform: host.platform,
      arch: host.arch,
      isWsl: host.isWsl,
      cwd: host.cwd,
      homedir: host.homedir,
      ...(profile ? { userProfile: profile } : {}),
    },
    {
      debuggingSetUp: options.debuggingSetUp ?? false,
      ...(options.configuredGoPath ? { configuredGoPath: options.configuredGoPath } : {}),
      ...(options.debugDistro ? { debugDistro: options.debugDistro } : {}),
      ...(options.debugTransport ? { debugTransport: options.debugTransport } : {}),
      ...(options.vscodeGo ? { vscodeGo: options.vscodeGo } : {}),
    },
    options.workspaceFolders,
  );
}

/** What a stage needs besides its own inputs: the host, the cache, the limits and the step guard. */
interface StageContext {
  host: Host;
  cache: ProbeCache;
  timeoutMs: number;
  /** The environment go runs with (GOTOOLCHAIN=local), and the same without the user's Go variables. */
  goEnv: Record<string, string | undefined>;
  neutralEnv: Record<string, string | undefined>;
  timed: ReturnType<typeof timer>;
  /** Runs a step; a bug in it is recorded and yields the fallback instead of failing the whole check. */
  guard: <T>(step: string, work: () => Promise<T>, fallback: T) => Promise<T>;
}

/**
 * The probes as named stages, in the order that makes a check fast. The two go spawns (go env, then
 * go version -m) are the slowest part, so each starts as soon as its inputs are known and everything
 * else runs while they do:
 *   1. the user's go env file and a stat per PATH entry for the first go -> go env starts;
 *   2. the PATH directories -> go version -m starts, over every go and tool they name;
 *   3. the installations and the active go (go env runs again only if the full scan disagrees), the tools,
 *      the workspace (after the tools, so it does not delay the spawns), CI files, $GOROOT/go.env;
 *   4. once go env and the workspace answer: what go env decided and where each value comes from;
 *   5. the build info from go version -m; off-PATH Go, the login shell, Windows and WSL facts, awaited last.
 * Each stage returns its values; the Facts are assembled once, at the end. The order of the awaits below is
 * what makes a check fast, which is why they stay in one function rather than being spread over helpers.
 */
async function gather(host: Host, options: ProbeOptions, timings: Timings, errors: string[]): Promise<Facts> {
  const cache = options.cache ?? new ProbeCache();
  const timeoutMs = options.timeoutMs;
  const guard = <T>(step: string, work: () => Promise<T>, fallback: T) => guarded(errors, step, work, fallback);
  const ctx: StageContext = {
    host,
    cache,
    timeoutMs,
    goEnv: goSpawnEnv(host),
    neutralEnv: neutralGoSpawnEnv(host),
    timed: timer(timings),
    guard,
  };
  const p = pathApi(host);

  // Windows-only probes need nothing from go: they run alongside everything else and are awaited last.
  const windowsPromise = host.platform === 'win32' ? gatherWindows(ctx, options) : Promise.resolve(undefined);
  const spawns = await startGoSpawns(ctx, options);
  const { pathDirs, userFile, wsl, earlyGo, earlyGoEnv, runGoEnvHere, predictedInstallDir, installListing, versionM } = spawns;
  const loginShellPromise = options.probeLoginShell
    ? guard('login-shell', () => ctx.timed('loginShell', () => probeLoginShell(host, cache, timeoutMs)), undefined)
    : Promise.resolve(undefined);

  // Stage 3: the installations and the active go; go env stands when the full scan agrees on the active go.
  const installations = await guard(
    'go-installations',
    () => ctx.timed('goInstallations', () => findGoInstallations(host, cache, pathDirs, wsl?.automountRoot, options.configuredGoPath)),
    { all: [] } as Installations,
  );
  const activeGo = installations.active;
  const goEnvPromise: Promise<GoEnvProbe> = activeGo
    ? earlyGo?.path === activeGo.path && earlyGoEnv
      ? earlyGoEnv.then((probe) => probe ?? runGoEnvHere(activeGo))
      : runGoEnvHere(activeGo)
    : Promise.resolve({ vars: {} });
  const toolsPromise = guard('tools', () => findTools(host, pathDirs, installListing), [] as ToolInfo[]);
  // The workspace walk starts once the tools are found: file-system work queued before then would only
  // delay the go spawns, and the walk finishes while they run.
  const workspacePromise = toolsPromise.then(() => probeWorkspaceFiles(ctx, options.workspaceFolders, activeGo));
  // Go installs off PATH only feed advice when no go runs (go-missing) or, in WSL, when the one that runs may be
  // Windows' (wsl-windows-go): looked for then, after the tools.
  const goCandidatesPromise =
    !activeGo || host.isWsl
      ? toolsPromise.then(() =>
          guard('go-candidates', () => ctx.timed('goCandidates', () => findGoCandidates(host, cache, installations.all)), []),
        )
      : Promise.resolve([] as string[]);
  // $GOROOT/go.env: the go command finds GOROOT from the user file, then the OS environment, then its own location.
  const gorootGuess = userFile?.vars.GOROOT || getEnv(host, 'GOROOT') || activeGo?.goroot;
  const gorootFile = gorootGuess
    ? await guard('goroot-go.env', () => readEnvFile(host, cache, p.join(gorootGuess, 'go.env')), undefined)
    : undefined;
  const explicitTarget = ['GOOS', 'GOARCH'].some((n) => !!getEnv(host, n) || !!userFile?.vars[n]);
  const distListPromise =
    activeGo && explicitTarget ? guard('dist-list', () => runDistList(ctx, activeGo), undefined) : Promise.resolve(undefined);

  // Stage 4: what go env decided, settled as soon as go env and the workspace answer.
  const goEnvGuarded = guard('go-env', () => goEnvPromise, { vars: {} } as GoEnvProbe);
  const settledPromise = Promise.all([goEnvGuarded, workspacePromise]).then(([goEnv, workspace]) =>
    settleEnvironment({
      host,
      cache,
      pathDirs,
      goEnv,
      userFile,
      gorootFile,
      gorootGuess,
      predictedInstallDir,
      versionLines: [...workspace.modules, ...workspace.works].map((f) => ({ go: f.go?.value, toolchain: f.toolchain?.value })),
      guard,
    }),
  );

  if (options.onEnvironment) {
    const onEnvironment = options.onEnvironment;
    const early = {
      pathDirs,
      userFile,
      wsl,
      installations,
      gorootFile,
      gorootGuess,
      predictedInstallDir,
      goEnvGuarded,
      versionM,
      toolsPromise,
    };
    void reportEnvironmentFirst(ctx, workspacePromise, early, (results) => {
      const facts = assembleFacts(emptyFacts(host, options), results);
      onEnvironment({ ...facts, timingsMs: { ...timings } });
    });
  }

  // Stage 5: build info, tools in a go-install directory go env moved, and the probes awaited last.
  const [goEnv, workspace, settled, versions, distList, tools, goCandidates, loginShell, windows] = await Promise.all([
    goEnvGuarded,
    workspacePromise,
    settledPromise,
    guard('go-version-m', () => versionM.versions, new Map<string, VersionMInfo>()),
    distListPromise,
    toolsPromise,
    goCandidatesPromise,
    loginShellPromise,
    windowsPromise,
  ]);
  const moved = await toolsInMovedInstallDir(ctx, { pathDirs, tools, versions, activeGo, predictedInstallDir, settled });
  // Last, once every other probe is done: the proxy's list if it has come by now, else the cached or built-in one.
  const releases = await guard('releases', () => ctx.timed('releases', () => spawns.releases.settle()), undefined);
  return assembleFacts(emptyFacts(host, options), {
    pathDirs,
    userFile,
    wsl,
    installations,
    goEnv,
    workspace,
    settled,
    versions: moved.versions,
    tools: moved.tools,
    distList,
    goCandidates,
    loginShell,
    windows,
    releases,
  });
}

/**
 * The environment before the workspace: once go env, go version -m and the tools have answered, settled without
 * the workspace's go/toolchain lines, and handed on only while the walk is still under way.
 */
async function reportEnvironmentFirst(
  ctx: StageContext,
  workspace: Promise<unknown>,
  early: {
    pathDirs: PathDir[];
    userFile?: EnvFile;
    wsl?: Facts['wsl'];
    installations: Installations;
    gorootFile?: EnvFile;
    gorootGuess?: string;
    predictedInstallDir?: string;
    goEnvGuarded: Promise<GoEnvProbe>;
    versionM: { versions: Promise<Map<string, VersionMInfo>> };
    toolsPromise: Promise<ToolInfo[]>;
  },
  deliver: (results: StageResults) => void,
): Promise<void> {
  let walked = false;
  workspace.then(
    () => (walked = true),
    () => (walked = true),
  );
  try {
    const [goEnv, versions, tools] = await Promise.all([
      early.goEnvGuarded,
      ctx.guard('go-version-m', () => early.versionM.versions, new Map<string, VersionMInfo>()),
      early.toolsPromise,
    ]);
    if (walked) return;
    const settled = await settleEnvironment({ ...early, host: ctx.host, cache: ctx.cache, goEnv, versionLines: [], guard: ctx.guard });
    if (walked) return;
    const workspaceSoFar: WorkspaceFiles = {
      modules: [],
      works: [],
      folders: [],
      ci: [],
      walk: { directories: 0, skipped: [] },
      pins: [],
      declaredEnvs: [],
      policies: [],
      unread: [],
    };
    deliver({ ...early, goEnv, workspace: workspaceSoFar, settled, versions, tools, goCandidates: [] });
  } catch {
    // The full result follows anyway; a first look that fails is simply not shown.
  }
}

type GoRunner = { path: string; realPath: string };

async function configuredOrFirstGo(host: Host, configuredGoPath: string | undefined): Promise<GoRunner | undefined> {
  if (configuredGoPath && pathApi(host).isAbsolute(configuredGoPath)) {
    const configured = await resolveExecutable(host, [], configuredGoPath);
    if (configured) return configured;
  }
  return firstOnPathByStat(host, 'go');
}

/**
 * Stages 1 and 2: the two go spawns started as early as their inputs allow, and what they needed. go env runs
 * with the first go a stat per PATH entry finds (the full scan later confirms it); go version -m runs over the
 * binaries the PATH listings and the predicted go-install directory name. Probes that need no go start at once.
 */
async function startGoSpawns(ctx: StageContext, options: ProbeOptions) {
  const { host, cache, guard } = ctx;
  // Stage 1: probes that need no go start at once; go env starts with the first go a stat per PATH entry finds.
  const wslPromise = host.isWsl ? guard('wsl', () => ctx.timed('wsl', () => probeWsl(host, cache)), undefined) : Promise.resolve(undefined);
  const goenvLocation = goEnvFilePath(host);
  const userFilePromise = guard('goenv-file', () => readEnvFile(host, cache, goenvLocation.path), undefined);
  // The go that will run: the configured one when it is an absolute executable (as findGoInstallations decides), else
  // the first on PATH. Without it go version -m had no runner and every other go and tool went without its version.
  const earlyGo = configuredOrFirstGo(host, options.configuredGoPath).catch(() => undefined);
  // The list of Go releases comes from the module proxy, fetched beside everything else; settled last, never waited for.
  const releases = startReleaseProbe(host, releaseSettings(host, cache, earlyGo, userFilePromise), { timeoutMs: ctx.timeoutMs });
  const goEnvRunner = (userFile: EnvFile | undefined) => (go: GoRunner) => runGoEnv(ctx, go, userFile, goenvLocation.path);
  // Wrapped in an object so that awaiting the start does not wait for the result.
  const earlyGoEnvStart = Promise.all([earlyGo, userFilePromise]).then(([go, userFile]) => ({
    probe: go ? goEnvRunner(userFile)(go).catch(() => undefined) : undefined,
  }));

  // Stage 2: the PATH directories, once go env is under way (on a local disk the scan runs synchronously).
  const [pathDirs, userFile, wsl] = await Promise.all([
    earlyGoEnvStart.then(() =>
      guard('path', () => ctx.timed('path', () => probePathDirs(host, cache, host.isWsl ? ['go.exe', ...TOOL_NAMES] : TOOL_NAMES)), []),
    ),
    userFilePromise,
    wslPromise,
  ]);
  // go version -m next, over every go and tool the listings name, from the go-install directory predicted from
  // the OS environment and the user's go env file ($GOROOT/go.env almost never moves it; stage 5 looks again).
  const predictedInstallDir = installDirFrom(host, (name) => sourceValue(host, name, userFile, undefined));
  const installListing = await installDirListing(host, cache, predictedInstallDir);
  const early = await earlyGo;
  const versionM = startVersionM(ctx, userFile, pathDirs, installListing, early);
  // Everything else waits until that process is started: done synchronously first, it would only delay it.
  await versionM.started.catch(() => undefined);
  const earlyGoEnv = (await earlyGoEnvStart).probe;
  return {
    pathDirs,
    userFile,
    wsl,
    earlyGo: early,
    earlyGoEnv,
    runGoEnvHere: goEnvRunner(userFile),
    predictedInstallDir,
    installListing,
    versionM,
    releases,
  };
}

/** `go env -json` for the named variables, with GOTOOLCHAIN=local, through the cache (keyed by the files it reads). */
function runGoEnv(ctx: StageContext, go: GoRunner, userFile: EnvFile | undefined, goenvFile: string | undefined): Promise<GoEnvProbe> {
  const { host, cache, timeoutMs } = ctx;
  const p = pathApi(host);
  return ctx.timed('goEnv', async () => {
    const args = ['env', '-json', ...GO_ENV_NAMES];
    const gorootGuess = userFile?.vars.GOROOT || getEnv(host, 'GOROOT') || p.dirname(p.dirname(go.realPath));
    const deps = [go.realPath, goenvFile, p.join(gorootGuess, 'go.env')].filter((x): x is string => !!x);
    const options = { env: ctx.goEnv, cwd: p.dirname(go.realPath), timeoutMs, maxOutputBytes: 1024 * 1024 };
    const result = await cache.exec(host, go.path, args, options, deps);
    return parseGoEnvJson(result, `${go.path} ${args.join(' ')}`, timeoutMs);
  });
}

/**
 * Starts `go version -m` over every go and tool named in the PATH listings and the go-install directory, plus
 * the go of a GOROOT set elsewhere than the runner's own installation. Any go on PATH reads build info alike,
 * so the early one runs it.
 */
function startVersionM(
  ctx: StageContext,
  userFile: EnvFile | undefined,
  pathDirs: PathDir[],
  installListing: PathDir[],
  runner: GoRunner | undefined,
): { started: Promise<void>; versions: Promise<Map<string, VersionMInfo>> } {
  const { host, cache } = ctx;
  const p = pathApi(host);
  const root = userFile?.vars.GOROOT || getEnv(host, 'GOROOT');
  const ownRoot = runner ? p.dirname(p.dirname(runner.realPath)) : undefined;
  const gorootGo = root && root !== ownRoot ? p.join(root, 'bin', host.platform === 'win32' ? 'go.exe' : 'go') : undefined;
  const extra = gorootGo ? cache.stat(host, gorootGo).then((st) => (st?.isFile ? [gorootGo] : [])) : Promise.resolve([] as string[]);
  const goCopies = [...listedCopies(host, pathDirs, 'go'), ...(host.isWsl ? listedCopies(host, pathDirs, 'go.exe') : [])];
  const files = extra.then((extraBinaries) => [
    ...new Set([...(runner ? [runner.path] : []), ...goCopies, ...toolCandidates(host, pathDirs, installListing), ...extraBinaries]),
  ]);
  const run = files.then((list) => ({
    versions: ctx.timed('goVersionM', () => runVersionM(host, cache, runner, ctx.neutralEnv, ctx.timeoutMs, list)),
  }));
  return { started: run.then(() => undefined), versions: run.then((r) => r.versions) };
}

/** `go tool dist list`: only when GOOS or GOARCH is set, to judge the pair. */
async function runDistList(ctx: StageContext, go: GoRunner): Promise<string[] | undefined> {
  const { host, cache, timeoutMs } = ctx;
  return ctx.timed('distList', async () => {
    const options = { env: ctx.neutralEnv, cwd: pathApi(host).dirname(go.realPath), timeoutMs, maxOutputBytes: 1024 * 1024 };
    const result = await cache.exec(host, go.path, ['tool', 'dist', 'list'], options, [go.realPath]);
    if (execFailure(result, 'go tool dist list', timeoutMs)) return undefined;
    return result.stdout
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^[\w-]+\/[\w-]+$/.test(l));
  });
}

interface WorkspaceFiles {
  modules: GoModFile[];
  works: GoWorkFile[];
  folders: NonNullable<Facts['folders']>;
  ci: CiGoVersion[];
  /** Where the walk stopped short, and CI files not read. */
  unread: UnreadPart[];
  pins: GoVersionPin[];
  declaredEnvs: DeclaredEnvironment[];
  policies: PolicyFile[];
  walk: WalkSummary;
}

/** The workspace walk, then every go.mod and go.work it found (read in parallel) and the CI files. */
async function probeWorkspaceFiles(ctx: StageContext, workspaceFolders: string[], activeGo: GoRunner | undefined): Promise<WorkspaceFiles> {
  const { host, cache, guard } = ctx;
  // The team policy needs nothing from the walk: a few stats up to the repository root.
  const policies = guard('policy', () => ctx.timed('policy', () => probePolicies(host, cache, workspaceFolders)), [] as PolicyFile[]);
  const scan = await guard('workspace', () => ctx.timed('workspaceScan', () => scanWorkspace(host, cache, workspaceFolders)), {
    goModFiles: [],
    goWorkFiles: [],
    dockerfiles: [],
    folders: [],
    beside: new Map(),
    walked: new Set<string>(),
    versionFiles: [],
    summary: { directories: 0, skipped: [] },
    cut: [],
  });
  const modCtx: ModProbeContext = {
    host,
    cache,
    goPath: activeGo?.path,
    goEnv: ctx.neutralEnv,
    timeoutMs: ctx.timeoutMs,
    folders: scan.folders.map((f) => f.folder),
  };
  const files = guard('workspace-files', () => ctx.timed('workspace', () => readWorkspaceFiles(modCtx, scan, guard)), {
    modules: [] as GoModFile[],
    works: [] as GoWorkFile[],
  });
  const roots = scan.folders.map((f) => f.folder);
  // Version-manager files and dev containers: those the walk met, plus a stat per name up to the repository root.
  const pins = guard('pins', () => ctx.timed('pins', () => probePins(host, cache, roots, scan)), {
    pins: [] as GoVersionPin[],
    declaredEnvs: [] as DeclaredEnvironment[],
    dockerfiles: [] as string[],
  });
  const dockerfiles = pins.then((found) => [...new Set([...scan.dockerfiles, ...found.dockerfiles])]);
  const ci = dockerfiles.then((all) =>
    guard('ci', () => ctx.timed('ci', () => probeCi(host, cache, roots, all)), { found: [] as CiGoVersion[], unread: [] as UnreadPart[] }),
  );
  const ciEnvs = dockerfiles.then((all) =>
    guard('ci-env', () => ctx.timed('ciEnv', () => probeCiEnvironments(host, cache, roots, all)), [] as DeclaredEnvironment[]),
  );
  const [{ modules, works }, ciFiles, found, declared, policyFiles] = await Promise.all([files, ci, pins, ciEnvs, policies]);
  return {
    modules,
    works,
    folders: scan.folders,
    ci: ciFiles.found,
    walk: scan.summary,
    unread: [...scan.cut, ...ciFiles.unread],
    pins: found.pins,
    declaredEnvs: [...declared, ...found.declaredEnvs],
    policies: policyFiles,
  };
}

/**
 * Rare: go env names another go-install directory than the sources predicted. Look for tools there and read
 * just the new copies' build info.
 */
async function toolsInMovedInstallDir(
  ctx: StageContext,
  s: {
    pathDirs: PathDir[];
    tools: ToolInfo[];
    versions: Map<string, VersionMInfo>;
    activeGo: GoRunner | undefined;
    predictedInstallDir: string | undefined;
    settled: SettledEnvironment;
  },
): Promise<{ tools: ToolInfo[]; versions: Map<string, VersionMInfo> }> {
  const installDir = s.settled.installDir?.path;
  if (!installDir || installDir === s.predictedInstallDir) return { tools: s.tools, versions: s.versions };
  const { host, cache, guard } = ctx;
  const listing = await installDirListing(host, cache, installDir);
  const tools = await guard('tools', () => findTools(host, s.pathDirs, listing), s.tools);
  const known = new Set(toolBinaries(s.tools));
  const extra = toolBinaries(tools).filter((b) => !known.has(b));
  if (!extra.length) return { tools, versions: s.versions };
  const more = await guard('go-version-m', () => runVersionM(host, cache, s.activeGo, ctx.neutralEnv, ctx.timeoutMs, extra), new Map());
  return { tools, versions: new Map([...s.versions, ...more]) };
}

interface StageResults {
  pathDirs: PathDir[];
  userFile?: EnvFile;
  wsl?: Facts['wsl'];
  installations: Installations;
  goEnv: GoEnvProbe;
  workspace: WorkspaceFiles;
  settled: SettledEnvironment;
  versions: Map<string, VersionMInfo>;
  tools: ToolInfo[];
  distList?: string[];
  goCandidates: string[];
  loginShell?: Facts['context']['loginShell'];
  windows?: Awaited<ReturnType<typeof gatherWindows>>;
  releases?: Facts['releases'];
}

/** The Facts, built once from what the stages returned: build info joined to each binary, wrappers adopted. */
function assembleFacts(base: Facts, r: StageResults): Facts {
  const { settled, versions, goEnv } = r;
  const hasRunner = !!r.installations.active;
  const withVersion = <T extends BinaryInfo>(b: T): T => ({
    ...b,
    ...(versions.get(b.path) ?? (hasRunner ? { versionError: 'not reported by go version -m' } : {})),
  });
  let goroot: Facts['goroot'];
  if (settled.goroot) {
    const { binary, ...rest } = settled.goroot;
    // A source checkout has no VERSION file: then its go binary says which release it is.
    const version = rest.version ?? versions.get(binary)?.goVersion;
    goroot = { ...rest, ...(version ? { version } : {}) };
  }
  const adopt = (g: GoInstallation) => (goEnv.failure ? g : adoptWrappedGo(g, goEnv.vars, goroot));
  const active = r.installations.active;
  // Which tool manages each installation, told from its paths once a wrapper's real GOROOT is known.
  const managed = (g: GoInstallation): GoInstallation => {
    const manager = g.manager ?? detectManager(g);
    return manager ? { ...g, manager } : g;
  };
  const goInstallations = r.installations.all.map((g) => managed(g === active ? adopt(withVersion(g)) : withVersion(g)));
  const activeGo = active && (goInstallations[r.installations.all.indexOf(active)] ?? managed(adopt(withVersion(active))));
  const tools = r.tools.map((t) => ({
    ...t,
    ...(t.installDirCopy ? { installDirCopy: withVersion(t.installDirCopy) } : {}),
    pathCopies: t.pathCopies.map(withVersion),
  }));
  const windows = r.windows;
  const unread: UnreadPart[] = [
    ...[r.userFile, settled.gorootFile].flatMap((f) => (f?.notRead ? [{ path: f.path, reason: f.notRead }] : [])),
    ...settled.unread,
    ...r.workspace.unread,
  ];
  return {
    ...base,
    context: {
      ...base.context,
      ...(r.installations.configuredGoExists !== undefined ? { configuredGoExists: r.installations.configuredGoExists } : {}),
      ...(r.loginShell ? { loginShell: r.loginShell } : {}),
    },
    path: r.pathDirs.map((d) => d.entry),
    goInstallations,
    ...(activeGo ? { activeGo } : {}),
    goEnv,
    env: settled.env,
    ...(r.userFile ? { goenvFile: r.userFile } : {}),
    ...(settled.gorootFile ? { gorootEnvFile: settled.gorootFile } : {}),
    dirs: { ...settled.dirs, ...(settled.installDir ? { installDir: settled.installDir } : {}) },
    tools,
    ...(settled.cc ? { cc: settled.cc } : {}),
    ...(r.distList ? { distList: r.distList } : {}),
    modules: r.workspace.modules,
    works: r.workspace.works,
    folders: r.workspace.folders,
    workspaceWalk: r.workspace.walk,
    ci: r.workspace.ci,
    ...(unread.length ? { unread } : {}),
    ...(r.workspace.pins.length ? { pins: r.workspace.pins } : {}),
    ...(r.workspace.declaredEnvs.length ? { declaredEnvs: r.workspace.declaredEnvs } : {}),
    ...(r.workspace.policies.length ? { policies: r.workspace.policies } : {}),
    ...(r.wsl ? { wsl: r.wsl } : {}),
    ...(windows?.windowsWsl ? { windowsWsl: windows.windowsWsl } : {}),
    ...(windows?.virtualStore?.length ? { virtualStore: windows.virtualStore } : {}),
    ...(windows?.defender ? { defender: windows.defender } : {}),
    ...(windows?.windowsPath ? { windowsPath: windows.windowsPath } : {}),
    ...(settled.pathToolchains.length ? { pathToolchains: settled.pathToolchains } : {}),
    ...(r.goCandidates.length ? { goCandidates: r.goCandidates } : {}),
    ...(goroot ? { goroot } : {}),
    ...(r.releases ? { releases: r.releases } : {}),
  };
}

/** WSL from the Windows side (wsl.exe spawns only with probeWsl), VirtualStore copies of Go, Defender's scanning, the registry's Path. */
async function gatherWindows(ctx: StageContext, options: ProbeOptions) {
  const { host, cache, guard, timed } = ctx;
  const [windowsWsl, virtualStore, defender, windowsPath] = await Promise.all([
    guard(
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
    guard('virtual-store', () => timed('virtualStore', () => probeVirtualStore(host, cache)), []),
    options.probeDefender === false
      ? Promise.resolve(undefined)
      : guard('defender', () => timed('defender', () => probeDefender(host, cache, options.timeoutMs)), undefined),
    options.probeWindowsPath === false
      ? Promise.resolve(undefined)
      : guard('windows-path', () => timed('windowsPath', () => probeWindowsPath(host, cache, options.timeoutMs)), undefined),
  ]);
  return { windowsWsl, virtualStore, defender, windowsPath };
}
