// The custom messages between the Go Health client and its language server, each defined once for both sides.
import type { Report } from '../core/report';
import type { EnvironmentSummary } from '../core/environment';
import type { ServerSettings } from './settings';
// The message type classes alone, not the whole RPC library: this module is part of the activation bundle.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc/lib/common/messages';
import { COMMANDS } from './commands';

/** What a health run produced, plus what the faces need to render and to apply fixes safely. */
export interface HealthSnapshot {
  /** Increases with every run the server starts; lets the client drop stale results. */
  runId: number;
  report: Report;
  environment: EnvironmentSummary;
  /** False in an untrusted workspace: workspace values of program paths were ignored. */
  trusted: boolean;
  /** Settings that were ignored because the workspace is not trusted (setting ids). */
  ignoredSettings: string[];
  /**
   * For every edit-file fix (key {@link fixKey}), the text each edit replaces as the check saw it,
   * so a face can refuse a fix whose target changed since it was offered.
   */
  fixTargets: Record<string, string[]>;
  /** The environment alone, sent while the workspace walk of a first run is still going: modules come later. */
  partial?: boolean;
}

/** Server -> client: the one message that carries a run's state and, when done, its whole result. */
export type HealthNotificationParams =
  | { phase: 'checking'; runId: number; partial?: HealthSnapshot }
  | { phase: 'done'; snapshot: HealthSnapshot }
  | { phase: 'failed'; runId: number; message: string };

export const HealthNotification = new NotificationType<HealthNotificationParams>('goHealth/health');

/** Client -> server: run the checks again now (caches dropped). Resolves when the run has been published. */
interface RerunParams {
  /** Drop every cached probe result first (a user asked; anything may have changed). */
  invalidate: boolean;
  /** Files the client saw change outside the workspace watchers (the user's go env file, GOROOT/go.env). */
  changedFiles?: string[];
}
export interface RerunResult {
  /** The run that answered; undefined when it failed (the failure was notified). */
  runId?: number;
}
export const RerunRequest = new RequestType<RerunParams, RerunResult, void>('goHealth/rerun');

/** Client -> server: the effective settings changed (already filtered for workspace trust). */
type SettingsParams = ServerSettings;
export const SettingsNotification = new NotificationType<SettingsParams>('goHealth/settings');

/** What the server has cost so far: memory, and the file system and process work of its runs (benches and tests read it). */
export interface ServerStats {
  runs: number;
  /** V8 heap in use, in bytes, after a full collection when the process was started with --expose-gc. */
  heapUsed: number;
  rss: number;
  /** CPU time the process has used, user and system, in ms: a save's cost apart from what else the machine runs. */
  cpuMs: number;
  stats: number;
  fileReads: number;
  dirReads: number;
  spawns: number;
  /** Checks run over the whole facts, and modules checks looked at (a save of one go.mod re-checks that module alone). */
  checksRun?: number;
  modulesChecked?: number;
  /** Runs that re-checked saved go.mod files without a whole run. */
  incrementalRuns?: number;
}
export const StatsRequest = new RequestType0<ServerStats, void>('goHealth/stats');

/** Client -> server: the help text of a check, for Explain. */
interface ExplainParams {
  checkId: string;
}
export interface ExplainResult {
  checkId: string;
  summary?: string;
  help?: string;
}
export const ExplainRequest = new RequestType<ExplainParams, ExplainResult, void>('goHealth/explain');

/** Client -> server: a team policy drafted from this machine's last check (the text of a .gohealth.json). */
export interface PolicyDraftResult {
  /** Undefined when no check has finished yet. */
  text?: string;
  /** What it states, e.g. `go >=1.26.8`, `GOPROXY = …`. */
  summary: string[];
  /** This machine's values it leaves out because they are reported as insecure or invalid. */
  leftOut: string[];
}
/** No parameters yet: the draft is of the machine the server checks. */
type PolicyDraftParams = Record<string, never>;
export const PolicyDraftRequest = new RequestType<PolicyDraftParams, PolicyDraftResult, void>('goHealth/policyDraft');

/** The command a code action runs for fixes that are not plain file edits (in VS Code: the extension's own). */
export const APPLY_FIX_COMMAND = COMMANDS.applyFix;

/**
 * What Go Health's own client can do, sent as `capabilities.experimental.goHealth`: it applies fixes itself
 * (through `applyFixCommand`) and can change the environment of its integrated terminals. A client without
 * it (another editor speaking plain LSP) gets fixes the server applies itself, and no terminal fixes.
 */
export interface GoHealthClientCapabilities {
  applyFixCommand: string;
  terminalEnvironment: boolean;
  /**
   * The client shows the Go environment document (shared/environmentDocument.ts) at {@link ENVIRONMENT_DOCUMENT_URI}:
   * findings no file is to blame for are published there, so every finding is in Problems.
   */
  environmentDocument?: boolean;
}

/** The Go environment document under the client's own scheme. */
export const ENVIRONMENT_DOCUMENT_URI = 'gohealth:/Go%20Environment';

export const VSCODE_CLIENT_CAPABILITIES: GoHealthClientCapabilities = {
  applyFixCommand: APPLY_FIX_COMMAND,
  terminalEnvironment: true,
  environmentDocument: true,
};

/** Identifies one finding instance: check id + location (findings of one check differ by where they point). */
export function findingKey(finding: { id: string; location?: { file: string; line: number; column: number }; title: string }): string {
  return finding.location
    ? `${finding.id}@${finding.location.file}:${finding.location.line}:${finding.location.column}`
    : `${finding.id}#${finding.title}`;
}

/** Identifies one fix of one finding. */
export function fixKey(finding: Parameters<typeof findingKey>[0], fixId: string): string {
  return `${findingKey(finding)}/${fixId}`;
}
