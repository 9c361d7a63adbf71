// The facts the probes gather and the checks judge: plain data, no behaviour.
import type { Platform } from './host';

/** Where a go environment variable's value comes from, in the go command's order of precedence. */
export type ValueSource = 'os' | 'goenv-file' | 'goroot-go.env' | 'default';

export interface EnvValue {
  name: string;
  /** The effective value the go command uses ('' when unset and no default). */
  value: string;
  source: ValueSource;
  /** The value in each place it is set, for evidence ("set to X in the OS environment, Y in the go env file"). */
  osValue?: string;
  fileValue?: string;
  gorootFileValue?: string;
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

export type ProbeFailureKind = 'timeout' | 'exit' | 'garbage' | 'spawn';

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

export interface WorkUse {
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

export type CiKind = 'github-actions' | 'dockerfile' | 'gitlab-ci';

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
  vars: Record<string, string>;
  /** 1-based line of each variable. */
  lines: Record<string, number>;
}

/** Facts about the WSL side of this machine (when running inside a distro). */
export interface WslFacts {
  distro?: string;
  /** From /etc/wsl.conf [automount] root; `/mnt/` by default. */
  automountRoot: string;
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
  /** Where `go install` writes: GOBIN, else the first GOPATH entry + /bin. */
  installDir?: string;
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
  ci: CiGoVersion[];
  wsl?: WslFacts;
  /** goX.Y.Z executables on PATH (golang.org/dl wrappers, toolchains), which GOTOOLCHAIN=path and +path use. */
  pathToolchains?: { name: string; path: string }[];
  /** go binaries at well-known install locations that are not on PATH (e.g. /usr/local/go/bin/go), for go-missing. */
  goCandidates?: string[];
  /** The effective GOROOT (go env GOROOT, else the active go's own) and what is there. */
  goroot?: { path: string; exists: boolean; hasGoBinary: boolean; hasSrcRuntime: boolean; realPath?: string; version?: string };
  /** Probe steps that failed unexpectedly (a bug, not an environment problem); the rest of the facts still stand. */
  probeErrors?: string[];
  /** How long each probe took, for the report's timings. */
  timingsMs: Record<string, number>;
}
