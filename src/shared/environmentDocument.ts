// The Go environment as one plain-text document: the problems no file is to blame for (Problems points at their lines), then every installation, module toolchain, variable and tool.
import type { Finding, Location } from '../core/report';
import { sortFindings } from '../core/report';
import { triage, type TriageNode } from '../core/triage';
import { findingKey, type HealthSnapshot } from './protocol';
import { redact, type RedactionRules } from '../core/redact';

/** The path of the document under the client's own scheme (`gohealth:/Go Environment`). */
export const ENVIRONMENT_DOCUMENT_PATH = '/Go Environment';

/**
 * Where Problems shows a finding: its own location, else the location of the root cause it is nested under (a
 * tool too old for a go line is shown at that go line), else nowhere in a file (the environment document).
 */
export function problemPlaces(findings: readonly Finding[]): Map<Finding, Location | undefined> {
  const out = new Map<Finding, Location | undefined>();
  const walk = (nodes: TriageNode[], inherited?: Location) => {
    for (const n of nodes) {
      const place = n.finding.location ?? inherited;
      out.set(n.finding, place);
      walk(n.consequences, place);
    }
  };
  walk(triage(findings));
  return out;
}

interface EnvironmentDocument {
  text: string;
  /** For each finding listed in the document (those no file is to blame for): its 1-based line. */
  problemLines: Map<string, number>;
}

export interface ExtraSection {
  title: string;
  lines: string[];
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

/**
 * The document. Its first lines are the problems that belong to no file, one per line, so diagnostics can point
 * at them; the client and the server render it from the same snapshot and so agree on those lines. Extra
 * sections (what only the editor knows) go at the end, where they move no line above them.
 */
export function renderEnvironmentDocument(
  snapshot: HealthSnapshot,
  options: { redactWith?: RedactionRules; extra?: ExtraSection[] } = {},
): EnvironmentDocument {
  const { report, environment: env } = snapshot;
  const lines: string[] = ['Go Health — the Go environment as last checked', ''];
  const problemLines = new Map<string, number>();
  const places = problemPlaces(report.findings);
  const unplaced = sortFindings(report.findings).filter((f) => !places.get(f));
  lines.push('Problems that no file is to blame for:');
  if (!unplaced.length) lines.push('  none');
  for (const f of unplaced) {
    problemLines.set(findingKey(f), lines.length + 1);
    lines.push(`  ${pad(f.severity === 'info' ? 'note' : f.severity, 8)}${f.title}  [${f.id}]`);
  }
  lines.push('');
  const go = env.activeGo;
  lines.push(`Active Go: ${go ? `${go.version ?? 'unknown version'} at ${go.path} (GOROOT ${go.goroot})` : 'none found'}`);
  lines.push(`Host: ${report.host.platform}/${report.host.arch}${report.host.isWsl ? ' (WSL)' : ''}`);
  lines.push(`Checked by: ${report.tool.name} ${report.tool.version}`);
  if (!snapshot.trusted) lines.push(`Restricted mode: ignored ${snapshot.ignoredSettings.join(', ') || 'program settings'}`);
  lines.push('', 'Go installations (PATH order):');
  if (!env.installations.length) lines.push('  none');
  for (const i of env.installations)
    lines.push(
      `  ${pad(i.version ?? '?', 12)}${i.path}${i.realPath !== i.path ? ` -> ${i.realPath}` : ''}${i.active ? '  (active)' : ''}${i.configured ? '  (from the goHealth.goPath setting)' : ''}`,
    );
  if (env.toolchainGroups.length) {
    lines.push('', 'Toolchain per module (the usual one first, then the exceptions):');
    for (const g of env.toolchainGroups) {
      lines.push(`  ${pad(g.selected ?? '?', 12)}${g.modules} module${g.modules === 1 ? '' : 's'}  — ${g.why}`);
      for (const f of g.files) lines.push(`  ${pad('', 12)}  ${f.file}${f.modules > 1 ? ` (${f.modules} modules)` : ''}`);
      if (g.moreFiles) lines.push(`  ${pad('', 12)}  and ${g.moreFiles} more`);
    }
  }
  lines.push('', 'Variables (value · where it is set):');
  const width = Math.max(8, ...env.variables.map((v) => v.name.length + 1));
  for (const v of env.variables) {
    const where = v.setAt ? `${v.sourceShort}, ${v.setAt.file}:${v.setAt.line}` : v.sourceShort;
    lines.push(`  ${pad(v.name, width)}${v.value === '' ? '(empty)' : v.value}  · ${where}`);
    for (const o of v.overridden) lines.push(`  ${pad('', width)}also ${o.value === '' ? '(empty)' : o.value} in ${o.source} (not used)`);
  }
  if (env.tools.length) {
    lines.push('', 'Go tools:');
    for (const t of env.tools)
      lines.push(
        `  ${pad(t.name, 10)}${t.path ? `${pad(`${t.version ?? '?'}${t.goVersion ? ` (${t.goVersion})` : ''}`, 28)}${t.path}${t.copies > 1 ? `  (${t.copies} copies)` : ''}` : 'not found'}`,
      );
  }
  lines.push('', 'Files:');
  lines.push(`  go env file     ${env.goenvFile ?? 'none'}`);
  lines.push(`  GOROOT/go.env   ${env.gorootEnvFile ?? 'none'}`);
  lines.push(`  go install dir  ${env.installDir ?? 'unknown'}`);
  for (const section of options.extra ?? []) lines.push('', `${section.title}:`, ...section.lines.map((l) => `  ${l}`));
  lines.push('');
  const text = lines.join('\n');
  // Redaction changes no line count: the problem lines stay where they are.
  return { text: options.redactWith ? redact(text, options.redactWith) : text, problemLines };
}
