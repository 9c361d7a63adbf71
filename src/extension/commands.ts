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
import { COMMANDS, resolveFindingArg, statusBarModel, statusMenuItems, type TreeNodeModel } from './presentation';
import { renderReportMarkdown } from '../shared/reportMarkdown';
import { localRedactionRules } from '../core/redact';
import { createPolicyFromThisMachine } from './policy';
import { AUDIT_LOG_NAME, parseAuditLog } from '../shared/audit';
import { ENVIRONMENT_DOCUMENT_PATH, renderEnvironmentDocument, type ExtraSection } from '../shared/environmentDocument';
import { findingKey } from '../shared/protocol';
import type { Pages } from './pages';
import { auditPage, explainPage } from './pageContent';

export interface CommandDeps {
  ctx: HealthContext;
  fixes: FixManager;
  docs: VirtualDocuments;
  pages: Pages;
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

/**
 * The Environment item a menu action was invoked on. VS Code hands over the element it resolves from the row's
 * handle; should that fail (the tree was rebuilt between the right-click and the click), the action says so and is
 * logged instead of doing nothing.
 */
function treeNode(ctx: HealthContext, arg: unknown, action: string, usable: (n: TreeNodeModel) => boolean): TreeNodeModel | undefined {
  const n = arg as TreeNodeModel | undefined;
  if (n && typeof n === 'object' && usable(n)) return n;
  const what = n && typeof n === 'object' ? `"${n.label}" has nothing to act on` : 'the item it was invoked on is no longer in the view';
  ctx.log.warn(`${action}: ${what}`);
  void vscode.window.showWarningMessage(`${action} did nothing: ${what}. Try again from the Environment view.`);
  return undefined;
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
  [COMMANDS.explain]: async ({ ctx, pages }, arg) => {
    const finding = ctx.snapshot ? resolveFindingArg(ctx.snapshot.report.findings, arg) : undefined;
    if (!finding)
      return void vscode.window.showInformationMessage(
        ctx.snapshot ? 'That finding is gone: the problem may be fixed.' : NOT_READY_MESSAGE,
      );
    const help = await ctx.explain(finding.id).catch(() => undefined);
    const build = () => {
      const snapshot = ctx.snapshot;
      const now = snapshot ? resolveFindingArg(snapshot.report.findings, findingKey(finding)) : undefined;
      if (!snapshot || !now)
        return {
          title: finding.title,
          subtitle: 'Fixed',
          blocks: [{ kind: 'paragraph' as const, parts: ['The checks no longer report this problem.'] }],
        };
      return explainPage(now, { findings: snapshot.report.findings, environment: snapshot.environment, help, homedir: os.homedir() });
    };
    pages.show('explain', build(), build);
  },
  [COMMANDS.showReport]: async ({ ctx, docs }) => {
    const snapshot = ctx.snapshot;
    if (!snapshot) return void vscode.window.showInformationMessage(NOT_READY_MESSAGE);
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Open Report', description: 'rendered', id: 'open' },
        { label: 'Copy Report as Markdown', description: 'to the clipboard', id: 'copy' },
        { label: 'Open Report for a Bug Report', description: 'user names and home paths removed', id: 'redacted' },
        { label: 'Copy Report for a Bug Report', description: 'Markdown, user names and home paths removed', id: 'copy-redacted' },
      ],
      { title: 'Go Health: Show Report' },
    );
    if (!choice) return;
    const redact = choice.id === 'open' || choice.id === 'copy' ? undefined : localRedactionRules();
    const text = renderReportMarkdown(snapshot, redact);
    if (choice.id.startsWith('copy')) {
      await vscode.env.clipboard.writeText(text);
      return void vscode.window.showInformationMessage(
        `The Go Health report is on the clipboard as Markdown${redact ? ', without user names and home paths' : ''}.`,
      );
    }
    await docs.showMarkdown(choice.id === 'redacted' ? 'Go Health Report (redacted).md' : 'Go Health Report.md', text);
  },
  [COMMANDS.copyReport]: async ({ ctx }) => {
    if (!ctx.snapshot) return void vscode.window.showInformationMessage(NOT_READY_MESSAGE);
    await vscode.env.clipboard.writeText(renderReportMarkdown(ctx.snapshot));
    void vscode.window.showInformationMessage('The Go Health report is on the clipboard as Markdown.');
  },
  [COMMANDS.openAuditLog]: async ({ ctx, pages }) => {
    const file = path.join(ctx.storageDir, AUDIT_LOG_NAME);
    const build = async () =>
      auditPage(parseAuditLog(await fsp.readFile(file, 'utf8').catch(() => '')), ctx.undo.peek()?.changeId, file, (ms) =>
        new Date(ms).toLocaleString(),
      );
    pages.show('audit', await build(), build);
  },
  [COMMANDS.undoAuditEntry]: ({ fixes }, changeId) => fixes.undoChange(typeof changeId === 'string' ? changeId : undefined, false),
  [COMMANDS.statusMenu]: async ({ ctx }) => {
    const latest = ctx.undo.peek();
    const items = statusMenuItems(ctx.state, latest ? { title: latest.fixTitle } : undefined);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Go Health',
      placeHolder: statusBarModel(ctx.state).accessibilityLabel,
    });
    if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  },
  [COMMANDS.showLogs]: ({ ctx }) => ctx.log.show(true),
  [COMMANDS.showInventory]: async ({ ctx, docs }) => {
    const snapshot = ctx.snapshot;
    if (!snapshot) return void vscode.window.showInformationMessage(NOT_READY_MESSAGE);
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Open Environment Inventory', id: 'open' },
        { label: 'Open Inventory for a Bug Report', description: 'user names and home paths removed', id: 'redacted' },
        { label: 'Copy Inventory for a Bug Report', description: 'to the clipboard, user names and home paths removed', id: 'copy' },
      ],
      { title: 'Go Health: Show Environment Inventory' },
    );
    if (!choice) return;
    const redactWith = choice.id === 'open' ? undefined : localRedactionRules();
    const { text } = renderEnvironmentDocument(snapshot, { redactWith, extra: editorSections() });
    if (choice.id === 'copy') {
      await vscode.env.clipboard.writeText(text);
      return void vscode.window.showInformationMessage(
        'The Go environment inventory is on the clipboard, without user names and home paths.',
      );
    }
    const uri = redactWith ? docs.set('Go Environment (redacted)', text) : docs.set(ENVIRONMENT_DOCUMENT_PATH.slice(1), text);
    await vscode.window.showTextDocument(uri, { preview: true });
  },
  [COMMANDS.copyValue]: async ({ ctx }, node) => {
    const n = treeNode(ctx, node, 'Copy Value', (m) => m.value !== undefined);
    if (!n) return;
    await vscode.env.clipboard.writeText(n.value!);
    void vscode.window.showInformationMessage(`Copied ${n.variable ? `${n.variable}=` : ''}${n.value === '' ? '(empty)' : n.value}`);
  },
  [COMMANDS.copyPath]: async ({ ctx }, node) => {
    const n = treeNode(ctx, node, 'Copy Path', (m) => !!m.path);
    if (!n) return;
    await vscode.env.clipboard.writeText(n.path!);
    void vscode.window.showInformationMessage(`Copied ${n.path}`);
  },
  [COMMANDS.openSource]: async ({ ctx }, node) => {
    const n = treeNode(ctx, node, 'Open Where It Is Set', (m) => !!m.path);
    if (!n) return;
    ctx.log.info(`Open Where It Is Set: ${n.path}:${n.line ?? 1}`);
    await vscode.commands.executeCommand(COMMANDS.openLocation, { file: n.path, line: n.line ?? 1, column: 1 });
  },
  [COMMANDS.setVariable]: whenReady(async ({ ctx, fixes }, node) => {
    const n = treeNode(ctx, node, 'Set with go env -w', (m) => !!m.variable);
    if (!n) return;
    const value = await vscode.window.showInputBox({
      title: `go env -w ${n.variable}=…`,
      prompt: `The value go env -w writes to your go env file (every go command you run reads it; the OS environment still wins).`,
      value: n.value ?? '',
    });
    if (value === undefined) return;
    await fixes.writeVariable(n.variable!, value);
  }),
  [COMMANDS.unsetVariable]: whenReady(async ({ ctx, fixes }, node) => {
    const n = treeNode(ctx, node, 'Unset with go env -u', (m) => !!m.variable);
    if (n) await fixes.writeVariable(n.variable!, undefined);
  }),
  [COMMANDS.useGo]: async ({ ctx, fixes }, node) => {
    const n = treeNode(ctx, node, 'Use This Go for This Workspace', (m) => !!m.path);
    if (n) await fixes.useGo({ path: n.path!, goroot: n.goroot, version: n.label });
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

/** What only the editor knows, for the inventory: VS Code, the extension, its settings, the PATH it was started with. */
export function editorSections(): ExtraSection[] {
  const config = vscode.workspace.getConfiguration('goHealth');
  const settings = ['goPath', 'timeoutMs', 'compareLoginShell', 'wslExecutable', 'checks.disabled', 'checks.severityOverrides'].map(
    (k) => `goHealth.${k} = ${JSON.stringify(config.get(k))}`,
  );
  const ext = vscode.extensions.getExtension('gohealth.go-health');
  return [
    {
      title: 'Editor',
      lines: [
        `VS Code ${vscode.version}${vscode.env.remoteName ? ` (remote: ${vscode.env.remoteName})` : ''}, ${vscode.env.appHost}`,
        `Go Health ${(ext?.packageJSON as { version?: string } | undefined)?.version ?? '?'}`,
        `VS Code Go: ${vscode.extensions.getExtension('golang.go') ? 'installed' : 'not installed'}`,
        `Workspace trusted: ${vscode.workspace.isTrusted ? 'yes' : 'no'}`,
      ],
    },
    { title: 'Settings', lines: settings },
    { title: "PATH of VS Code's extension host", lines: (process.env.PATH ?? '').split(path.delimiter) },
  ];
}
