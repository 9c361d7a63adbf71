// The facts the probes gather and the checks judge: plain data, and the blank record probes start from.
import type { Platform } from './host';
import type { DistroProbe, WslDistro, WslFailure } from '../wsl/distros';
import type { DeclaredAt, DeclaredEnvironment, GoVersionPin } from './declared';
import type { PolicyFile } from './policy/model';
import type { GoManager } from './managers';
import type { ReleaseFacts } from './releases';
import type { HistoryFacts } from './history';

/** Where a go environment variable's value comes from, in the go command's order of precedence. */
export type ValueSource = 'os' | 'goenv-file' | 'goroot-go.env' | 'default' | 'declared';

export interface EnvValue {
  name: string;
  /** The effective value the go command uses ('' when unset and no default). */
  value: string;
  source: ValueSource;
  /** The value in each place it is set, for evidence ("set to X in the OS environment, Y in the go env file"). */
  osValue?: string;
  fileValue?: string;
  gorootFileValue?: string;
  /** For source `declared`: the file line that sets it (a CI workflow, a Dockerfile, the team policy). */
  declared?: DeclaredAt;
}

/** A binary (a go or a Go-built tool) with what `go version -m` said of it. */
export interface BinaryInfo {
  /** The path as found (PATH entry + name). */
  path: string;
  /** Symlinks resolved. */
  realPath: string;
  /** Index of the PATH entry it was found in; undefined when not found via PATH. */
  pathIndex?: number;
  /** Go version the binary was built with (for a go binary: its own version), e.g. `go1.26.8`. */
  goVersion?: string;
  /** Main module path and version from build info (tools), e.g. github.com/go-delve/delve v1.25.2. */
  modulePath?: string;
  moduleVersion?: string;
  /** Set when `go version -m` could not read it. */
  versionError?: string;
  /** Main package import path from build info (`path` line), e.g. github.com/go-delve/delve/cmd/dlv. */
  packagePath?: string;
}

export interface GoInstallation extends BinaryInfo {
  /** The installation's own root: the directory above the real binary's `bin`. */
  goroot: string;
  /** True when goroot has src/runtime (a real installation, not a lone binary or a shim). */
  gorootLooksValid: boolean;
  /** Inside WSL: a Windows `go.exe` found on PATH (Windows PATH appended by interop); never the active go. */
  windowsExe?: boolean;
  /** The tool that installed and switches it (asdf, mise, Homebrew, …), told from its paths. */
  manager?: GoManager;
}

export interface PathEntry {
  index: number;
  /** As written in PATH. */
  raw: string;
  kind: 'absolute' | 'empty' | 'relative';
  /** For absolute entries: whether the directory exists. */
  exists: boolean;
  /** World-writable directory (e.g. /tmp): anyone may plant a program there, sticky bit or not. */
  worldWritable: boolean;
  /** The entry holds a `go` executable (for a relative entry: looked up against the cwd, never run). */
  hasGo?: boolean;
}

type ProbeFailureKind = 'timeout' | 'exit' | 'garbage' | 'spawn';

export interface ProbeFailure {
  kind: ProbeFailureKind;
  /** One line a user can read. */
  message: string;
  command: string;
  stderr?: string;
  exitCode?: number | null;
}

export interface GoEnvProbe {
  /** Effective values from `go env -json <names>` (GOTOOLCHAIN excepted: probes run with GOTOOLCHAIN=local). */
  vars: Record<string, string>;
  failure?: ProbeFailure;
}

/** A directive's value and where it is written (1-based, end column exclusive). */
export interface Positioned<T = string> {
  value: T;
  line: number;
  column: number;
  endColumn: number;
}

export interface ParseError {
  line: number;
  column: number;
  message: string;
}

export interface ModRequire {
  path: string;
  version: string;
  line: number;
  indirect: boolean;
}

export interface ModReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
  line: number;
  /** Column of the replacement target. */
  column: number;
  endColumn: number;
  /** True for a filesystem target (starts with ./, ../ or is absolute). */
  isLocal: boolean;
  /** For local targets: absolute directory and what is there. */
  absTarget?: string;
  targetExists?: boolean;
  targetHasGoMod?: boolean;
}

export interface GoModFile {
  file: string;
  dir: string;
  module?: Positioned;
  go?: Positioned;
  toolchain?: Positioned;
  requires: ModRequire[];
  replaces: ModReplace[];
  /** Syntax errors found while reading the file, with the go command's message where it gave one. */
  errors: ParseError[];
  hasGoSum: boolean;
  hasVendorModulesTxt: boolean;
  /** Set when the file could not be read at all. */
  readError?: string;
}

interface WorkUse {
  path: string;
  absPath: string;
  line: number;
  column: number;
  endColumn: number;
  hasGoMod: boolean;
}

export interface GoWorkFile {
  file: string;
  dir: string;
  go?: Positioned;
  toolchain?: Positioned;
  uses: WorkUse[];
  replaces: ModReplace[];
  errors: ParseError[];
  readError?: string;
}

/** The workspace walk in numbers, for --verbose: what the go command would skip is skipped, and a cut-short walk says so. */
export interface WalkSummary {
  /** Directories listed. */
  directories: number;
  /** Directories not entered, by reason, with the first few of each. */
  skipped: { reason: 'testdata' | 'hidden' | 'underscore' | 'node_modules' | 'vendor'; count: number; examples: string[] }[];
  /** Set when a limit stopped the walk: which, its value, and how many directories were left unlisted at that point. */
  cutShort?: { limit: 'depth' | 'directories'; max: number; unlisted: number; examples?: string[] };
}

/** A file or directory the probes did not read or search, with the sentence that says why. */
export interface UnreadPart {
  path: string;
  reason: string;
}

type CiKind = 'github-actions' | 'dockerfile' | 'gitlab-ci';

/** A CI file's choice of Go version, at the line that makes it. */
export interface CiGoVersion {
  file: string;
  kind: CiKind;
  line: number;
  column: number;
  endColumn: number;
  /** The text as written (e.g. `1.21`, `1.21.x`, `golang:1.20-alpine`). */
  raw: string;
  /** The Go version it selects, `1.21` or `1.21.3`; undefined when it floats (`stable`, `latest`, a variable). */
  version?: string;
  /** setup-go's `go-version-file`: the file (absolute) whose version it installs; then `version` is unset. */
  versionFile?: string;
  /** For a YAML value: whether it is quoted (an unquoted 1.20 is the number 1.2). */
  quoted?: boolean;
}

export interface ToolInfo {
  /** Executable name without extension: gopls, dlv, staticcheck, golangci-lint, … */
  name: string;
  /** The copy in the go-install directory (GOBIN or GOPATH/bin), if any. */
  installDirCopy?: BinaryInfo;
  /** Every copy found on PATH, in PATH order. */
  pathCopies: BinaryInfo[];
}

export interface DirFact {
  path: string;
  exists: boolean;
  /** Exists and writable, or does not exist but its nearest existing parent is writable. */
  writable: boolean;
}

/** A GOENV-style file (`KEY=VALUE` lines): the user's go env file or $GOROOT/go.env. */
export interface EnvFile {
  path: string;
  exists: boolean;
  /** Set when the file exists but was not read (not a regular file, too large): its values are unknown. */
  notRead?: string;
  vars: Record<string, string>;
  /** 1-based line of each variable. */
  lines: Record<string, number>;
}

/** Facts about the WSL side of this machine (when running inside a distro). */
export interface WslFacts {
  distro?: string;
  /** From /etc/wsl.conf [automount] root; `/mnt/` by default. */
  automountRoot: string;
  /** The kernel release (/proc/sys/kernel/osrelease, else /proc/version): `…-microsoft-standard-WSL2` or WSL 1's `4.4.0-…-Microsoft`. */
  kernelRelease?: string;
  /** The WSL version this distro runs as, when the kernel release says; undefined when it cannot tell. */
  wslVersion?: 1 | 2;
}

/** %UserProfile%\.wslconfig as far as debugging across WSL cares. */
export interface WslConfigFact {
  path: string;
  exists: boolean;
  /** `[wsl2] localhostForwarding` (default true). */
  localhostForwarding: boolean;
  /** `[wsl2] networkingMode` (default nat); localhostForwarding has no effect in mirrored mode. */
  networkingMode: string;
  /** Whether a program on Windows reaches 127.0.0.1 inside WSL 2: mirrored networking, or NAT with forwarding on. */
  windowsReachesWslLocalhost: boolean;
  /** The line that sets localhostForwarding (1-based) and its text, when the file sets it. */
  localhostForwardingLine?: { line: number; text: string };
}

/** What a Windows host knows about WSL: wsl.exe, the installed distros and the one chosen for debugging. */
export interface WindowsWslFacts {
  /** %SystemRoot%\System32\wsl.exe. */
  wslExe: string;
  /** True when the distros were asked for (probeWsl); the fields below are only meaningful then. */
  probed: boolean;
  /** `wsl.exe --list --verbose`, when it answered. */
  distros?: WslDistro[];
  defaultDistro?: string;
  /** The distro chosen for debugging: the configured one, else the default. */
  debugDistro?: string;
  /** What a login shell inside the debug distro found (go, dlv, WSL version). */
  distroProbe?: DistroProbe;
  wslconfig?: WslConfigFact;
  /** Why the distros (or the debug distro) could not be read; checks then stay quiet about them. */
  failure?: WslFailure;
}

/** A folder of Go files under %LOCALAPPDATA%\VirtualStore, left by a program that wrote to Program Files without rights. */
export interface VirtualStoreDir {
  path: string;
  /** Files found (counting stops at a limit, see `countCapped`). */
  fileCount: number;
  countCapped?: boolean;
  /** A few of the files, for evidence. */
  examples: string[];
}

/** Microsoft Defender's real-time protection and exclusions, from one non-elevated Get-MpPreference. */
export interface DefenderFacts {
  /** `ok`: the preferences were read; `failed`: Defender could not be asked (not installed, another antivirus, timeout). */
  status: 'ok' | 'failed';
  realtimeMonitoring?: boolean;
  /** The excluded paths; undefined when they are hidden (reading them needs an administrator). */
  exclusionPaths?: string[];
  /** True when Defender answered "N/A: Must be an administrator to view exclusions". */
  exclusionsHidden?: boolean;
  command: string;
  failure?: string;
}

/** Where an entry of a Windows Path comes from: the machine (system) Path, the user Path, or only this process. */
export type WindowsPathOrigin = 'machine' | 'user' | 'process';

/** A Path value in the registry (HKLM\…\Session Manager\Environment or HKCU\Environment), as stored. */
export interface RegistryPathValue {
  /** The key as reg.exe names it. */
  key: string;
  /** The value's name as stored (`Path`, `PATH`: names are case-insensitive). */
  name: string;
  /** REG_EXPAND_SZ (%VAR% references expanded when a process starts) or REG_SZ (taken literally). */
  type: string;
  /** The value as stored, %VAR% references unexpanded. */
  raw: string;
}

/** One entry of the Path a program started now gets. */
export interface NewProcessPathEntry {
  origin: 'machine' | 'user';
  /** As stored in the registry. */
  raw: string;
  /** With %VAR% expanded as Windows expands a REG_EXPAND_SZ value (references it cannot resolve stay as written). */
  expanded: string;
  /** go and the known Go tools found in the directory (command names, without .exe). */
  commands: string[];
}

/** The machine and user Path from the registry: the Path Windows builds for every program started from now on. */
export interface WindowsPathFacts {
  /** `ok`: both keys were read; `unknown`: a read failed (see failure), and nothing is assumed about them. */
  status: 'ok' | 'unknown';
  failure?: string;
  /** %SystemRoot%\System32\reg.exe, which the probe ran and fixes name. */
  regExe: string;
  /** Absent when the key has no Path value. */
  machine?: RegistryPathValue;
  user?: RegistryPathValue;
  /** Machine entries, then user entries, as Windows concatenates them (empty entries left out). */
  newProcess?: NewProcessPathEntry[];
  /** For each entry of this process's PATH (facts.path order), where it came from. */
  origins?: WindowsPathOrigin[];
}

/** What the user's login shell resolves (`$SHELL -lic`, with a timeout). */
export interface LoginShellValues {
  /** The shell that was asked, e.g. /bin/zsh. */
  shell: string;
  /** `command -v go` in that shell; undefined when it found none. */
  goPath?: string;
  /** goPath with symlinks resolved, when it could be resolved. */
  goRealPath?: string;
  /** The variables the shell was asked for. */
  compared: string[];
  /** The shell's value of each compared variable; undefined when unset there. */
  vars: Record<string, string | undefined>;
}

/** The VS Code Go extension's settings that choose a go or its environment. */
export interface VscodeGoValues {
  goroot?: string;
  alternateGo?: string;
  toolsEnvVars?: Record<string, string>;
}

export interface Facts {
  host: {
    platform: Platform;
    arch: string;
    isWsl: boolean;
    cwd: string;
    homedir: string;
    /** USERPROFILE on Windows. */
    userProfile?: string;
  };
  /** Inputs from the face that started the check. */
  context: {
    /** A launch configuration for Go debugging exists, so a missing dlv matters more. */
    debuggingSetUp: boolean;
    /** A go binary configured by the user (setting or --go); takes precedence over PATH. */
    configuredGoPath?: string;
    configuredGoExists?: boolean;
    /** The WSL distro chosen for debugging across Windows and WSL (else the default distro). */
    debugDistro?: string;
    /** How the debug bridge reaches dlv inside WSL; `tcp` needs WSL localhost forwarding. */
    debugTransport?: 'stdio' | 'tcp';
    /** What the user's login shell resolves, when the face asked it (an editor may see another PATH than a terminal). */
    loginShell?: LoginShellValues;
    /** The VS Code Go extension's settings that choose a go or its environment, when the face is VS Code. */
    vscodeGo?: VscodeGoValues;
  };
  path: PathEntry[];
  /** Every go binary found on PATH (one per PATH entry that has one), in PATH order. */
  goInstallations: GoInstallation[];
  /** The go that runs: the configured one, else the first on PATH. */
  activeGo?: GoInstallation;
  goEnv: GoEnvProbe;
  /** Key variables with their effective value and its source. */
  env: Record<string, EnvValue>;
  goenvFile?: EnvFile;
  gorootEnvFile?: EnvFile;
  /** The cache directories, and where `go install` writes (GOBIN, else the first GOPATH entry + /bin), with what is there. */
  dirs: { GOCACHE?: DirFact; GOMODCACHE?: DirFact; installDir?: DirFact };
  tools: ToolInfo[];
  /** The C compiler from `go env CC`, resolved on PATH. */
  cc?: { value: string; resolvedPath?: string };
  /** `go tool dist list` output; only probed when GOOS or GOARCH is set explicitly. */
  distList?: string[];
  /** Workspace folders judged. */
  workspaceFolders: string[];
  modules: GoModFile[];
  works: GoWorkFile[];
  /** Per workspace folder: the go.mod and go.work the go command would use when run there (walking up; GOWORK honoured). */
  folders?: { folder: string; goMod?: string; goWork?: string }[];
  /** What the workspace walk listed, skipped and why, and whether a limit cut it short. */
  workspaceWalk?: WalkSummary;
  ci: CiGoVersion[];
  /**
   * What the probes did not look at, and why: files refused by the bounded reader (too large, not a regular file,
   * a link out of the workspace) and parts of the workspace the walk did not reach. go.mod and go.work files are
   * not listed here: they carry their own readError.
   */
  unread?: UnreadPart[];
  /** Go version pins outside go.mod/go.work and CI: version-manager files and dev containers. */
  pins?: GoVersionPin[];
  /** Go variables that CI workflows, Dockerfiles, GitLab CI and dev containers set, each at its line. */
  declaredEnvs?: DeclaredEnvironment[];
  /** The team policies (`.gohealth.json`) governing the workspace folders. */
  policies?: PolicyFile[];
  wsl?: WslFacts;
  /** On Windows with wsl.exe installed: the WSL side as seen from Windows. */
  windowsWsl?: WindowsWslFacts;
  /** On Windows: Go folders under %LOCALAPPDATA%\VirtualStore that hold files. */
  virtualStore?: VirtualStoreDir[];
  /** On Windows: the machine and user Path from the registry, and where each entry of PATH came from. */
  windowsPath?: WindowsPathFacts;
  /** On Windows: Defender's real-time protection and exclusions (absent when not asked). */
  defender?: DefenderFacts;
  /**
   * goX.Y.Z executables on PATH (golang.org/dl wrappers, toolchains), which GOTOOLCHAIN=path and +path use: the
   * first of each name that GOTOOLCHAIN or a go/toolchain line of the workspace could select.
   */
  pathToolchains?: { name: string; path: string }[];
  /** go binaries at well-known install locations that are not on PATH (e.g. /usr/local/go/bin/go), for go-missing. */
  goCandidates?: string[];
  /** The effective GOROOT (go env GOROOT, else the active go's own) and what is there. */
  goroot?: { path: string; exists: boolean; hasGoBinary: boolean; hasSrcRuntime: boolean; realPath?: string; version?: string };
  /** Which Go releases exist (the module proxy's list, cached, or the built-in table) and where that comes from. */
  releases?: ReleaseFacts;
  /** The environment states earlier checks on this machine stored (when the face keeps a history). */
  history?: HistoryFacts;
  /** Probe steps that failed unexpectedly (a bug, not an environment problem); the rest of the facts still stand. */
  probeErrors?: string[];
  /** How long each probe took, for the report's timings. */
  timingsMs: Record<string, number>;
}

/** Facts with nothing found yet: where the probes start, and what a face builds on for a partial judgement. */
export function blankFacts(host: Facts['host'], context: Facts['context'], workspaceFolders: readonly string[] = []): Facts {
  return {
    host,
    context,
    path: [],
    goInstallations: [],
    goEnv: { vars: {} },
    env: {},
    dirs: {},
    tools: [],
    workspaceFolders: [...workspaceFolders],
    modules: [],
    works: [],
    ci: [],
    timingsMs: {},
  };
}
