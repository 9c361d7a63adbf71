// "Go Health: Create Team Policy from This Machine": writes .gohealth.json in a workspace folder as one undoable edit.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { POLICY_FILE_NAME } from '../core/policy/model';
import type { HealthContext } from './ctx';
import { NOT_READY_MESSAGE } from './ctx';

const REPLACE = 'Replace It';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function createPolicyFromThisMachine(ctx: HealthContext): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) return void vscode.window.showInformationMessage('Open a folder first: the team policy is written at its root.');
  const folder =
    folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Write the team policy at the root of…' });
  if (!folder) return;
  const draft = await ctx.policyDraft();
  if (!draft?.text) return void vscode.window.showInformationMessage(NOT_READY_MESSAGE);
  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, POLICY_FILE_NAME));
  const already = await exists(uri);
  if (already) {
    // The command's --force: replacing the team's policy is a deliberate act.
    const answer = await vscode.window.showWarningMessage(
      `${POLICY_FILE_NAME} already exists in ${folder.name}. Replace it with a policy from this machine?`,
      { modal: true, detail: "Its rules are replaced by this machine's values. Edit > Undo brings the old text back." },
      REPLACE,
    );
    if (answer !== REPLACE) return;
  }
  const edit = new vscode.WorkspaceEdit();
  if (already) {
    const doc = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), draft.text);
  } else {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), draft.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return void vscode.window.showWarningMessage(`VS Code refused to write ${uri.fsPath}.`);
  const doc = await vscode.workspace.openTextDocument(uri);
  await doc.save();
  await vscode.window.showTextDocument(doc, { preview: false });
  const left = draft.leftOut.length ? ` Left out (reported as insecure or invalid): ${draft.leftOut.join('; ')}.` : '';
  void vscode.window.showInformationMessage(
    `Wrote ${POLICY_FILE_NAME} from this machine: ${draft.summary.join(', ') || 'no rules'}. Commit it so every developer and CI run is checked against it.${left}`,
  );
  void ctx.rerun(false, [uri.fsPath]);
}
