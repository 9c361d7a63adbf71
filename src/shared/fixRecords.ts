// What applying or undoing a fix records, the same in every face: its audit event and, where it can be undone, its undo entry.
import type { EditFileFix, Finding, GoEnvWriteFix } from '../core/report';
import type { AuditEvent } from './audit';
import { invertLineEdits } from './textEdits';
import type { UndoEntry } from './undoStack';

export interface FixRecords {
  event: AuditEvent;
  undo?: UndoEntry;
}

/** An edit applied to a file: `previous` is the text each edit replaced. */
export function editFileRecords(finding: Finding, fix: EditFileFix, previous: string[], nowMs = Date.now()): FixRecords {
  const next = fix.edits.map((e) => e.newText);
  const base = { fixId: fix.id, fixTitle: fix.title, findingId: finding.id, target: fix.file };
  return {
    event: { action: 'apply', ...base, previous: previous.join('\n'), next: next.join('\n') },
    undo: {
      kind: 'edit-file',
      ...base,
      file: fix.file,
      inverse: invertLineEdits(fix.edits, previous),
      expected: next,
      appliedValue: next.join('\n'),
      previousValue: previous.join('\n'),
      appliedAtMs: nowMs,
    },
  };
}

/** `go env -w/-u` run with `go`: `before` is the variable's value in the go env file before (undefined: not set there). */
export function goEnvWriteRecords(
  finding: Finding,
  fix: GoEnvWriteFix,
  go: string,
  before: string | undefined,
  nowMs = Date.now(),
): FixRecords {
  const base = { fixId: fix.id, fixTitle: fix.title, findingId: finding.id, target: `go env ${fix.variable}` };
  return {
    event: { action: 'apply', ...base, previous: before ?? null, next: fix.value ?? null },
    undo: {
      kind: 'go-env-write',
      ...base,
      goPath: go,
      variable: fix.variable,
      previous: before,
      appliedValue: fix.value ?? null,
      previousValue: before ?? null,
      appliedAtMs: nowMs,
    },
  };
}

/** A command started for the user (nothing to undo): the command line is the target. */
export function commandRecords(finding: Finding, fix: { id: string; title: string }, line: string): FixRecords {
  return {
    event: { action: 'apply', fixId: fix.id, fixTitle: fix.title, findingId: finding.id, target: line, previous: null, next: line },
  };
}

/** The audit event of undoing an entry. */
export function undoEvent(entry: UndoEntry): AuditEvent {
  return {
    action: 'undo',
    fixId: entry.fixId,
    fixTitle: entry.fixTitle,
    findingId: entry.findingId,
    target: entry.target,
    previous: entry.appliedValue,
    next: entry.previousValue,
  };
}
