// The report as Markdown for a bug report, optionally with user names and home paths removed.
import type { HealthSnapshot } from './protocol';
import { AREAS, AREA_TITLES, sortFindings } from '../core/report';

interface RedactOptions {
  homedir: string;
  username?: string;
}

/** Replaces the home directory by `~` and the user name by `<user>`, in both slash styles. */
export function redact(text: string, opts: RedactOptions): string {
  let out = text;
  const homes = new Set([opts.homedir, opts.homedir.replace(/\\/g, '/'), opts.homedir.replace(/\//g, '\\')].filter((h) => h.length > 1));
  for (const home of [...homes].sort((a, b) => b.length - a.length)) out = out.split(home).join('~');
  if (opts.username && opts.username.length > 1) {
    const escaped = opts.username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'g'), '<user>');
  }
  return out;
}

export function renderReportMarkdown(snapshot: HealthSnapshot, redactWith?: RedactOptions): string {
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
  if (environment.toolchains.length) {
    lines.push('', '| module | toolchain | why |', '|---|---|---|');
    for (const t of environment.toolchains) lines.push(`| \`${t.file}\` | ${t.selected ?? '?'} | ${t.reason.replace(/\|/g, '\\|')} |`);
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
