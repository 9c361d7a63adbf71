// Maps a report's file-located findings to LSP diagnostics at their exact lines, grouped by document URI.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Report, Severity } from '../core/report';
import { findingKey } from '../shared/protocol';
import { problemPlaces } from '../shared/environmentDocument';
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

function findingToDiagnostic(finding: Finding, place: Finding['location'], lineText?: string): Diagnostic | undefined {
  if (!place) return undefined;
  const data: DiagnosticData = { findingKey: findingKey(finding) };
  return {
    range: locationRange(place, lineText),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.id,
    message: finding.title,
    data,
  };
}

/** Where a client shows the findings no file is to blame for: a document and each finding's line in it. */
interface EnvironmentPlaces {
  uri: string;
  lines: Map<string, number>;
}

/**
 * Diagnostics per URI for every finding that has a place: its own location, or that of the root cause it follows
 * from (a stale tool at the go line it is too old for), or, for a client that shows the Go environment document,
 * its line there. `fileText` supplies line text for ranges without an end column.
 */
export function diagnosticsByUri(
  report: Pick<Report, 'findings'>,
  fileText: (file: string) => string | undefined = () => undefined,
  environment?: EnvironmentPlaces,
): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  const lines = new Map<string, string[] | undefined>();
  const places = problemPlaces(report.findings);
  for (const f of report.findings) {
    const documentLine = environment?.lines.get(findingKey(f));
    const place = places.get(f) ?? (documentLine ? { file: '', line: documentLine, column: 1 } : undefined);
    if (!place) continue;
    const inDocument = !places.get(f);
    if (!inDocument && !lines.has(place.file)) lines.set(place.file, fileText(place.file)?.split('\n'));
    const d = findingToDiagnostic(f, place, inDocument ? undefined : lines.get(place.file)?.[place.line - 1]);
    if (!d) continue;
    if (inDocument) d.range.end.character = 10_000;
    const uri = inDocument ? environment!.uri : pathToUri(place.file);
    const list = byUri.get(uri) ?? [];
    if (!list.some((x) => x.code === d.code && x.range.start.line === d.range.start.line && x.message === d.message)) list.push(d);
    byUri.set(uri, list);
  }
  return byUri;
}
