// Many machines' JSON reports as one summary a team lead reads first: findings by check id and how many machines have them, Go versions, policy compliance, the worst machines.
import { SEVERITY_RANK, type Severity } from './report';

/** One machine's report, as far as the summary needs it; anything else in the file is ignored. */
interface ReportLike {
  schemaVersion?: unknown;
  host?: { platform?: unknown; arch?: unknown; isWsl?: unknown };
  toolchains?: { active?: unknown; version?: unknown }[];
  findings?: { id?: unknown; severity?: unknown; title?: unknown }[];
  policy?: { compliant?: unknown; rulesBroken?: unknown };
}

interface CheckTally {
  id: string;
  /** The worst severity any machine reported it at. */
  severity: Severity;
  machines: number;
  /** One title, as an example of what it says. */
  example: string;
}

export interface MachineScore {
  name: string;
  errors: number;
  warnings: number;
  infos: number;
  go?: string;
  compliant?: boolean;
  /** The team policy rules this machine breaks, as its report counted them. */
  rulesBroken?: number;
}

export interface MergedSummary {
  machines: number;
  /** Files that were not a Go Health report, with why. */
  skipped: { name: string; reason: string }[];
  findings: CheckTally[];
  goVersions: { version: string; machines: number }[];
  policy: { compliant: number; nonCompliant: number; noPolicy: number };
  worst: MachineScore[];
  healthy: number;
}

const SEVERITIES = new Set<string>(['error', 'warning', 'info']);

/** Adds reports one at a time and keeps only the tallies, so ten thousand reports need not be held at once. */
export class ReportMerger {
  private machines = 0;
  private readonly skipped: { name: string; reason: string }[] = [];
  private readonly checks = new Map<string, CheckTally>();
  private readonly goVersions = new Map<string, number>();
  private readonly policy = { compliant: 0, nonCompliant: 0, noPolicy: 0 };
  private readonly scores: MachineScore[] = [];
  private healthy = 0;

  /** Takes one report (already parsed JSON); returns false, and notes why, when it is not a Go Health report. */
  add(name: string, value: unknown): boolean {
    const report = value as ReportLike;
    if (!report || typeof report !== 'object' || report.schemaVersion !== 1 || !Array.isArray(report.findings)) {
      this.skipped.push({ name, reason: 'not a Go Health JSON report (gohealth check --format json), schemaVersion 1' });
      return false;
    }
    this.machines++;
    const score: MachineScore = { name, errors: 0, warnings: 0, infos: 0 };
    const seen = new Set<string>();
    for (const f of report.findings) {
      if (!f || typeof f.id !== 'string') continue;
      const severity: Severity = typeof f.severity === 'string' && SEVERITIES.has(f.severity) ? (f.severity as Severity) : 'info';
      if (severity === 'error') score.errors++;
      else if (severity === 'warning') score.warnings++;
      else score.infos++;
      const tally = this.checks.get(f.id);
      if (!tally) this.checks.set(f.id, { id: f.id, severity, machines: 1, example: typeof f.title === 'string' ? f.title : '' });
      else {
        if (!seen.has(f.id)) tally.machines++;
        if (SEVERITY_RANK[severity] > SEVERITY_RANK[tally.severity]) tally.severity = severity;
      }
      seen.add(f.id);
    }
    const active = Array.isArray(report.toolchains) ? report.toolchains.find((t) => t && t.active === true) : undefined;
    const go = typeof active?.version === 'string' ? active.version : 'no go';
    score.go = go;
    this.goVersions.set(go, (this.goVersions.get(go) ?? 0) + 1);
    const compliant = report.policy && typeof report.policy.compliant === 'boolean' ? report.policy.compliant : undefined;
    if (compliant === undefined) this.policy.noPolicy++;
    else if (compliant) this.policy.compliant++;
    else this.policy.nonCompliant++;
    if (compliant !== undefined) score.compliant = compliant;
    const rulesBroken = report.policy?.rulesBroken;
    if (compliant !== undefined && typeof rulesBroken === 'number' && Number.isInteger(rulesBroken) && rulesBroken >= 0)
      score.rulesBroken = rulesBroken;
    if (score.errors + score.warnings === 0) this.healthy++;
    this.scores.push(score);
    return true;
  }

  /** Notes a file that could not be read or parsed. */
  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
  }

  summary(worstCount = 10): MergedSummary {
    const findings = [...this.checks.values()].sort(
      (a, b) => b.machines - a.machines || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id),
    );
    const goVersions = [...this.goVersions.entries()]
      .map(([version, machines]) => ({ version, machines }))
      .sort((a, b) => b.machines - a.machines || b.version.localeCompare(a.version, 'en', { numeric: true }));
    const worst = this.scores
      .filter((s) => s.errors + s.warnings > 0 || s.compliant === false)
      .sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || b.infos - a.infos || a.name.localeCompare(b.name))
      .slice(0, worstCount);
    return {
      machines: this.machines,
      skipped: this.skipped,
      findings,
      goVersions,
      policy: { ...this.policy },
      worst,
      healthy: this.healthy,
    };
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function percent(n: number, of: number): string {
  return of ? `${Math.round((n / of) * 100)}%` : '0%';
}

function policyCell(m: MachineScore): string {
  if (m.compliant === undefined) return '';
  if (m.compliant) return 'complies';
  return m.rulesBroken ? `does not comply (${m.rulesBroken} rule${m.rulesBroken === 1 ? '' : 's'} broken)` : 'does not comply';
}

/** The summary as Markdown: fits a pull request comment and $GITHUB_STEP_SUMMARY. */
export function renderMergedMarkdown(s: MergedSummary): string {
  const lines: string[] = ['# Go Health across machines', ''];
  lines.push(
    `${s.machines} machine${s.machines === 1 ? '' : 's'}: ${s.healthy} without errors or warnings (${percent(s.healthy, s.machines)}).` +
      (s.skipped.length ? ` ${s.skipped.length} file${s.skipped.length === 1 ? '' : 's'} skipped.` : ''),
    '',
  );
  const withPolicy = s.policy.compliant + s.policy.nonCompliant;
  lines.push('## Policy compliance', '');
  if (withPolicy === 0) lines.push('No report carries a team policy verdict.');
  else
    lines.push(
      `${s.policy.compliant} of ${withPolicy} machines with a team policy comply (${percent(s.policy.compliant, withPolicy)}); ${s.policy.nonCompliant} do not` +
        (s.policy.noPolicy ? `; ${s.policy.noPolicy} report${s.policy.noPolicy === 1 ? '' : 's'} had no policy.` : '.'),
    );
  lines.push('', '## Findings by check', '');
  if (!s.findings.length) lines.push('No findings on any machine.');
  else {
    lines.push('| check | severity | machines | example |', '|---|---|---|---|');
    for (const f of s.findings)
      lines.push(`| \`${f.id}\` | ${f.severity} | ${f.machines} (${percent(f.machines, s.machines)}) | ${cell(f.example)} |`);
  }
  lines.push('', '## Go versions in use', '', '| go | machines |', '|---|---|');
  for (const g of s.goVersions) lines.push(`| ${cell(g.version)} | ${g.machines} |`);
  lines.push('', '## Worst machines', '');
  if (!s.worst.length) lines.push('Every machine is free of errors and warnings.');
  else {
    lines.push('| machine | errors | warnings | info | go | policy |', '|---|---|---|---|---|---|');
    for (const m of s.worst)
      lines.push(`| ${cell(m.name)} | ${m.errors} | ${m.warnings} | ${m.infos} | ${cell(m.go ?? '')} | ${policyCell(m)} |`);
  }
  if (s.skipped.length) {
    lines.push('', '## Skipped files', '');
    for (const k of s.skipped.slice(0, 20)) lines.push(`- ${cell(k.name)}: ${cell(k.reason)}`);
    if (s.skipped.length > 20) lines.push(`- … and ${s.skipped.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}
