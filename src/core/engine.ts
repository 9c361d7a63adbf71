// The engine's front door: probe the host, run the checks, and return one report every face renders.
import type { Facts, VscodeGoValues } from './facts';
import type { Host } from './host';
import { gatherFacts } from './probe/index';
import type { ProbeCache } from './probe/cache';
import { runSelectedChecks, selectChecks } from './checks/index';
import type { CheckDefinition } from './checks/types';
import type { Report, ToolchainSummary } from './report';
import { TOOL_NAME, TOOL_VERSION } from './version';
import { withoutControlCharacterFixes } from './controlChars';
import { releaseEvidence } from './releases';

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
}

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
  });
  const probedAt = performance.now();
  const findings = runSelectedChecks(facts, checks).map(withoutControlCharacterFixes);
  const checkedAt = performance.now();
  const report: Report = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    host: { platform: facts.host.platform, arch: facts.host.arch, isWsl: facts.host.isWsl, cwd: facts.host.cwd },
    toolchains: summarizeToolchains(facts),
    findings,
    ...(facts.releases ? { releases: releaseEvidence(facts.releases) as Report['releases'] } : {}),
    timingsMs: {
      ...roundTimings(facts.timingsMs),
      probes: round(probedAt - started),
      checks: round(checkedAt - probedAt),
      total: round(checkedAt - started),
    },
  };
  return { report, facts, checks };
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
