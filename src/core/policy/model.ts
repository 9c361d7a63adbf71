// The team policy as data: the rules a `.gohealth.json` states, each at the line that states it, and what could not be read.
import type { Severity } from '../report';

/** The policy file's name, looked for at a workspace folder's root and each parent up to the repository root. */
export const POLICY_FILE_NAME = '.gohealth.json';

/** A range on one line of the policy file (1-based, end exclusive). */
export interface PolicySpan {
  line: number;
  column: number;
  endColumn: number;
}

interface RuleBase extends PolicySpan {
  /** How findings name the rule: `go`, `env.GOPROXY`, `env.GOSUMDB.not`, `tools.dlv`. */
  name: string;
  severity: Severity;
  /** The team's own words on why the rule exists, shown with its findings. */
  reason?: string;
}

/** `"go": ">=1.26.10 <1.28"`: the releases the active Go may be. */
export interface GoVersionRule extends RuleBase {
  kind: 'go';
  range: string;
}

/**
 * What an env rule asks of a variable's value: `equals` one value, `oneOf` several, `includes` every listed entry
 * (a GOPRIVATE pattern, a GOFLAGS flag), `excludes` every listed entry, is `not` any listed value, or (GOPROXY)
 * `noDirect`: no `direct` entry, so modules never bypass the proxy.
 */
export type EnvTest = 'equals' | 'oneOf' | 'includes' | 'excludes' | 'not' | 'noDirect';

export interface EnvRule extends RuleBase {
  kind: 'env';
  variable: string;
  test: EnvTest;
  /** The values or entries the test names (empty for noDirect). */
  values: string[];
}

/** `"tools": { "dlv": ">=1.26.0" }`: a Go tool's module version range (semver). */
export interface ToolRule extends RuleBase {
  kind: 'tool';
  tool: string;
  range: string;
}

export type PolicyRule = GoVersionRule | EnvRule | ToolRule;

/** Something in the policy file that could not be used, at its line; the rest of the policy still applies. */
export interface PolicyProblem extends PolicySpan {
  kind: 'syntax' | 'unknown-name' | 'bad-range' | 'bad-value' | 'duplicate';
  message: string;
  /** Errors make a rule unusable; warnings (an unknown name, a duplicate) leave the rest as it was. */
  severity: Severity;
  /** The closest valid name, for an unknown one. */
  suggestion?: string;
  /** The closest name is already used next to it, so renaming would only make a duplicate. */
  suggestionTaken?: boolean;
}

/** One policy file and the workspace folders it governs (the nearest policy walking up from a folder wins). */
export interface PolicyFile {
  file: string;
  folders: string[];
  rules: PolicyRule[];
  problems: PolicyProblem[];
  /** Set when the file exists but could not be read. */
  readError?: string;
}

/** Variables whose values decide where code comes from and whether it is verified: a policy's fixes for them need consent. */
export const SECURITY_VARIABLES: ReadonlySet<string> = new Set([
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GOINSECURE',
  'GOFLAGS',
  'GOAUTH',
  'GOTOOLCHAIN',
]);
