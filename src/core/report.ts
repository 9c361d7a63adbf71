// The Finding model shared by every face: severities, areas, fixes and the report the engine returns.

export type Severity = 'error' | 'warning' | 'info';

export const AREAS = ['toolchain', 'paths', 'modules', 'network', 'caches', 'build', 'consistency', 'policy', 'wsl'] as const;
export type Area = (typeof AREAS)[number];

/** Each area's heading, as the catalogue names it; every face (text, tree view, Markdown report) shows these. */
export const AREA_TITLES: Record<Area, string> = {
  toolchain: 'Toolchain and PATH',
  paths: 'GOROOT and GOPATH',
  modules: 'Modules and toolchain selection',
  network: 'Proxy, checksum database and flags',
  caches: 'Caches and file systems',
  build: 'Cross-compilation and cgo',
  consistency: 'Environment sources and consistency',
  policy: 'Team policy',
  wsl: 'WSL and Windows',
};

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export interface Location {
  /** Absolute path of the file to blame. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** 1-based, exclusive end column on the same line, when known. */
  endColumn?: number;
}

interface FixBase {
  /** Stable id of the fix, unique within its finding (e.g. `unset-goroot-terminal`). */
  id: string;
  title: string;
  /** Set when the change comes from the repository's team policy rather than from Go Health's own advice. */
  origin?: PolicyOrigin;
  /** What applying it does to the whole state, weighed with the other findings (core/fixPlan.ts), when trying it could tell. */
  plan?: FixAssessment;
}

/** A fix whose value a repository's policy file chose: untrusted input, so a face shows it and asks first. */
export interface PolicyOrigin {
  kind: 'policy';
  /** The policy file and the line of the rule. */
  file: string;
  line: number;
  rule: string;
  /** It changes where code comes from or whether it is verified (GOPROXY, GOSUMDB, GOFLAGS, …) or installs a program. */
  securityRelevant: boolean;
}

/** Who or what a fix changes, from the narrowest to the widest. */
export type FixReach = 'terminals' | 'file' | 'user' | 'machine';

/** A fix weighed against every finding of the state: what it resolves, what it would leave, whether another finding defeats it. */
export interface FixAssessment {
  reach: FixReach;
  /** Titles of the findings it makes go away, when trying it on the facts could tell. */
  resolves: string[];
  /** Problems (errors and warnings) that would appear in their place. */
  leaves: { id: string; severity: Severity; title: string }[];
  /** True when what it leaves is as bad as what it fixes: it only trades one problem for another. */
  defeated: boolean;
  /** One sentence about the above, for the faces. */
  note?: string;
  /** Offered again from an earlier state of the same problem (the finding at this place changed, this fix still applies). */
  carried?: boolean;
}

/** Replace a range of a file's text (1-based line/column; end exclusive). An empty newText deletes. */
export interface EditFileFix extends FixBase {
  kind: 'edit-file';
  file: string;
  edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[];
}

/** `go env -w K=V`, or `go env -u K` when value is undefined. */
export interface GoEnvWriteFix extends FixBase {
  kind: 'go-env-write';
  variable: string;
  value?: string;
}

/** A change to the environment of integrated terminals. */
export interface TerminalEnvFix extends FixBase {
  kind: 'terminal-env';
  variable: string;
  op: 'prepend' | 'append' | 'replace' | 'delete';
  /** For prepend/append: the entry, without separator. For replace: the whole value. */
  value?: string;
}

/** A command run in a visible terminal after confirmation. */
export interface RunCommandFix extends FixBase {
  kind: 'run-command';
  command: string;
  args: string[];
  cwd?: string;
  /** Extra environment for the command. */
  env?: Record<string, string>;
}

/** OS-level change the user makes by hand: exact commands to copy. Never run for them. */
export interface InstructionsFix extends FixBase {
  kind: 'instructions';
  steps: string[];
  /** Commands to copy, in order, with the shell they are for. */
  commands?: { shell: 'sh' | 'powershell' | 'cmd'; text: string; elevated?: boolean }[];
}

export type Fix = EditFileFix | GoEnvWriteFix | TerminalEnvFix | RunCommandFix | InstructionsFix;

export interface Finding {
  id: string;
  severity: Severity;
  area: Area;
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  location?: Location;
  fixes: Fix[];
}

/** One Go installation found on PATH (or configured), as reported in the JSON output. */
export interface ToolchainSummary {
  path: string;
  realPath: string;
  version?: string;
  goroot?: string;
  active: boolean;
  /** The tool that installed it (asdf, mise, homebrew, …), when its paths tell. */
  managedBy?: string;
}

interface HostSummary {
  platform: string;
  arch: string;
  isWsl: boolean;
  cwd: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  host: HostSummary;
  toolchains: ToolchainSummary[];
  findings: Finding[];
  /** Where the list of Go releases came from (the module proxy, its cached copy, or the built-in table) and its age. */
  releases?: { source: 'proxy' | 'cache' | 'builtin'; origin?: string; asOf: string; fallbackReason?: string };
  /** The team policy's verdict, when a policy governs the checked folder. */
  policy?: PolicyVerdict;
  timingsMs: Record<string, number>;
}

/** Whether this machine complies with the team policy (`.gohealth.json`), and by how much it does not. */
export interface PolicyVerdict {
  compliant: boolean;
  /** The policy file that judged (the nearest to the checked folder). */
  file: string;
  /** Further policies of a multi-folder workspace. */
  otherFiles?: string[];
  /** The rules the policies state, and how many of them are broken here, each counted once. */
  rules: number;
  rulesBroken: number;
  /** Set when a policy could not be read whole: its rules went unchecked, so it is not complied with. */
  unreadable?: true;
}

/** Errors first, then warnings, then info; stable within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || AREAS.indexOf(a.f.area) - AREAS.indexOf(b.f.area) || a.i - b.i,
    )
    .map((x) => x.f);
}
