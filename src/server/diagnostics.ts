// Maps a report's file-located findings to LSP diagnostics at their exact lines, grouped by document URI.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Report, Severity } from '../core/report';
import { findingKey } from '../shared/protocol';
import { pathToUri } from './uris';

export const DIAGNOSTIC_SOURCE = 'Go Health';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries back to the code-action handler. */
export interface DiagnosticData {
  findingKey: string;
}

/**
 * The range of a finding's location: its columns when known, else the rest of the line.
 * Lines are 1-based in findings, 0-based in the protocol.
 */
function locationRange(location: NonNullable<Finding['location']>, lineText?: string): Range {
  const line = Math.max(0, location.line - 1);
  const start = Math.max(0, location.column - 1);
  const end =
    location.endColumn !== undefined
      ? Math.max(start, location.endColumn - 1)
      : lineText !== undefined
        ? Math.max(start, lineText.replace(/\r$/, '').length)
        : start + 1;
  return { start: { line, character: start }, end: { line, character: end } };
}

function findingToDiagnostic(finding: Finding, lineText?: string): Diagnostic | undefined {
  if (!finding.location) return undefined;
  const data: DiagnosticData = { findingKey: findingKey(finding) };
  return {
    range: locationRange(finding.location, lineText),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.id,
    message: finding.title,
    data,
  };
}

/** Diagnostics per URI for every file-located finding; `fileText` supplies line text for ranges without an end column. */
export function diagnosticsByUri(
  report: Pick<Report, 'findings'>,
  fileText: (file: string) => string | undefined = () => undefined,
): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  const lines = new Map<string, string[] | undefined>();
  for (const f of report.findings) {
    if (!f.location) continue;
    if (!lines.has(f.location.file)) lines.set(f.location.file, fileText(f.location.file)?.split('\n'));
    const d = findingToDiagnostic(f, lines.get(f.location.file)?.[f.location.line - 1]);
    if (!d) continue;
    const uri = pathToUri(f.location.file);
    const list = byUri.get(uri) ?? [];
    if (!list.some((x) => x.code === d.code && x.range.start.line === d.range.start.line && x.message === d.message)) list.push(d);
    byUri.set(uri, list);
  }
  return byUri;
}
