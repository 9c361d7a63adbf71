// Code actions for diagnostics: a finding's edit-file fixes as workspace edits, every other fix as the apply-fix command.
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { EditFileFix, Finding } from '../core/report';
import { VSCODE_CLIENT_CAPABILITIES, findingKey, type GoHealthClientCapabilities } from '../shared/protocol';
import type { DiagnosticData } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { pathToUri } from './uris';

export function editFileFixToTextEdits(fix: EditFileFix): TextEdit[] {
  return fix.edits.map((e) => ({
    range: { start: { line: e.line - 1, character: e.column - 1 }, end: { line: e.endLine - 1, character: e.endColumn - 1 } },
    newText: e.newText,
  }));
}

/** Extra argument of the apply-fix command when the editor already applied the edit itself (record it only). */
interface AlreadyAppliedArg {
  alreadyApplied: true;
  /** The text each edit replaced. */
  previous: string[];
}

/** What the connected client can do with a fix besides a plain edit (its own client's, or what the server does for it). */
export type ClientFixSupport = GoHealthClientCapabilities;

/**
 * One quick fix per fix of each of our diagnostics in the request, for the fixes this client can carry out. An edit-file fix is a workspace edit the
 * editor applies directly (so it is undoable in the editor) plus the apply-fix command with
 * {@link AlreadyAppliedArg}, which records it in the audit log and the undo stack. Other kinds run the
 * apply-fix command, which previews and applies. `currentTargets` returns what an edit-file fix would replace
 * now; a fix whose target changed since the check is not offered.
 */
export function codeActionsFor(
  diagnostics: readonly Diagnostic[],
  findings: readonly Finding[],
  targets: { offered: (finding: Finding, fix: EditFileFix) => string[] | undefined; current: (fix: EditFileFix) => string[] | undefined },
  client: ClientFixSupport = VSCODE_CLIENT_CAPABILITIES,
): CodeAction[] {
  const byKey = new Map(findings.map((f) => [findingKey(f), f]));
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const key = (d.data as DiagnosticData | undefined)?.findingKey;
    const finding = key ? byKey.get(key) : undefined;
    if (!finding) continue;
    const usable = finding.fixes.filter((fix) => fix.kind !== 'terminal-env' || client.terminalEnvironment);
    usable.forEach((fix, i) => {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0 && usable.length === 1,
      };
      // A policy's security-relevant value is never applied straight from the light bulb: the command shows it and asks.
      if (fix.kind === 'edit-file' && !fix.origin?.securityRelevant) {
        const offered = targets.offered(finding, fix);
        const current = targets.current(fix);
        if (!offered || !current || offered.join('\0') !== current.join('\0')) return;
        action.edit = { changes: { [pathToUri(fix.file)]: editFileFixToTextEdits(fix) } };
        const record: AlreadyAppliedArg = { alreadyApplied: true, previous: current };
        action.command = { title: fix.title, command: client.applyFixCommand, arguments: [findingKey(finding), fix.id, record] };
      } else {
        action.command = { title: fix.title, command: client.applyFixCommand, arguments: [findingKey(finding), fix.id] };
      }
      actions.push(action);
    });
  }
  return actions;
}
