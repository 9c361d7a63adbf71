// Go Health's VS Code entry point: activation wires the context, views and command table; the server starts afterwards.
import * as vscode from 'vscode';
// First: it keeps the environment as it is before any other extension's activation can change it.
import './environment';
import { HealthContext } from './ctx';
import { FixManager } from './fixes';
import { VirtualDocuments } from './virtualDocuments';
import { COMMAND_TABLE } from './commands';
import { DEBUG_COMMAND_TABLE, registerDebugging, stopInlineDebugAdapters } from './debug';

let current: HealthContext | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new HealthContext(context);
  const docs = new VirtualDocuments();
  const deps = { ctx, docs, fixes: new FixManager(ctx, docs) };
  context.subscriptions.push(ctx, docs, ...registerDebugging(deps.fixes));
  for (const [id, handler] of Object.entries({ ...COMMAND_TABLE, ...DEBUG_COMMAND_TABLE })) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(deps, ...args)));
  }
  ctx.activate();
  current = ctx;
}

export async function deactivate(): Promise<void> {
  await Promise.all([current?.stop(), stopInlineDebugAdapters()]);
  current = undefined;
}
