// The report as Markdown for a bug report, optionally with user names and home paths removed.
import type { HealthSnapshot } from './protocol';
import { AREAS, AREA_TITLES, sortFindings } from '../core/report';
import { redact, type RedactionRules } from '../core/redact';

export { redact } from '../core/redact';

export function renderReportMarkdown(snapshot: HealthSnapshot, redactWith?: RedactionRules): string {
  const { report, environment } = snapshot;
  const lines: string[] = [];
  const go = environment.activeGo;
  lines.push(`# Go Health report`, '');
  lines.push(`- Tool: ${report.tool.name} ${report.tool.version}`);
  lines.push(`- Host: ${report.host.platform}/${report.host.arch}${report.host.isWsl ? ' (WSL)' : ''}`);
  lines.push(`- Go: ${go ? `${go.version?.replace(/^go/, '') ?? 'unknown'} at \`${go.path}\` (GOROOT \`${go.goroot}\`)` : 'not found'}`);
  if (!snapshot.trusted)
    lines.push(`- Restricted mode: workspace values of ${snapshot.ignoredSettings.join(', ') || 'program settings'} ignored`);
  lines.push('', '## Findings', '');
  const findings = sortFindings(report.findings);
  if (!findings.length) lines.push('No problems found.');
  for (const area of AREAS) {
    const inArea = findings.filter((f) => f.area === area);
    if (!inArea.length) continue;
    lines.push(`### ${AREA_TITLES[area]}`, '');
    for (const f of inArea) {
      const where = f.location ? ` (${f.location.file}:${f.location.line})` : '';
      lines.push(`- **${f.severity}** \`${f.id}\`: ${f.title}${where}`);
      lines.push(`  ${f.detail.replace(/\n/g, '\n  ')}`);
    }
    lines.push('');
  }
  lines.push('## Environment', '');
  lines.push('| Go installation | version | active |', '|---|---|---|');
  for (const i of environment.installations) lines.push(`| \`${i.path}\` | ${i.version ?? '?'} | ${i.active ? 'yes' : ''} |`);
  if (environment.toolchainGroups.length) {
    lines.push('', '| modules | toolchain | why | decided by |', '|---|---|---|---|');
    for (const g of environment.toolchainGroups) {
      const files = g.files.map((t) => `\`${t.file}\``).join(', ') + (g.moreFiles ? ` and ${g.moreFiles} more` : '');
      lines.push(`| ${g.modules} | ${g.selected ?? '?'} | ${g.why.replace(/\|/g, '\\|')} | ${files} |`);
    }
  }
  lines.push('', '| variable | value | from |', '|---|---|---|');
  for (const v of environment.variables) lines.push(`| ${v.name} | \`${v.value}\` | ${v.sourceLabel.replace(/\|/g, '\\|')} |`);
  if (environment.tools.length) {
    lines.push('', '| tool | version | path |', '|---|---|---|');
    for (const t of environment.tools)
      lines.push(`| ${t.name} | ${t.version ?? ''} ${t.goVersion ? `(${t.goVersion})` : ''} | ${t.path ? `\`${t.path}\`` : 'not found'} |`);
  }
  lines.push(
    '',
    `Timings (ms): ${Object.entries(report.timingsMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  );
  const text = lines.join('\n');
  return redactWith ? redact(text, redactWith) : text;
}
