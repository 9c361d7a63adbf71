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
    },
  };
}

/** Appends one record as one line; creates the folder on first use. */
export async function appendAuditRecord(storageDir: string, record: AuditRecord): Promise<string> {
  await fsp.mkdir(storageDir, { recursive: true });
  const file = path.join(storageDir, AUDIT_LOG_NAME);
  await fsp.appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
  return file;
}
