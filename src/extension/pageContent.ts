// What the Explain page and the audit log page say, as page models (no 'vscode' import: unit-tested).
import type { Finding } from '../core/report';
import type { EnvironmentSummary } from '../core/environment';
import { triage, type TriageNode } from '../core/triage';
import { evidenceDetails, evidenceSentences } from '../core/render/evidence';
import { docLinksFor } from '../core/data/goDocs';
import type { AuditEntry } from '../shared/audit';
import { findingKey } from '../shared/protocol';
import { COMMANDS } from '../shared/commands';
import { fixReachLabel } from './presentation';
import type { Block, PageModel } from './pageModel';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

function consequencesOf(findings: readonly Finding[], f: Finding): Finding[] {
  const find = (nodes: TriageNode[]): TriageNode | undefined => {
    for (const n of nodes) {
      if (n.finding === f) return n;
      const inner = find(n.consequences);
      if (inner) return inner;
    }
    return undefined;
  };
  const flat: Finding[] = [];
  const walk = (n: TriageNode) => n.consequences.forEach((c) => (flat.push(c.finding), walk(c)));
  const node = find(triage(findings));
  if (node) walk(node);
  return flat;
}

/** Explain: what is wrong in plain words, what was seen, the fixes as buttons (plan order, with what each changes), documentation. */
export function explainPage(
  f: Finding,
  context: { findings: readonly Finding[]; environment?: EnvironmentSummary; help?: { summary?: string; help?: string }; homedir?: string },
): PageModel {
  const key = findingKey(f);
  const blocks: Block[] = [{ kind: 'paragraph', parts: [f.detail] }];
  const whereSet = (name: string) => context.environment?.variables.find((v) => v.name === name)?.setAt;
  const sentences = evidenceSentences(f, { whereSet, homedir: context.homedir });
  if (sentences.length) blocks.push({ kind: 'heading', text: 'What Go Health saw' }, { kind: 'list', items: sentences.map((s) => [s]) });
  blocks.push({ kind: 'heading', text: 'What you can do' });
  if (f.fixes.length)
    blocks.push({
      kind: 'actions',
      actions: f.fixes.map((fix) => ({
        label: fix.title,
        command: COMMANDS.applyFix,
        args: [key, fix.id],
        note: [`Changes: ${fixReachLabel(fix)}.`, fix.plan?.note].filter(Boolean).join(' '),
        caution: fix.plan?.defeated === true,
      })),
    });
  else
    blocks.push({
      kind: 'paragraph',
      parts: ['Go Health has no fix to apply for this one; the explanation above says what to change.'],
      muted: true,
    });
  if (f.location)
    blocks.push({
      kind: 'actions',
      actions: [
        {
          label: `Open ${f.location.file.replace(/^.*[\\/]/, '')} at line ${f.location.line}`,
          command: COMMANDS.openLocation,
          args: [f.location],
        },
      ],
    });
  const follows = consequencesOf(context.findings, f);
  if (follows.length)
    blocks.push(
      { kind: 'heading', text: 'What follows from it' },
      { kind: 'paragraph', parts: ['Fixing this one may make these go away too:'], muted: true },
      { kind: 'list', items: follows.map((c) => [`${SEVERITY_WORD[c.severity]}: ${c.title}`]) },
    );
  if (context.help?.summary || context.help?.help)
    blocks.push(
      { kind: 'heading', text: 'About this check' },
      ...(context.help.summary ? [{ kind: 'paragraph' as const, parts: [{ strong: context.help.summary }] }] : []),
      ...(context.help.help ? [{ kind: 'paragraph' as const, parts: [context.help.help] }] : []),
    );
  const docs = docLinksFor(f);
  if (docs.length)
    blocks.push({ kind: 'heading', text: 'Documentation' }, { kind: 'list', items: docs.map((d) => [{ link: d.url, text: d.title }]) });
  const details = evidenceDetails(f);
  if (details.length)
    blocks.push({ kind: 'details', summary: `Raw values (check ${f.id})`, rows: details.map((d) => [d.key, d.value] as [string, string]) });
  const where = f.location ? `${f.location.file}:${f.location.line}` : undefined;
  return { title: f.title, subtitle: [SEVERITY_WORD[f.severity], where].filter(Boolean).join(' · '), blocks };
}

/** The audit log, newest first, in local time; Undo on the latest change while it can still be undone. */
export function auditPage(
  entries: readonly AuditEntry[],
  latestUndoable: string | undefined,
  logFile: string,
  formatTime: (ms: number) => string,
): PageModel {
  const show = (v: string | null) => (v === null ? 'unset' : v === '' ? '(empty)' : v);
  const rows = [...entries].reverse().map((e) => ({
    id: e.changeId,
    cells: [
      [formatTime(e.timeMs)],
      [{ strong: e.action === 'apply' ? 'Applied' : 'Undid' }, ` ${e.fixTitle}`],
      [{ code: e.target }],
      [{ code: show(e.previous) }, ' → ', { code: show(e.next) }],
    ],
    ...(e.action === 'apply' && e.changeId && e.changeId === latestUndoable
      ? { action: { label: 'Undo', command: COMMANDS.undoAuditEntry, args: [e.changeId] } }
      : {}),
  }));
  const blocks: Block[] = [];
  if (!rows.length) blocks.push({ kind: 'paragraph', parts: ['No fix has been applied yet.'], muted: true });
  else blocks.push({ kind: 'table', head: ['When', 'What', 'Changed', 'From → to'], rows });
  blocks.push(
    {
      kind: 'paragraph',
      parts: ['Every change is also kept as one JSON line (an OpenTelemetry log record) in ', { code: logFile }, '.'],
      muted: true,
    },
    {
      kind: 'actions',
      actions: [{ label: 'Open the JSON lines', command: COMMANDS.openLocation, args: [{ file: logFile, line: 1, column: 1 }] }],
    },
  );
  return { title: 'Go Health: Audit Log', subtitle: `${entries.length} record${entries.length === 1 ? '' : 's'}`, blocks };
}
