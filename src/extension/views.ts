// Renders the presentation models into VS Code: the status bar item, the two tree views and the context keys.
import * as vscode from 'vscode';
import type { HealthState } from './state';
import {
  contextKeys,
  environmentTreeModel,
  healthTreeModel,
  statusBarModel,
  TOOLTIP_COMMANDS,
  type ContextKeys,
  type TreeNodeModel,
} from './presentation';
import { historyTreeModel } from './historyModel';
import { updateTreeInPlace } from './treeUpdate';

class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('goHealth.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Go Health';
  }

  render(state: HealthState): void {
    const m = statusBarModel(state);
    this.item.text = m.text;
    const tooltip = new vscode.MarkdownString(m.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    this.item.tooltip = tooltip;
    this.item.backgroundColor = m.background
      ? new vscode.ThemeColor(m.background === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground')
      : undefined;
    this.item.accessibilityInformation = { label: m.accessibilityLabel, role: 'button' };
    this.item.command = m.command;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** A tree view over a model function; a render refreshes the rows that changed, all of them only when rows came or went. */
class ModelTreeProvider implements vscode.TreeDataProvider<TreeNodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNodeModel[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNodeModel[] = [];

  constructor(private readonly model: (state: HealthState) => TreeNodeModel[]) {}

  render(state: HealthState): void {
    const next = this.model(state);
    const update = updateTreeInPlace(this.roots, next);
    if (update.kind === 'rebuilt') {
      this.roots = next;
      this.changed.fire(undefined);
    } else if (update.kind === 'changed') this.changed.fire(update.nodes);
  }

  getChildren(element?: TreeNodeModel): TreeNodeModel[] {
    return element ? (element.children ?? []) : this.roots;
  }

  getTreeItem(n: TreeNodeModel): vscode.TreeItem {
    const state =
      n.collapsible === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : n.collapsible === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    if (n.tooltip) {
      const md = new vscode.MarkdownString(n.tooltip, true);
      md.isTrusted = false;
      item.tooltip = md;
    }
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    item.contextValue = n.contextValue;
    if (n.command) item.command = { command: n.command.command, title: n.command.title, arguments: n.command.arguments };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class Views implements vscode.Disposable {
  private readonly statusBar = new StatusBar();
  private readonly health = new ModelTreeProvider(healthTreeModel);
  private readonly environment = new ModelTreeProvider((s) => [...environmentTreeModel(s), ...historyTreeModel(s)]);
  private readonly disposables: vscode.Disposable[] = [];
  private lastKeys: Partial<ContextKeys> = {};

  constructor() {
    this.disposables.push(
      this.statusBar,
      this.health,
      this.environment,
      vscode.window.createTreeView('goHealth.health', { treeDataProvider: this.health, showCollapseAll: true }),
      vscode.window.createTreeView('goHealth.environment', { treeDataProvider: this.environment, showCollapseAll: true }),
    );
  }

  render(state: HealthState, canUndo: boolean): void {
    this.statusBar.render(state);
    this.health.render(state);
    this.environment.render(state);
    const keys = contextKeys(state, canUndo);
    for (const [k, v] of Object.entries(keys) as [keyof ContextKeys, boolean][]) {
      if (this.lastKeys[k] === v) continue;
      this.lastKeys[k] = v;
      void vscode.commands.executeCommand('setContext', k, v);
    }
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
