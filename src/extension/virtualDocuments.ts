// Read-only documents Go Health shows (explanations, reports, instructions, fix previews) under its own URI scheme.
import * as vscode from 'vscode';
import type { EditFileFix } from '../core/report';
import { applyLineEdits } from '../shared/textEdits';

const SCHEME = 'gohealth';

export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  set(name: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}` });
    this.contents.set(uri.path, content);
    this.changed.fire(uri);
    return uri;
  }

  /** Opens Markdown rendered (falls back to the source when the preview is unavailable). */
  async showMarkdown(name: string, content: string): Promise<void> {
    const uri = this.set(name, content);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
  }

  /** Opens Markdown source, so it can be selected and copied. */
  async showSource(name: string, content: string): Promise<void> {
    const uri = this.set(name, content);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** The file as it is against the file as the fix would leave it. */
  async showDiff(file: vscode.Uri, fix: EditFileFix, currentText: string): Promise<void> {
    const after = this.set(`preview/${fix.id}/${file.path.replace(/^.*\//, '')}`, applyLineEdits(currentText, fix.edits));
    await vscode.commands.executeCommand('vscode.diff', file, after, `${fix.title} (preview)`, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
