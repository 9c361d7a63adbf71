// Every Go Health command in one table; each has a defined answer while the server is not ready yet.
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import type { Location } from '../core/report';
import type { HealthContext } from './ctx';
import { NOT_READY_MESSAGE } from './ctx';
import type { FixManager } from './fixes';
import type { VirtualDocuments } from './virtualDocuments';
import { COMMANDS, resolveFindingArg } from './presentation';
import { renderReportMarkdown } from '../shared/reportMarkdown';
import { createPolicyFromThisMachine } from './policy';
import { AUDIT_LOG_NAME } from '../shared/audit';

export interface CommandDeps {
  ctx: HealthContext;
  fixes: FixManager;
  docs: VirtualDocuments;
}

type Handler = (deps: CommandDeps, ...args: unknown[]) => unknown;

/** Runs the handler when the server is up; otherwise says so instead of failing silently. */
function whenReady(handler: Handler): Handler {
  return (deps, ...args) => {
    if (!deps.ctx.serverReady)
      return void vscode.window.showInformationMessage(
        deps.ctx.state.phase === 'stopped' ? `Go Health's server is not running. ${deps.ctx.state.message ?? ''}` : NOT_READY_MESSAGE,
      );
    return handler(deps, ...args);
  };
}

export const COMMAND_TABLE: Record<string, Handler> = {
  [COMMANDS.rerun]: whenReady(async ({ ctx }) => {
    const snapshot = await ctx.rerun(true);
    if (!snapshot && ctx.state.phase === 'failed')
      void vscode.window.showErrorMessage(`The Go Health check failed: ${ctx.state.message ?? 'unknown error'}`);
  }),
  [COMMANDS.fixProblem]: whenReady(({ fixes }, finding) => fixes.pickAndApply(finding)),
  [COMMANDS.applyFix]: whenReady(({ fixes }, finding, fixId, extra) => fixes.apply(finding, fixId, extra)),
  [COMMANDS.undoLastFix]: ({ fixes }) => fixes.undoLast(),
  [COMMANDS.explain]: async ({ ctx, docs }, arg) => {
    const finding = ctx.snapshot ? resolveFindingArg(ctx.snapshot.report.findings, arg) : undefined;
    if (!finding)
      return void vscode.window.showInformationMessage(
        ctx.snapshot ? 'That finding is gone: the problem may be fixed.' : NOT_READY_MESSAGE,
      );
    const help = await ctx.explain(finding.id).catch(() => undefined);
    const evidence = Object.entries(finding.evidence).map(([k, v]) => `- \`${k}\`: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    const content = [
      `# ${finding.title}`,
      '',
      `\`${finding.id}\` · ${finding.severity} · ${finding.area}${finding.location ? ` · ${finding.location.file}:${finding.location.line}` : ''}`,
      '',
      finding.detail,
      ...(evidence.length ? ['', '## Evidence', '', ...evidence] : []),
      ...(help?.help ? ['', '## About this check', '', help.summary ?? '', '', help.help] : []),
      ...(finding.fixes.length
        ? ['', '## Fixes', '', ...finding.fixes.map((f) => `- ${f.title} (${f.kind})`), '', 'Apply one with **Go Health: Fix a Problem…**.']
        : []),
    ].join('\n');
    await docs.showMarkdown(`Explain - ${finding.id}.md`, content);
  },
  [COMMANDS.showReport]: async ({ ctx, docs }) => {
    const snapshot = ctx.snapshot;
    if (!snapshot) return void vscode.window.showInformationMessage(NOT_READY_MESSAGE);
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Open Report', id: 'open' },
        { label: 'Open Report for a Bug Report', description: 'user names and home paths removed', id: 'redacted' },
        { label: 'Copy Report for a Bug Report', description: 'to the clipboard, user names and home paths removed', id: 'copy' },
      ],
      { title: 'Go Health: Show Report' },
    );
    if (!choice) return;
    const redact = choice.id === 'open' ? undefined : { homedir: os.homedir(), username: safeUsername() };
    const text = renderReportMarkdown(snapshot, redact);
    if (choice.id === 'copy') {
      await vscode.env.clipboard.writeText(text);
      return void vscode.window.showInformationMessage('The Go Health report is on the clipboard.');
    }
    await docs.showSource(choice.id === 'redacted' ? 'Go Health Report (redacted).md' : 'Go Health Report.md', text);
  },
  [COMMANDS.openAuditLog]: async ({ ctx }) => {
    const file = path.join(ctx.storageDir, AUDIT_LOG_NAME);
    await fsp.mkdir(ctx.storageDir, { recursive: true });
    await fsp.appendFile(file, '');
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  },
  [COMMANDS.createPolicy]: whenReady(({ ctx }) => createPolicyFromThisMachine(ctx)),
  [COMMANDS.focus]: () => vscode.commands.executeCommand('goHealth.health.focus'),
  [COMMANDS.manageTrust]: () => vscode.commands.executeCommand('workbench.trust.manage'),
  [COMMANDS.openLocation]: async (_deps, arg) => {
    const loc = arg as Location | undefined;
    if (!loc?.file) return;
    const pos = new vscode.Position(Math.max(0, loc.line - 1), Math.max(0, loc.column - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(loc.file), { selection: new vscode.Range(pos, pos), preview: true });
  },
};

function safeUsername(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
