// A plain summary of Facts for the Environment view: installations, toolchain per module, key variables and tools.
import type { EnvValue, Facts, GoModFile, GoWorkFile, ValueSource } from './facts';
import { compareGoVersionStrings, parseGoVersion, toolchainForGoLine } from './goversion';

export interface InstallationSummary {
  path: string;
  realPath: string;
  version?: string;
  goroot: string;
  active: boolean;
  /** Chosen by a setting or flag rather than found on PATH. */
  configured: boolean;
}

export interface ModuleToolchain {
  /** The go.mod or go.work that decides. */
  file: string;
  kind: 'module' | 'workspace';
  goLine?: string;
  toolchainLine?: string;
  /** Toolchain the go command uses for this module, e.g. go1.26.8. */
  selected?: string;
  /** One sentence: why that one. */
  reason: string;
}

export interface VariableSummary {
  name: string;
  value: string;
  source: ValueSource;
  /** Human wording of the source, e.g. "go env file (~/.config/go/env)". */
  sourceLabel: string;
  /** Where else it is set, and to what, when the places disagree. */
  overridden: { source: ValueSource; value: string }[];
}

export interface ToolSummary {
  name: string;
  /** The copy that runs: first on PATH, else the go-install dir copy. */
  path?: string;
  version?: string;
  goVersion?: string;
  /** More than one copy and they differ. */
  copies: number;
}

export interface EnvironmentSummary {
  installations: InstallationSummary[];
  activeGo?: { path: string; version?: string; goroot: string };
  toolchains: ModuleToolchain[];
  variables: VariableSummary[];
  tools: ToolSummary[];
  goenvFile?: string;
  gorootEnvFile?: string;
  installDir?: string;
}

/** The variables the Environment view lists, in this order, when known. */
export const KEY_VARIABLES = [
  'GOROOT', 'GOPATH', 'GOBIN', 'GOTOOLCHAIN', 'GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE',
  'GOFLAGS', 'GO111MODULE', 'GOOS', 'GOARCH', 'CGO_ENABLED', 'GOCACHE', 'GOMODCACHE', 'GOENV', 'GOWORK', 'GOTELEMETRY',
];

/**
 * Computes which toolchain a module gets. Injected so the environment summary uses the engine's own
 * selection rules (src/core/toolchain.ts) once they exist, with {@link selectToolchainSimple} until then.
 */
export type ToolchainSelector = (facts: Facts, file: GoModFile | GoWorkFile) => { selected?: string; reason: string };

export function summarizeEnvironment(facts: Facts, selectToolchain: ToolchainSelector = selectToolchainSimple): EnvironmentSummary {
  const active = facts.activeGo;
  const installations: InstallationSummary[] = facts.goInstallations.map((g) => ({
    path: g.path,
    realPath: g.realPath,
    version: g.goVersion,
    goroot: g.goroot,
    active: active !== undefined && g.path === active.path,
    configured: false,
  }));
  if (active && !installations.some((i) => i.path === active.path)) {
    installations.unshift({ path: active.path, realPath: active.realPath, version: active.goVersion, goroot: active.goroot, active: true, configured: true });
  }

  // A workspace file decides for every module it uses, so modules under a go.work are reported once, through it.
  const usedByWork = new Set(facts.works.flatMap((w) => w.uses.map((u) => u.absPath)));
  const toolchains: ModuleToolchain[] = [
    ...facts.works.map((w) => ({ file: w.file, kind: 'workspace' as const, goLine: w.go?.value, toolchainLine: w.toolchain?.value, ...selectToolchain(facts, w) })),
    ...facts.modules
      .filter((m) => !usedByWork.has(m.dir))
      .map((m) => ({ file: m.file, kind: 'module' as const, goLine: m.go?.value, toolchainLine: m.toolchain?.value, ...selectToolchain(facts, m) })),
  ];

  const names = [...KEY_VARIABLES.filter((n) => n in facts.env), ...Object.keys(facts.env).filter((n) => !KEY_VARIABLES.includes(n)).sort()];
  const variables = names.map((n) => summarizeVariable(facts, facts.env[n]!));

  const tools: ToolSummary[] = facts.tools.map((t) => {
    const runs = t.pathCopies[0] ?? t.installDirCopy;
    const distinct = new Set([...t.pathCopies, ...(t.installDirCopy ? [t.installDirCopy] : [])].map((c) => c.realPath));
    return {
      name: t.name,
      path: runs?.path,
      version: runs?.moduleVersion,
      goVersion: runs?.goVersion,
      copies: distinct.size,
    };
  });

  return {
    installations,
    activeGo: active ? { path: active.path, version: active.goVersion, goroot: active.goroot } : undefined,
    toolchains,
    variables,
    tools,
    goenvFile: facts.goenvFile?.path,
    gorootEnvFile: facts.gorootEnvFile?.path,
    installDir: facts.installDir,
  };
}

function summarizeVariable(facts: Facts, v: EnvValue): VariableSummary {
  const overridden: VariableSummary['overridden'] = [];
  const places: [ValueSource, string | undefined][] = [
    ['os', v.osValue],
    ['goenv-file', v.fileValue],
    ['goroot-go.env', v.gorootFileValue],
  ];
  for (const [source, value] of places) if (value !== undefined && source !== v.source) overridden.push({ source, value });
  return { name: v.name, value: v.value, source: v.source, sourceLabel: sourceLabel(facts, v.source), overridden };
}

export function sourceLabel(facts: Pick<Facts, 'goenvFile' | 'gorootEnvFile'>, source: ValueSource): string {
  switch (source) {
    case 'os':
      return 'OS environment';
    case 'goenv-file':
      return facts.goenvFile ? `go env file (${facts.goenvFile.path})` : 'go env file';
    case 'goroot-go.env':
      return facts.gorootEnvFile ? `GOROOT/go.env (${facts.gorootEnvFile.path})` : 'GOROOT/go.env';
    case 'default':
      return 'default';
  }
}

/**
 * The go command's selection (go.dev/doc/toolchain) for one go.mod/go.work, enough to explain it:
 * GOTOOLCHAIN=local or a fixed name always wins; with +auto/+path the file's toolchain or go line
 * raises the minimum.
 */
export function selectToolchainSimple(facts: Facts, file: GoModFile | GoWorkFile): { selected?: string; reason: string } {
  const local = facts.activeGo?.goVersion;
  const setting = (facts.env.GOTOOLCHAIN?.value || 'auto').trim();
  const [base, suffix] = setting.includes('+') ? (setting.split('+', 2) as [string, string]) : [setting, undefined];
  if (setting === 'local') return { selected: local, reason: 'GOTOOLCHAIN=local: always the installed go.' };
  const mode = suffix ?? (base === 'auto' || base === 'path' ? base : undefined);
  const minimum = base === 'auto' || base === 'path' || base === 'local' ? local : base;
  if (!mode) return { selected: base, reason: `GOTOOLCHAIN=${setting}: that toolchain, whatever the files say.` };
  const fileName = file.file.replace(/^.*[\\/]/, '');
  const toolchainLine = file.toolchain?.value;
  const goLine = file.go?.value;
  const goParsed = parseGoVersion(goLine);
  const fromGoLine = goParsed ? toolchainForGoLine(goParsed) : undefined;
  let wanted: string | undefined;
  let why = '';
  if (toolchainLine && toolchainLine !== 'default' && (!fromGoLine || compareGoVersionStrings(toolchainLine, fromGoLine) >= 0)) {
    wanted = toolchainLine;
    why = `the toolchain line of ${fileName}`;
  } else if (fromGoLine) {
    wanted = fromGoLine;
    why = `the go line of ${fileName} (go ${goLine})`;
  }
  if (!minimum) return { selected: wanted, reason: wanted ? `Needed by ${why}; no installed go was found.` : 'No installed go was found.' };
  if (wanted && compareGoVersionStrings(wanted, minimum) > 0) {
    const how = mode === 'path' ? 'found on PATH (GOTOOLCHAIN=' + setting + ')' : 'downloaded if needed (GOTOOLCHAIN=' + setting + ')';
    return { selected: wanted, reason: `Switches to ${wanted}, required by ${why}, ${how}.` };
  }
  return { selected: minimum, reason: wanted ? `${minimum} already satisfies ${why}.` : `${fileName} names no version; ${minimum} is used.` };
}
