// Environments and Go versions that files declare for other machines (CI jobs, containers, version managers), each at its line.

/** The kinds of file that set Go variables for a machine other than this one. */
export type DeclaringFileKind = 'github-actions' | 'gitlab-ci' | 'dockerfile' | 'devcontainer' | 'policy';

/** Where a declared value is written: the value's range on its line (1-based, end exclusive). */
export interface DeclaredAt {
  file: string;
  kind: DeclaringFileKind;
  /** Which part of the file: `workflow`, `job test`, `step "Build"`, `stage build`, `variables`, `rule env.GOPROXY`. */
  scope: string;
  line: number;
  column: number;
  endColumn: number;
  /** The quote the value is written in (the range excludes it); undefined for a bare value. */
  quote?: '"' | "'";
  /** The line sets only this variable, so removing the setting removes the line. */
  wholeLine: boolean;
}

/** One Go variable a file sets. */
export interface DeclaredVariable extends DeclaredAt {
  name: string;
  value: string;
}

/** The Go variables one part of a file sets together (a workflow's top-level env, one job's, one Dockerfile stage's). */
export interface DeclaredEnvironment {
  file: string;
  kind: DeclaringFileKind;
  scope: string;
  vars: DeclaredVariable[];
}

/** The kinds of Go version pin besides go.mod/go.work lines and CI files. */
export type PinKind = 'go-version' | 'tool-versions' | 'mise' | 'devcontainer-image' | 'devcontainer-feature';

/** The version managers that read a pin file in the shell. */
export type PinManager = 'goenv' | 'asdf or mise' | 'mise';

/** A file's choice of Go version for the directory it sits in and below, at the line that makes it. */
export interface GoVersionPin {
  file: string;
  kind: PinKind;
  /** The directory it governs (and everything below, unless a nearer pin says otherwise). */
  dir: string;
  line: number;
  column: number;
  endColumn: number;
  /** The text as written (`1.25.0`, `go1.25`, `mcr.microsoft.com/devcontainers/go:1-1.25-bookworm`). */
  raw: string;
  /** The Go version it selects (`1.25` or `1.25.0`); undefined when it floats (`latest`, `system`, a variable). */
  version?: string;
  /** The version manager that switches the shell's go by this file; undefined for dev containers. */
  manager?: PinManager;
}

/** True when a name is a variable the go command (or cgo) reads, so a CI file setting it configures Go. */
export function isGoVariable(name: string): boolean {
  return /^(GO[A-Z0-9_]*|CGO_[A-Z0-9_]+|CC|CXX)$/.test(name);
}

/** Names of the files that pin a Go version or state the team policy: a change to one changes findings. */
export const WATCHED_PIN_AND_POLICY_FILES: readonly string[] = [
  '.gohealth.json',
  '.go-version',
  '.tool-versions',
  'mise.toml',
  '.mise.toml',
  'devcontainer.json',
  '.devcontainer.json',
];
