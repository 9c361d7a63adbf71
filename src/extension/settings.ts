// Reads Go Health's and the Go extension's settings, applying workspace trust, into what the server needs.
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextSync } from '../platform/files';
import { READ_LIMITS } from '../core/probe/read';
import { expandPathVariables, restrictedSettingsIn, resolveServerSettings, type ServerSettings } from '../shared/settings';

export function readServerSettings(): ServerSettings {
  const gh = vscode.workspace.getConfiguration('goHealth');
  const go = vscode.workspace.getConfiguration('go');
  const trusted = vscode.workspace.isTrusted;
  const settings = resolveServerSettings({
    trusted,
    goPath: gh.inspect<string>('goPath'),
    timeoutMs: gh.inspect('timeoutMs'),
    disabledChecks: gh.inspect('checks.disabled'),
    severityOverrides: gh.inspect('checks.severityOverrides'),
    compareLoginShell: gh.inspect('compareLoginShell'),
    goGoroot: go.inspect<string>('goroot'),
    goAlternateTools: go.inspect<Record<string, unknown>>('alternateTools'),
    goToolsEnvVars: go.get('toolsEnvVars'),
  });
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (!trusted) settings.ignoredSettings = [...new Set([...settings.ignoredSettings, ...restrictedSettingsInWorkspace(folders)])];
  if (settings.goPath) settings.goPath = expandPathVariables(settings.goPath, folders, os.homedir());
  if (settings.vscodeGo.goroot) settings.vscodeGo.goroot = expandPathVariables(settings.vscodeGo.goroot, folders, os.homedir());
  if (settings.vscodeGo.alternateGo)
    settings.vscodeGo.alternateGo = expandPathVariables(settings.vscodeGo.alternateGo, folders, os.homedir());
  return settings;
}

/** Restricted settings the workspace's own settings files set (VS Code hides restricted ones from inspect when untrusted). */
function restrictedSettingsInWorkspace(folders: readonly string[]): string[] {
  // The workspace controls these files: a FIFO or a huge file there must not hang or bloat the extension host.
  const read = (file: string) => readTextSync(file, READ_LIMITS.jsonConfig);
  const found: string[] = [];
  for (const folder of folders) {
    const text = read(path.join(folder, '.vscode', 'settings.json'));
    if (text !== undefined) found.push(...restrictedSettingsIn(text, 'folder'));
  }
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile?.scheme === 'file') {
    const text = read(workspaceFile.fsPath);
    if (text !== undefined) found.push(...restrictedSettingsIn(text, 'workspace-file'));
  }
  return found;
}

/** True when a configuration change concerns the server. */
export function affectsServer(e: vscode.ConfigurationChangeEvent): boolean {
  return (
    e.affectsConfiguration('goHealth') ||
    e.affectsConfiguration('go.goroot') ||
    e.affectsConfiguration('go.alternateTools') ||
    e.affectsConfiguration('go.toolsEnvVars')
  );
}
