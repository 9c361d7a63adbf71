// Shows PageModels in webview panels (one per kind of page, reused) and runs the buttons' commands, only those the page offers.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { pageActions, pageHtml, type PageModel } from './pageModel';

interface OpenPage {
  panel: vscode.WebviewPanel;
  model: PageModel;
  refresh?: () => PageModel | Promise<PageModel>;
}

export class Pages implements vscode.Disposable {
  private readonly open = new Map<string, OpenPage>();

  /** Shows (or refreshes) the page of this kind; `refresh` rebuilds it after one of its buttons ran. */
  show(kind: string, model: PageModel, refresh?: () => PageModel | Promise<PageModel>): void {
    let page = this.open.get(kind);
    if (!page) {
      const panel = vscode.window.createWebviewPanel(`goHealth.${kind}`, model.title, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      page = { panel, model, refresh };
      const current = page;
      this.open.set(kind, page);
      panel.onDidDispose(() => this.open.delete(kind));
      panel.webview.onDidReceiveMessage(async (m: { action?: unknown }) => {
        const action = typeof m?.action === 'number' ? pageActions(current.model)[m.action] : undefined;
        if (!action) return;
        await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
        if (current.refresh && this.open.get(kind) === current) this.render(current, await current.refresh());
      });
    } else {
      page.refresh = refresh;
      page.panel.reveal(vscode.ViewColumn.Active);
    }
    this.render(page, model);
  }

  private render(page: OpenPage, model: PageModel): void {
    page.model = model;
    page.panel.title = model.title;
    page.panel.webview.html = pageHtml(model, randomBytes(16).toString('base64'), page.panel.webview.cspSource);
  }

  dispose(): void {
    for (const p of this.open.values()) p.panel.dispose();
    this.open.clear();
  }
}
