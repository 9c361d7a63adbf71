// Go Health's VS Code entry point: activation wires the context, views and command table; the server starts afterwards.
import * as vscode from 'vscode';
// First: it keeps the environment as it is before any other extension's activation can change it.
import './environment';
import { HealthContext } from './ctx';
import { FixManager } from './fixes';
import { VirtualDocuments } from './virtualDocuments';
import { Pages } from './pages';
import { COMMAND_TABLE, editorSections } from './commands';
import { DEBUG_COMMAND_TABLE, registerDebugging, stopInlineDebugAdapters } from './debug';
import { ENVIRONMENT_DOCUMENT_PATH, renderEnvironmentDocument } from '../shared/environmentDocument';

let current: HealthContext | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new HealthContext(context);
  const docs = new VirtualDocuments();
  const pages = new Pages();
  const deps = { ctx, docs, pages, fixes: new FixManager(ctx, docs) };
  context.subscriptions.push(ctx, docs, pages, ...registerDebugging(deps.fixes, ctx.log));
  for (const [id, handler] of Object.entries({ ...COMMAND_TABLE, ...DEBUG_COMMAND_TABLE })) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(deps, ...args)));
  }
  // The Go environment document Problems points at for findings no file is to blame for: kept as the last run saw it.
  ctx.onSnapshot((snapshot) =>
    docs.set(ENVIRONMENT_DOCUMENT_PATH.slice(1), renderEnvironmentDocument(snapshot, { extra: editorSections() }).text),
  );
  ctx.activate();
  current = ctx;
}

export async function deactivate(): Promise<void> {
  await Promise.all([current?.stop(), stopInlineDebugAdapters()]);
  current = undefined;
}
