// The audit log of applied and undone fixes: one OpenTelemetry-style log record per change, as JSON lines.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export const AUDIT_LOG_NAME = 'audit-log.jsonl';

export interface AuditEvent {
  action: 'apply' | 'undo';
  fixId: string;
  fixTitle: string;
  /** The check id of the finding the fix belongs to. */
  findingId: string;
  /** What changed: a file, `go env GOTOOLCHAIN`, `terminal env PATH`, a command line. */
  target: string;
  previous: string | null;
  next: string | null;
  /** Ties the record to its undo entry (the audit view offers undo on the latest change). */
  changeId?: string;
}

/** OpenTelemetry log data model, as far as a local JSON-lines file needs it. */
interface AuditRecord {
  timeUnixNano: string;
  severityNumber: 9;
  severityText: 'INFO';
  body: string;
  attributes: {
    'gohealth.fix.id': string;
    'gohealth.finding.id': string;
    'gohealth.target': string;
    'gohealth.previous': string | null;
    'gohealth.new': string | null;
    'gohealth.action': 'apply' | 'undo';
    'gohealth.fix.title'?: string;
    'gohealth.change.id'?: string;
  };
}

export function auditRecord(event: AuditEvent, nowMs: number = Date.now()): AuditRecord {
  return {
    timeUnixNano: (BigInt(Math.round(nowMs)) * 1_000_000n).toString(),
    severityNumber: 9,
    severityText: 'INFO',
    body: `${event.action === 'apply' ? 'applied' : 'undid'} fix ${event.fixId}: ${event.fixTitle}`,
    attributes: {
      'gohealth.fix.id': event.fixId,
      'gohealth.finding.id': event.findingId,
      'gohealth.target': event.target,
      'gohealth.previous': event.previous,
      'gohealth.new': event.next,
      'gohealth.action': event.action,
      'gohealth.fix.title': event.fixTitle,
      ...(event.changeId ? { 'gohealth.change.id': event.changeId } : {}),
    },
  };
}

/** One change as the audit view shows it. */
export interface AuditEntry extends AuditEvent {
  timeMs: number;
}

/** The audit log's lines as entries, oldest first; a line that does not parse is skipped (the file stays as it is). */
export function parseAuditLog(text: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Partial<AuditRecord>;
      const a = r.attributes;
      if (!a || typeof r.timeUnixNano !== 'string') continue;
      const title = a['gohealth.fix.title'] ?? /^(?:applied|undid) fix [^:]*: (.*)$/.exec(r.body ?? '')?.[1] ?? a['gohealth.fix.id'];
      out.push({
        timeMs: Number(BigInt(r.timeUnixNano) / 1_000_000n),
        action: a['gohealth.action'] === 'undo' ? 'undo' : 'apply',
        fixId: a['gohealth.fix.id'],
        fixTitle: title,
        findingId: a['gohealth.finding.id'],
        target: a['gohealth.target'],
        previous: a['gohealth.previous'] ?? null,
        next: a['gohealth.new'] ?? null,
        ...(a['gohealth.change.id'] ? { changeId: a['gohealth.change.id'] } : {}),
      });
    } catch {
      // Not a record of ours.
    }
  }
  return out;
}

/** Appends one record as one line; creates the folder on first use. */
export async function appendAuditRecord(storageDir: string, record: AuditRecord): Promise<string> {
  await fsp.mkdir(storageDir, { recursive: true });
  const file = path.join(storageDir, AUDIT_LOG_NAME);
  await fsp.appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
  return file;
}
