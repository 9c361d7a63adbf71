// A plain summary of Facts for the Environment view: installations, toolchain per module, key variables and tools.
import type { EnvValue, Facts, ValueSource } from './facts';
import { effectiveToolchains } from './toolchainSelection';

interface InstallationSummary {
  path: string;
  realPath: string;
  version?: string;
  goroot: string;
  active: boolean;
  /** Chosen by a setting or flag rather than found on PATH. */
  configured: boolean;
  /** The tool that installed it and switches it (asdf, mise, Homebrew, …), when its paths tell. */
  managedBy?: string;
}

interface ModuleToolchain {
  /** The go.mod or go.work that decides (the module directory when it has none). */
  file: string;
  kind: 'module' | 'workspace';
  goLine?: string;
  toolchainLine?: string;
  /** Toolchain the go command uses for this module, e.g. go1.26.8. */
  selected?: string;
  /** One sentence: why that one. */
  reason: string;
}

interface VariableSummary {
  name: string;
  value: string;
  source: ValueSource;
  /** Human wording of the source, e.g. "go env file (~/.config/go/env)". */
  sourceLabel: string;
  /** Where else it is set, and to what, when the places disagree. */
  overridden: { source: ValueSource; value: string }[];
}

interface ToolSummary {
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
const KEY_VARIABLES = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOTOOLCHAIN',
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOINSECURE',
  'GOFLAGS',
  'GO111MODULE',
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOCACHE',
  'GOMODCACHE',
  'GOENV',
  'GOWORK',
  'GOTELEMETRY',
];

export function summarizeEnvironment(facts: Facts): EnvironmentSummary {
  const active = facts.activeGo;
  const installations: InstallationSummary[] = facts.goInstallations.map((g) => ({
    path: g.path,
    realPath: g.realPath,
    version: g.goVersion,
    goroot: g.goroot,
    active: active !== undefined && g.path === active.path,
    configured: false,
    ...(g.manager ? { managedBy: g.manager } : {}),
  }));
  if (active && !installations.some((i) => i.path === active.path)) {
    installations.unshift({
      path: active.path,
      realPath: active.realPath,
      version: active.goVersion,
      goroot: active.goroot,
      active: true,
      configured: true,
    });
  }

  // One row per deciding file: a go.work decides for every module it uses.
  const toolchains: ModuleToolchain[] = [];
  for (const t of effectiveToolchains(facts)) {
    const file = t.governedBy ?? t.dir;
    if (toolchains.some((x) => x.file === file)) continue;
    const s = t.selection;
    toolchains.push({
      file,
      kind: s.file?.kind === 'go.work' ? 'workspace' : 'module',
      goLine: s.file?.go?.value,
      toolchainLine: s.file?.toolchain?.value,
      selected: s.selected,
      reason: `${capitalize(s.reason)}.${s.blocked ? ` ${s.blocked.message}` : ''}`,
    });
  }

  const names = [
    ...KEY_VARIABLES.filter((n) => n in facts.env),
    ...Object.keys(facts.env)
      .filter((n) => !KEY_VARIABLES.includes(n))
      .sort(),
  ];
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
    installDir: facts.dirs.installDir?.path,
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

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
