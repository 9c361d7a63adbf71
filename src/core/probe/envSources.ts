// What go env decides, with where each value comes from: the go env files, the go-install and cache directories, the C compiler, GOROOT.
import { getEnv, pathApi, type Host } from '../host';
import type { DirFact, EnvFile, EnvValue, Facts, GoEnvProbe, UnreadPart } from '../facts';
import { toolchainNamesWanted } from '../toolchainSelection';
import type { ProbeCache } from './cache';
import { probeDir } from './dirs';
import { envValue, KEY_ENV_NAMES, parseEnvFile } from './goEnv';
import { resolveExecutable, type PathDir } from './pathProbe';
import { READ_LIMITS } from './read';

export async function readEnvFile(host: Host, cache: ProbeCache, file: string | undefined): Promise<EnvFile | undefined> {
  if (!file) return undefined;
  // Named by the environment (GOENV, GOROOT), not by the workspace: read wherever it is, but bounded.
  const { content, notRead } = await cache.readFile(host, file, { maxBytes: READ_LIMITS.goEnvFile });
  return notRead ? { ...parseEnvFile(file, undefined), exists: true, notRead } : parseEnvFile(file, content);
}

/** A variable's value from the sources alone (no go run): OS env, user file, $GOROOT/go.env. */
export function sourceValue(host: Host, name: string, userFile: EnvFile | undefined, gorootFile: EnvFile | undefined): string {
  return envValue(host, name, userFile, gorootFile, undefined).value;
}

/** GOBIN, else the first GOPATH entry + /bin (GOPATH defaulting to ~/go, as the go command does). */
export function installDirFrom(host: Host, value: (name: string) => string): string | undefined {
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

/** The effective GOROOT and what is there: its go binary, src/runtime, and the release its VERSION file names. */
async function gorootFact(
  host: Host,
  cache: ProbeCache,
  goroot: string | undefined,
): Promise<(NonNullable<Facts['goroot']> & { binary: string; versionNotRead?: UnreadPart }) | undefined> {
  if (!goroot) return undefined;
  const p = pathApi(host);
  const goBin = p.join(goroot, 'bin', host.platform === 'win32' ? 'go.exe' : 'go');
  const [dir, bin, runtime, versionFile, realPath] = await Promise.all([
    cache.stat(host, goroot),
    cache.stat(host, goBin),
    cache.stat(host, p.join(goroot, 'src', 'runtime')),
    cache.readFile(host, p.join(goroot, 'VERSION'), { maxBytes: READ_LIMITS.versionFile }),
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
    ...(versionFile.notRead ? { versionNotRead: { path: p.join(goroot, 'VERSION'), reason: versionFile.notRead } } : {}),
  };
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

/** The goX.Y.Z executables on PATH a toolchain selection could ask for: the first of each name, as GOTOOLCHAIN=path finds them. */
async function findPathToolchains(host: Host, pathDirs: PathDir[], names: string[]): Promise<{ name: string; path: string }[]> {
  const found = await Promise.all(names.map(async (name) => ({ name, first: await resolveExecutable(host, pathDirs, name) })));
  return found.filter((f) => f.first).map((f) => ({ name: f.name, path: f.first!.path }));
}

export interface SettledEnvironment {
  env: Record<string, EnvValue>;
  gorootFile?: EnvFile;
  /** Where `go install` writes, and what is there. */
  installDir?: DirFact;
  dirs: Pick<Facts['dirs'], 'GOCACHE' | 'GOMODCACHE'>;
  pathToolchains: { name: string; path: string }[];
  cc?: Facts['cc'];
  goroot?: NonNullable<Facts['goroot']> & { binary: string };
  /** $GOROOT/VERSION when it exists and was not read. */
  unread: UnreadPart[];
}

interface SettleInputs {
  host: Host;
  cache: ProbeCache;
  pathDirs: PathDir[];
  goEnv: GoEnvProbe;
  userFile?: EnvFile;
  /** $GOROOT/go.env read for the GOROOT guessed before go env answered, and that guess. */
  gorootFile?: EnvFile;
  gorootGuess?: string;
  /** The go-install directory predicted from the sources alone (used when go env did not say). */
  predictedInstallDir?: string;
  /** The go and toolchain lines of the workspace (which goX.Y.Z names a selection could ask for). */
  versionLines: { go?: string; toolchain?: string }[];
  guard: <T>(step: string, work: () => Promise<T>, fallback: T) => Promise<T>;
}

/**
 * Settles what go env decided: each key variable's value and source, the go-install and cache directories,
 * the goX.Y.Z binaries a selection could use, the C compiler, and the effective GOROOT. Runs as soon as go env
 * and the workspace have answered, while `go version -m` may still run.
 */
export async function settleEnvironment(inputs: SettleInputs): Promise<SettledEnvironment> {
  const { host, cache, pathDirs, goEnv, userFile, guard } = inputs;
  const p = pathApi(host);
  // go env may name another GOROOT (e.g. go env -w GOROOT=…) than guessed: read that go.env instead.
  let gorootFile = inputs.gorootFile;
  const realGoroot = goEnv.vars.GOROOT;
  if (realGoroot && realGoroot !== inputs.gorootGuess)
    gorootFile = await guard('goroot-go.env', () => readEnvFile(host, cache, p.join(realGoroot, 'go.env')), gorootFile);
  const env: Record<string, EnvValue> = {};
  for (const name of KEY_ENV_NAMES) env[name] = envValue(host, name, userFile, gorootFile, goEnv.failure ? undefined : goEnv.vars[name]);
  const installDir =
    goEnv.vars.GOBIN || (goEnv.vars.GOPATH !== undefined ? installDirFrom(host, (n) => goEnv.vars[n] ?? '') : inputs.predictedInstallDir);
  const wantedToolchains = toolchainNamesWanted(env.GOTOOLCHAIN?.value, inputs.versionLines);
  const [pathToolchains, gocache, gomodcache, installDirFact, cc, goroot] = await Promise.all([
    guard('path-toolchains', () => findPathToolchains(host, pathDirs, wantedToolchains), []),
    dirFact(host, cache, env.GOCACHE?.value),
    dirFact(host, cache, env.GOMODCACHE?.value),
    dirFact(host, cache, installDir),
    resolveCc(host, pathDirs, env.CC?.value),
    guard('goroot', () => gorootFact(host, cache, goEnv.vars.GOROOT || inputs.gorootGuess), undefined),
  ]);
  const { versionNotRead, ...gorootFacts } = goroot ?? {};
  return {
    env,
    unread: versionNotRead ? [versionNotRead] : [],
    ...(gorootFile ? { gorootFile } : {}),
    ...(installDirFact ? { installDir: installDirFact } : {}),
    dirs: { ...(gocache ? { GOCACHE: gocache } : {}), ...(gomodcache ? { GOMODCACHE: gomodcache } : {}) },
    pathToolchains,
    ...(cc ? { cc } : {}),
    ...(goroot ? { goroot: gorootFacts as NonNullable<SettledEnvironment['goroot']> } : {}),
  };
}
