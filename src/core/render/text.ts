// Renders a report as a doctor would read it: a line per area with a mark, findings and fixes under it, a summary.
import { AREAS, AREA_TITLES, type Area, type Finding, type Report, type Severity, sortFindings } from '../report';
import type { WalkSummary } from '../facts';
import { commandLine, powerShellString, quoteSh } from '../../platform/shell';
import { terminalSafeReport } from './terminal';
import { terminalSafeValue } from '../controlChars';

interface TextOptions {
  /** ANSI colours (only on a terminal, and never when NO_COLOR is set). */
  color: boolean;
  /** Areas whose checks ran; areas with no finding among these are shown as passed. */
  areasChecked: readonly Area[];
  /** Show evidence lines under each finding, and what the workspace walk skipped. */
  verbose?: boolean;
  /** The workspace walk: its skips are listed with --verbose; a walk a limit cut short is always said. */
  walk?: WalkSummary;
}

const MARK: Record<Severity | 'ok', string> = { ok: '✔', error: '✖', warning: '⚠', info: 'ℹ' };
const ANSI: Record<Severity | 'ok' | 'dim' | 'bold', string> = {
  ok: '\x1b[32m',
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
};
const RESET = '\x1b[0m';

export function renderText(raw: Report, options: TextOptions): string {
  // Everything below prints data (paths, values, go's own messages): made safe once here, with or without colour.
  const report = terminalSafeReport(raw);
  const paint = (style: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[style]}${text}${RESET}` : text);
  const lines: string[] = [];
  const active = report.toolchains.find((t) => t.active);
  lines.push(
    paint('bold', 'Go Health') +
      (active ? ` · ${active.version ?? 'go (version unknown)'} at ${active.path}` : ' · no go found') +
      paint('dim', ` · ${report.host.cwd}`),
  );
  lines.push('');

  const byArea = new Map<Area, Finding[]>();
  for (const f of sortFindings(report.findings)) {
    const list = byArea.get(f.area) ?? [];
    list.push(f);
    byArea.set(f.area, list);
  }
  for (const area of AREAS) {
    const findings = byArea.get(area);
    if (!findings && !options.areasChecked.includes(area)) continue;
    const worst: Severity | 'ok' = findings?.find((f) => f.severity !== 'info')?.severity ?? (findings ? 'info' : 'ok');
    lines.push(`${paint(worst, MARK[worst])} ${AREA_TITLES[area]}`);
    for (const f of findings ?? []) {
      lines.push(`    ${paint(f.severity, MARK[f.severity])} ${f.title} ${paint('dim', `[${f.id}]`)}`);
      if (f.location) lines.push(`      ${paint('dim', `at ${f.location.file}:${f.location.line}:${f.location.column}`)}`);
      for (const l of wrap(f.detail, 88)) lines.push(`      ${l}`);
      if (options.verbose) {
        for (const [k, v] of Object.entries(f.evidence))
          lines.push(`      ${paint('dim', `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)}`);
      }
      for (const fix of f.fixes) {
        lines.push(`      ${paint('ok', '→')} ${fix.title}`);
        const how = fixCommand(fix, report.host.platform === 'win32');
        if (how) lines.push(`        ${paint('dim', '$')} ${how}`);
      }
    }
  }
  lines.push('');
  // The walk's examples are directory names from the workspace: made as safe as the report's own strings.
  for (const l of walkLines(options.walk && terminalSafeValue(options.walk, new Set()), options.verbose === true))
    lines.push(paint(l.startsWith('!') ? 'warning' : 'dim', l.replace(/^!/, '')));
  const releases = releasesLine(report, paint);
  if (releases) lines.push(releases);
  lines.push(summaryLine(report, paint));
  return lines.join('\n') + '\n';
}

const SKIPPED_AS: Record<WalkSummary['skipped'][number]['reason'], string> = {
  testdata: 'testdata (ignored by the go command)',
  hidden: "starting with '.' (ignored by the go command)",
  underscore: "starting with '_' (ignored by the go command)",
  node_modules: 'node_modules (never a Go module of the workspace)',
  vendor: 'vendor (copies of dependencies, not modules of the workspace)',
};

/** What the walk did, for a reader: skips only with --verbose; a cut-short walk always (marked with a leading '!'). */
function walkLines(walk: WalkSummary | undefined, verbose: boolean): string[] {
  if (!walk) return [];
  const n = (x: number) => x.toLocaleString('en-US');
  const out: string[] = [];
  if (verbose) {
    out.push(`Workspace walk: ${n(walk.directories)} directories listed${walk.skipped.length ? '; not entered:' : ''}`);
    for (const s of walk.skipped)
      out.push(`  ${n(s.count)} ${SKIPPED_AS[s.reason]}: ${s.examples.join(', ')}${s.count > s.examples.length ? ', …' : ''}`);
  }
  const cut = walk.cutShort;
  if (cut)
    out.push(
      `!The workspace walk stopped at its limit of ${cut.limit === 'depth' ? `${cut.max} directory levels` : `${n(cut.max)} directories`}: ` +
        `${n(cut.unlisted)} more directories were not listed, so modules there are not checked unless a go.work uses them.`,
    );
  if (out.length) out.push('');
  return out;
}

/** The command behind a fix, so a terminal user can do it by hand; undefined when there is none to type. */
export function fixCommand(fix: Finding['fixes'][number], windows: boolean): string | undefined {
  const shell = windows ? 'powershell' : 'sh';
  switch (fix.kind) {
    case 'go-env-write':
      return commandLine(
        'go',
        fix.value === undefined ? ['env', '-u', fix.variable] : ['env', '-w', `${fix.variable}=${fix.value}`],
        shell,
      );
    case 'run-command':
      return commandLine(fix.command, fix.args, shell);
    case 'terminal-env':
      return windows ? powershellEnv(fix) : shEnv(fix);
    case 'instructions':
      return fix.commands?.find((c) => c.shell === shell)?.text ?? fix.commands?.[0]?.text;
    case 'edit-file':
      return undefined;
  }
}

type TerminalEnv = Extract<Finding['fixes'][number], { kind: 'terminal-env' }>;

function shEnv(fix: TerminalEnv): string {
  const value = quoteSh(fix.value ?? '');
  if (fix.op === 'delete') return `unset ${fix.variable}`;
  if (fix.op === 'prepend') return `export ${fix.variable}=${value}:"$${fix.variable}"`;
  if (fix.op === 'append') return `export ${fix.variable}="$${fix.variable}":${value}`;
  return `export ${fix.variable}=${value}`;
}

function powershellEnv(fix: TerminalEnv): string {
  const v = `$env:${fix.variable}`;
  if (fix.op === 'delete') return `Remove-Item Env:${fix.variable} -ErrorAction SilentlyContinue`;
  if (fix.op === 'prepend') return `${v} = ${powerShellString(`${fix.value};`)} + ${v}`;
  if (fix.op === 'append') return `${v} += ${powerShellString(`;${fix.value}`)}`;
  return `${v} = ${powerShellString(fix.value ?? '')}`;
}

/** One line saying where the release list came from, when it is not the proxy's fresh answer and a reason is known. */
function releasesLine(report: Report, paint: (s: keyof typeof ANSI, t: string) => string): string | undefined {
  const r = report.releases;
  if (!r?.fallbackReason || r.source === 'proxy') return undefined;
  const from =
    r.source === 'cache'
      ? `the cached list from ${r.origin ?? 'the module proxy'} (${r.asOf.slice(0, 10)})`
      : `the built-in list (as of ${r.asOf.slice(0, 10)})`;
  return paint('dim', `Go releases judged with ${from}: ${r.fallbackReason}.`);
}

function summaryLine(report: Report, paint: (s: keyof typeof ANSI, t: string) => string): string {
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict =
    errors > 0 ? paint('error', 'Problems found') : warnings > 0 ? paint('warning', 'Healthy, with warnings') : paint('ok', 'Healthy');
  const total = report.timingsMs.total;
  return `${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info${total !== undefined ? paint('dim', ` · checked in ${Math.round(total)} ms`) : ''}`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
