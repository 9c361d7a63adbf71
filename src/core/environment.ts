// A plain summary of Facts for the Environment view: installations, toolchain per module, key variables and tools.
import { appendState, describeChange, historyChanges, snapshotOf } from './history';
import type { EnvValue, Facts, GoModFile, ValueSource } from './facts';
import { effectiveToolchains, selectionForFile, workspaceOf, type ToolchainSelection } from './toolchainSelection';
import { goReadsVariable } from './data/goDocs';

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

/** A go.mod or go.work that decides the toolchain: for its own module, or for every module a go.work uses. */
interface DecidingFile {
  file: string;
  kind: 'module' | 'workspace';
  /** Modules it decides for (1 for a go.mod). */
  modules: number;
  goLine?: string;
  toolchainLine?: string;
}

/**
 * Modules that get the same toolchain for the same reason. A workspace of thousands of modules mostly falls
 * into one group; the other groups are its exceptions.
 */
export interface ToolchainGroup {
  /** Toolchain the go command uses for these modules, e.g. go1.26.8. */
  selected?: string;
  /** One sentence for the whole group: why that one (and the go command's message when it would stop instead). */
  why: string;
  /** The go command would stop rather than build these modules. */
  blocked: boolean;
  /** Modules in the group (a go.work counts every module it uses). */
  modules: number;
  /** The files that decide, in workspace order, at most {@link LISTED_PER_GROUP}. */
  files: DecidingFile[];
  /** Deciding files not listed in `files`. */
  moreFiles: number;
}

/** Deciding files listed per group; the rest are counted. */
export const LISTED_PER_GROUP = 50;

interface VariableSummary {
  name: string;
  value: string;
  source: ValueSource;
  /** Human wording of the source, e.g. "go env file (~/.config/go/env)". */
  sourceLabel: string;
  /** The same in a few words, for a narrow view: "go env -w", "OS env", "GOROOT/go.env", "default". */
  sourceShort: string;
  /** The file and line that set the effective value, when a file does (the go env file, GOROOT/go.env). */
  setAt?: { file: string; line: number };
  /** Where else it is set, and to what, when the places disagree. */
  overridden: { source: ValueSource; value: string; setAt?: { file: string; line: number } }[];
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
  /** Modules grouped by the toolchain they get and why: the largest group first, then the exceptions. */
  toolchainGroups: ToolchainGroup[];
  variables: VariableSummary[];
  tools: ToolSummary[];
  goenvFile?: string;
  gorootEnvFile?: string;
  installDir?: string;
  /** Recent changes of this machine's Go environment between checks, newest first (when the face keeps a history). */
  changes?: { at: string; text: string }[];
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

  const toolchainGroups = groupToolchains(facts);

  const names = [
    ...KEY_VARIABLES.filter((n) => n in facts.env),
    ...Object.keys(facts.env)
      .filter((n) => !KEY_VARIABLES.includes(n))
      .sort(),
  ];
  // Only what the go command reads, and of the per-architecture variables only the target's (no GOARM on amd64).
  const goarch = facts.env.GOARCH?.value || facts.goEnv.vars.GOARCH;
  // Beyond the key variables, an empty one nobody set says nothing.
  const variables = names
    .filter((n) => goReadsVariable(n, goarch))
    .filter((n) => KEY_VARIABLES.includes(n) || facts.env[n]!.value !== '' || facts.env[n]!.source !== 'default')
    .map((n) => summarizeVariable(facts, facts.env[n]!));

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
    toolchainGroups,
    variables,
    tools,
    goenvFile: facts.goenvFile?.path,
    gorootEnvFile: facts.gorootEnvFile?.path,
    installDir: facts.dirs.installDir?.path,
    ...(facts.history ? { changes: recentChanges(facts) } : {}),
    ...(pins.length ? { pins } : {}),
    ...(facts.policies?.length ? { policyFiles: facts.policies.map((p) => p.file) } : {}),
  };
}

/**
 * The summary after some modules changed (a save), from the summary before: the same unless a changed module's
 * toolchain group or toolchain line did; then the groups are worked out again, and its toolchain-line pin moves.
 * `indexOf` gives a go.mod's position among the modules. Equal to {@link summarizeEnvironment} on `facts`.
 */
export function summarizeEnvironmentAfter(
  before: { facts: Facts; summary: EnvironmentSummary },
  facts: Facts,
  changed: readonly number[],
  indexOf: (file: string) => number | undefined,
): EnvironmentSummary {
  const keys = new Set([...Object.keys(before.facts), ...Object.keys(facts)]) as Set<keyof Facts>;
  for (const k of keys) if (k !== 'modules' && k !== 'timingsMs' && before.facts[k] !== facts[k]) return summarizeEnvironment(facts);
  const regroup = changed.some((i) => groupingOf(before.facts, before.facts.modules[i]) !== groupingOf(facts, facts.modules[i]));
  const pinsMoved = changed.some(
    (i) => JSON.stringify(toolchainPin(before.facts.modules[i])) !== JSON.stringify(toolchainPin(facts.modules[i])),
  );
  if (!regroup && !pinsMoved) return before.summary;
  const summary: EnvironmentSummary = { ...before.summary, ...(regroup ? { toolchainGroups: groupToolchains(facts) } : {}) };
  if (pinsMoved) {
    const fixed = (facts.pins?.length ?? 0) + facts.ci.length;
    const old = before.summary.pins ?? [];
    const changedFiles = new Set(changed.map((i) => facts.modules[i]!.file));
    const isModulePin = (p: PinSummary) => p.kind === 'toolchain line' && indexOf(p.file) !== undefined;
    const tail = old.slice(fixed);
    const modulePins = tail.filter((p) => isModulePin(p) && !changedFiles.has(p.file));
    for (const i of changed) {
      const pin = toolchainPin(facts.modules[i]);
      if (pin) modulePins.push(pin);
    }
    modulePins.sort((a, b) => indexOf(a.file)! - indexOf(b.file)!);
    const pins = [...old.slice(0, fixed), ...modulePins, ...tail.filter((p) => !isModulePin(p))];
    if (pins.length) summary.pins = pins;
    else delete summary.pins;
  }
  return summary;
}

/** What a module adds to the toolchain groups: its group, the file that decides and that file's lines. */
function groupingOf(facts: Facts, mod: GoModFile | undefined): string {
  if (!mod) return '';
  const work = workspaceOf(facts, mod);
  const s = work ? selectionForFile(facts, work, 'go.work') : selectionForFile(facts, mod, 'go.mod');
  if (!s) return '';
  return [groupKey(s), work ? work.file : mod.file, s.file?.kind, s.file?.go?.value, s.file?.toolchain?.value].join('\0');
}

/** A module's toolchain line as the pins list shows it. */
function toolchainPin(f: GoModFile | undefined): PinSummary | undefined {
  if (!f?.toolchain) return undefined;
  return {
    file: f.file,
    line: f.toolchain.line,
    kind: 'toolchain line',
    value: f.toolchain.value,
    decides: `the go command in ${f.dir} (when GOTOOLCHAIN lets it switch)`,
  };
}

/** The last few changes, this run's state included (it is stored only after the run). */
function recentChanges(facts: Facts): { at: string; text: string }[] {
  const h = facts.history!;
  const states = appendState(h.states, snapshotOf(facts, h.now));
  return historyChanges(states)
    .slice(0, 10)
    .flatMap((c) => c.changes.map((change) => ({ at: c.at, text: describeChange(change, c.at, h.now) })));
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

/**
 * What makes two modules' selections the same for a reader: the toolchain, what decided it (the variable, or
 * the kind and value of the deciding line, not its file or line number), and how it is got or why it fails.
 */
const groupKeys = new WeakMap<ToolchainSelection, string>();

function groupKey(s: ToolchainSelection): string {
  let key = groupKeys.get(s);
  if (key === undefined) groupKeys.set(s, (key = groupKeyNow(s)));
  return key;
}

function groupKeyNow(s: ToolchainSelection): string {
  const line = s.decidingLine;
  const how =
    s.cause === 'local' || s.cause === 'gotoolchain' ? s.reason : `${line?.directive ?? ''} ${line?.value ?? ''}|${s.pathBinary ?? ''}`;
  return [s.selected, s.cause, how, s.needsDownload, s.blocked?.kind ?? '', s.blocked?.message ?? ''].join('\n');
}

/** The group's sentence. A line's reason names its file and line number, so for those it is said without them. */
function groupWhy(s: ToolchainSelection): string {
  let why: string;
  if (s.cause === 'local' || s.cause === 'gotoolchain' || !s.decidingLine) why = s.reason;
  else {
    const line = s.decidingLine;
    why = `"${line.directive} ${line.value}" asks for ${s.selected}, newer than ${s.active}`;
    if (s.pathBinary) why += `; ${s.selected} runs from ${s.pathBinary}`;
    else if (s.blocked?.kind === 'not-on-path')
      why += `; GOTOOLCHAIN=${s.gotoolchain.raw} only looks on PATH, and no ${s.selected} is there`;
    else if (s.blocked?.kind === 'download-disabled') why += '; it would be downloaded, but GOPROXY=off forbids downloads';
    else if (s.needsDownload) why += `; the go command downloads ${s.selected} through GOPROXY`;
  }
  return `${capitalize(why)}.${s.blocked ? ` ${s.blocked.message}` : ''}`;
}

/** Every module's toolchain, grouped: one pass over the modules, each group keeping its first files. */
function groupToolchains(facts: Facts): ToolchainGroup[] {
  type Building = ToolchainGroup & { workspaces: Map<string, DecidingFile> };
  const groups = new Map<string, Building>();
  for (const t of effectiveToolchains(facts)) {
    const s = t.selection;
    const key = groupKey(s);
    let g = groups.get(key);
    if (!g) {
      g = { selected: s.selected, why: groupWhy(s), blocked: !!s.blocked, modules: 0, files: [], moreFiles: 0, workspaces: new Map() };
      groups.set(key, g);
    }
    g.modules++;
    // A go.mod decides for its own module only; a go.work for every module it uses, counted on one row.
    const workspace = s.file?.kind === 'go.work';
    const file = t.governedBy ?? t.dir;
    if (workspace) {
      const seen = g.workspaces.get(file);
      if (seen) {
        seen.modules++;
        continue;
      }
    }
    if (g.files.length >= LISTED_PER_GROUP) {
      g.moreFiles++;
      if (workspace) g.workspaces.set(file, { file, kind: 'workspace', modules: 1 });
      continue;
    }
    const decides: DecidingFile = {
      file,
      kind: workspace ? 'workspace' : 'module',
      modules: 1,
      ...(s.file?.go ? { goLine: s.file.go.value } : {}),
      ...(s.file?.toolchain ? { toolchainLine: s.file.toolchain.value } : {}),
    };
    if (workspace) g.workspaces.set(file, decides);
    g.files.push(decides);
  }
  // The usual case first, then the exceptions: blocked ones before the rest, larger before smaller.
  const list = [...groups.values()].map(({ workspaces: _workspaces, ...g }) => g);
  const usual = list.reduce<ToolchainGroup | undefined>((best, g) => (!best || g.modules > best.modules ? g : best), undefined);
  const exceptions = list.filter((g) => g !== usual).sort((a, b) => Number(b.blocked) - Number(a.blocked) || b.modules - a.modules);
  return usual ? [usual, ...exceptions] : [];
}

function summarizeVariable(facts: Facts, v: EnvValue): VariableSummary {
  const overridden: VariableSummary['overridden'] = [];
  const places: [ValueSource, string | undefined][] = [
    ['os', v.osValue],
    ['goenv-file', v.fileValue],
    ['goroot-go.env', v.gorootFileValue],
  ];
  for (const [source, value] of places)
    if (value !== undefined && source !== v.source) {
      const at = setAt(facts, v.name, source);
      overridden.push({ source, value, ...(at ? { setAt: at } : {}) });
    }
  const at = setAt(facts, v.name, v.source);
  return {
    name: v.name,
    value: v.value,
    source: v.source,
    sourceLabel: sourceLabel(facts, v.source),
    sourceShort: SHORT_SOURCE[v.source],
    ...(at ? { setAt: at } : {}),
    overridden,
  };
}

const SHORT_SOURCE: Record<ValueSource, string> = {
  os: 'OS env',
  'goenv-file': 'go env -w',
  'goroot-go.env': 'GOROOT/go.env',
  default: 'default',
  declared: 'workspace file',
};

/** The line of the file that sets a variable in one layer. */
function setAt(
  facts: Pick<Facts, 'goenvFile' | 'gorootEnvFile'>,
  name: string,
  source: ValueSource,
): { file: string; line: number } | undefined {
  const file = source === 'goenv-file' ? facts.goenvFile : source === 'goroot-go.env' ? facts.gorootEnvFile : undefined;
  const line = file?.lines[name];
  return file && line ? { file: file.path, line } : undefined;
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
