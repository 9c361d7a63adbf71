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

/** One file's choice of Go version, and what follows it. */
interface PinSummary {
  file: string;
  line: number;
  /** What pins it: `.tool-versions`, `setup-go`, `toolchain line`, … */
  kind: string;
  /** The version as written (or the file it follows). */
  value: string;
  /** Who uses it, and whether it wins for a workspace folder. */
  decides: string;
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
  /** Every Go version pin, with who follows it. */
  pins?: PinSummary[];
  /** The team policies (.gohealth.json) in force, to watch them where they lie outside the workspace. */
  policyFiles?: string[];
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

  const pins = pinSummaries(facts);
  return {
    installations,
    activeGo: active ? { path: active.path, version: active.goVersion, goroot: active.goroot } : undefined,
    toolchains,
    variables,
    tools,
    goenvFile: facts.goenvFile?.path,
    gorootEnvFile: facts.gorootEnvFile?.path,
    installDir: facts.dirs.installDir?.path,
    ...(pins.length ? { pins } : {}),
    ...(facts.policies?.length ? { policyFiles: facts.policies.map((p) => p.file) } : {}),
  };
}

const PIN_KINDS: Record<string, string> = {
  'go-version': '.go-version',
  'tool-versions': '.tool-versions',
  mise: 'mise.toml',
  'devcontainer-image': 'dev container image',
  'devcontainer-feature': 'dev container go feature',
  'github-actions': 'setup-go',
  dockerfile: 'Dockerfile FROM',
  'gitlab-ci': 'GitLab CI image',
};

/** Every pin and who follows it; a version-manager pin says when it is the one shells in a workspace folder get. */
function pinSummaries(facts: Facts): PinSummary[] {
  const out: PinSummary[] = [];
  const within = (dir: string, folder: string) =>
    folder === dir || folder.startsWith(dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}${dir.includes('\\') ? '\\' : '/'}`);
  const managerPins = (facts.pins ?? []).filter((p) => p.manager);
  for (const p of facts.pins ?? []) {
    let decides = p.manager ? `shells with ${p.manager} in ${p.dir}` : `the dev container of ${p.dir}`;
    if (p.manager) {
      // The nearest version-manager file above a folder is the one its shells follow.
      const wins = facts.workspaceFolders.filter((f) => {
        const nearest = managerPins.filter((q) => within(q.dir, f)).sort((a, b) => b.dir.length - a.dir.length)[0];
        return nearest === p;
      });
      if (wins.length) decides += ` · wins for ${wins.join(', ')}`;
    }
    out.push({ file: p.file, line: p.line, kind: PIN_KINDS[p.kind] ?? p.kind, value: p.raw, decides });
  }
  for (const c of facts.ci)
    out.push({
      file: c.file,
      line: c.line,
      kind: PIN_KINDS[c.kind] ?? c.kind,
      value: c.versionFile ? `follows ${c.versionFile}` : c.raw,
      decides: c.kind === 'dockerfile' ? 'that image build' : 'that CI job',
    });
  for (const f of [...facts.modules, ...facts.works])
    if (f.toolchain)
      out.push({
        file: f.file,
        line: f.toolchain.line,
        kind: 'toolchain line',
        value: f.toolchain.value,
        decides: `the go command in ${f.dir} (when GOTOOLCHAIN lets it switch)`,
      });
  return out;
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
    case 'declared':
      return 'a file in the workspace';
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
