// The engine's front door: probe the host, run the checks, and return one report every face renders.
import type { Facts, VscodeGoValues } from './facts';
import type { Host } from './host';
import { gatherFacts } from './probe/index';
import type { ProbeCache } from './probe/cache';
import { runSelectedChecks, selectChecks } from './checks/index';
import type { CheckDefinition } from './checks/types';
import type { Finding, Report, ToolchainSummary } from './report';
import { TOOL_NAME, TOOL_VERSION } from './version';
import { planFixes } from './fixPlan';
import { withoutControlCharacterFixes } from './controlChars';
import { releaseEvidence } from './releases';
import { probeHistory, recordHistory, snapshotOf } from './history';
import { policyVerdict } from './policy/verdict';

export interface HealthCheckOptions {
  /** Folders to judge; the host's cwd when empty. */
  workspaceFolders?: string[];
  /** Per-spawn timeout. */
  timeoutMs?: number;
  only?: string[];
  skip?: string[];
  /** A go binary chosen by the user (setting or flag); wins over PATH. */
  configuredGoPath?: string;
  /** A Go launch configuration exists, so a missing dlv is a warning. */
  debuggingSetUp?: boolean;
  /** On Windows, ask wsl.exe about the distros and probe the debug distro (slow while the WSL VM starts). */
  probeWsl?: boolean;
  /** The WSL distro chosen for debugging; the default distro when unset. */
  debugDistro?: string;
  /** The debug bridge's transport to dlv inside WSL. */
  debugTransport?: 'stdio' | 'tcp';
  /** Compare with the user's login shell (env-terminal-differs): for editors, which a GUI launch may give another PATH. */
  compareLoginShell?: boolean;
  /** The VS Code Go extension's settings (vscode-go-differs), from the VS Code face. */
  vscodeGo?: VscodeGoValues;
  /** Reuse spawn and file results across runs; invalidate through its methods when files change. */
  cache?: ProbeCache;
  /**
   * Called once, before the result, with a report on the environment alone when the workspace walk is still
   * going (a large workspace): the checks run on the facts without modules, so it can only lack findings.
   */
  onPartial?: (partial: Pick<HealthCheckResult, 'report' | 'facts'>) => void;
  /** The findings of the run before (a face that re-checks): their fixes stay on offer where they still apply. */
  previousFindings?: readonly Finding[];
  /** Read this machine's environment history (env-changed) and store this run's state in it, in the user's state directory. */
  history?: boolean;
  /** Runs the checks and the fixes' trials (a face that re-checks keeps what did not change); the plain runner by default. */
  checkRunner?: CheckRunner;
}

/** How a run evaluates its checks: on the facts, and on each fix's trial of changed facts (`key` names the change). */
export interface CheckRunner {
  run(facts: Facts, checks: readonly CheckDefinition[]): Finding[];
  trial(facts: Facts, checks: readonly CheckDefinition[], key: string): Finding[];
}

const PLAIN_RUNNER: CheckRunner = {
  run: (facts, checks) => runSelectedChecks(facts, checks),
  trial: (facts, checks) => runSelectedChecks(facts, checks),
};

export interface HealthCheckResult {
  report: Report;
  facts: Facts;
  /** The checks that ran (host and selection applied), in catalogue order. */
  checks: readonly CheckDefinition[];
}

const DEFAULT_TIMEOUT_MS = 10_000;

export async function runHealthCheck(host: Host, options: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const started = performance.now();
  const workspaceFolders = options.workspaceFolders?.length ? options.workspaceFolders : [host.cwd];
  const checks = selectChecks(host, { only: options.only, skip: options.skip });
  const runs = (id: string) => checks.some((c) => c.id === id);
  const facts = await gatherFacts(host, {
    workspaceFolders,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    configuredGoPath: options.configuredGoPath,
    debuggingSetUp: options.debuggingSetUp,
    probeWsl: options.probeWsl,
    debugDistro: options.debugDistro,
    debugTransport: options.debugTransport,
    // Probes that only one check needs run only when that check does: Defender through PowerShell (the
    // slowest probe on Windows), the login shell (a shell start that reads the user's profile).
    probeDefender: runs('defender-scanning-cache'),
    probeLoginShell: options.compareLoginShell === true && runs('env-terminal-differs'),
    vscodeGo: options.vscodeGo,
    cache: options.cache,
    ...(options.onPartial
      ? {
          onEnvironment: (early: Facts) =>
            options.onPartial!({ report: reportOf(early, checks, started, options.previousFindings), facts: early }),
        }
      : {}),
  });
  if (options.history) facts.history = await probeHistory(host, new Date().toISOString());
  const report = reportOf(facts, checks, started, options.previousFindings, options.checkRunner);
  // Stored after the checks judged against the earlier states; a state directory that cannot be written costs only the history.
  if (facts.history) await recordHistory(host, facts.history, snapshotOf(facts, facts.history.now));
  return { report, facts, checks };
}

/** Runs the checks on the facts and wraps their findings with the tool, the host and the timings. */
export function reportOf(
  facts: Facts,
  checks: readonly CheckDefinition[],
  started: number,
  previous?: readonly Finding[],
  runner: CheckRunner = PLAIN_RUNNER,
): Report {
  const probedAt = performance.now();
  // The fixes are weighed together: each tried on the facts with the same checks, ordered least invasive first.
  const findings = planFixes(facts, runner.run(facts, checks), {
    judge: (changed, key) => runner.trial(changed, checks, key),
    previous,
  }).map(withoutControlCharacterFixes);
  const checkedAt = performance.now();
  const policy = policyVerdict(
    facts.policies,
    findings,
    checks.some((c) => c.id === 'policy-drift'),
  );
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    host: { platform: facts.host.platform, arch: facts.host.arch, isWsl: facts.host.isWsl, cwd: facts.host.cwd },
    toolchains: summarizeToolchains(facts),
    findings,
    ...(facts.releases ? { releases: releaseEvidence(facts.releases) as Report['releases'] } : {}),
    ...(policy ? { policy } : {}),
    timingsMs: {
      ...roundTimings(facts.timingsMs),
      probes: round(probedAt - started),
      checks: round(checkedAt - probedAt),
      total: round(checkedAt - started),
    },
  };
}

function summarizeToolchains(facts: Facts): ToolchainSummary[] {
  const all = [...facts.goInstallations];
  if (facts.activeGo && !all.some((g) => g.path === facts.activeGo!.path)) all.unshift(facts.activeGo);
  return all.map((g) => ({
    path: g.path,
    realPath: g.realPath,
    version: g.goVersion,
    goroot: g.goroot,
    active: g.path === facts.activeGo?.path,
    ...(g.manager ? { managedBy: g.manager } : {}),
  }));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)]));
}
