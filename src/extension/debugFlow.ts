// The VS Code side of delve-bridge, loaded at first use (its own bundle): the in-process adapter, configuration resolution, and the one-click "Debug on Windows and WSL".
import * as vscode from 'vscode';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { execFile } from '../platform/exec';
import { readHeadOfRegularFile, readRegularFile } from '../platform/files';
import { READ_LIMITS } from '../core/probe/read';
import { parseJsonc } from '../shared/jsonc';
import { discoverDistros, probeDistro } from '../wsl/distros';
import {
  IGNORED_DIRECTORIES,
  VSCODE_GO_EXTENSION_ID,
  dynamicDualConfiguration,
  dualDebugConfigurations,
  launchJsonEdits,
  mainPackageDirs,
  type DualDebugConfigurations,
} from '../debug/launchConfig';
import { debugReadiness, type DebugReadiness } from '../core/debugReadiness';
import { wslConfigFact } from '../core/probe/windows';
import type { WslConfigFact } from '../core/facts';
import type { InlineBridgeAdapter } from '../debug/inlineAdapter';
import type { BridgeTransport } from '../debug/launchAttributes';
import type { FixManager } from './fixes';
import {
  canDebugWindowsAndWsl,
  distroPickItems,
  preflightDialog,
  resolveBridgeConfiguration,
  resolveWslExecutable,
  windowsAndWslUnavailableMessage,
} from './debugModel';

const TITLE = 'Go Health: Debug on Windows and WSL';
/** At most this many .go files are read when looking for main packages (the package clause is near the top). */
const MAX_GO_FILES = 5_000;
const HEAD_BYTES = 16 * 1024;

/** Adapters running inside this extension host; ended on deactivation so no Delve outlives the window. */
const liveAdapters = new Set<InlineBridgeAdapter>();

type BridgeBundle = typeof import('../debug/adapterMain');
let bundle: BridgeBundle | undefined;

/** dist/debugAdapter.js is the adapter's own bundle (next to this one): loaded at the first debug session, not at activation. */
function loadBridge(): BridgeBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bundle ??= require(path.join(__dirname, 'debugAdapter.js')) as BridgeBundle;
  return bundle;
}

function wslExecutableSetting(): { path: string } | { error: string } {
  return resolveWslExecutable(vscode.workspace.getConfiguration('goHealth').get<string>('wslExecutable'), process.platform, process.env);
}

/** Runs the bridge in this process: VS Code hands it message objects, so there is no adapter process and no framing in between. */
export function createInlineAdapter(): vscode.DebugAdapterDescriptor {
  const { InlineBridgeAdapter, bridgeDependencies } = loadBridge();
  const adapter = new InlineBridgeAdapter(bridgeDependencies(process.env, process.platform));
  liveAdapters.add(adapter);
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = () => {
    liveAdapters.delete(adapter);
    dispose();
  };
  return new vscode.DebugAdapterInlineImplementation(adapter as unknown as vscode.DebugAdapter);
}

/** Fills a delve-bridge configuration's defaults (for `target: wsl`, the wsl.exe the machine setting names), or expands the Windows + WSL entry. */
export function resolveConfiguration(
  fixes: FixManager,
  folder: vscode.WorkspaceFolder | undefined,
  config: vscode.DebugConfiguration,
): vscode.DebugConfiguration | undefined {
  const editor = vscode.window.activeTextEditor;
  noteResolved(config.name);
  const resolved = resolveBridgeConfiguration(config, {
    wslExecutable: wslExecutableSetting(),
    activeGoFile: editor?.document.languageId === 'go',
  });
  switch (resolved.kind) {
    case 'error':
      if (resolved.aboutSetting) void openSettingOnError(resolved.message);
      else void vscode.window.showErrorMessage(resolved.message);
      return undefined;
    case 'windowsAndWsl':
      // The pair and its compound live in launch.json; this entry writes them (if missing) and starts them instead.
      void debugWindowsAndWsl(fixes, { folder, relativePackage: resolved.relativePackage, distro: resolved.distro });
      return undefined;
    case 'config':
      return resolved.config as vscode.DebugConfiguration;
  }
}

/** "Windows + WSL: <package>" for every main package of the folder, for the Run and Debug dropdown. */
export async function dynamicConfigurations(
  folder: vscode.WorkspaceFolder | undefined,
  token?: vscode.CancellationToken,
): Promise<vscode.DebugConfiguration[]> {
  if (!folder || folder.uri.scheme !== 'file') return [];
  const packages = await findMainPackages(folder, token);
  return packages.flatMap((rel) => {
    const config = dynamicDualConfiguration(
      folder.uri.fsPath,
      rel === '' ? folder.uri.fsPath : path.join(folder.uri.fsPath, ...rel.split('/')),
    );
    return config ? [config as vscode.DebugConfiguration] : [];
  });
}

/** Ends every in-process bridge session still running (Delve and the programs it started). */
export async function stopInlineDebugAdapters(): Promise<void> {
  await Promise.all([...liveAdapters].map((a) => a.stop()));
}

async function openSettingOnError(message: string): Promise<void> {
  const answer = await vscode.window.showErrorMessage(message, 'Open Setting');
  if (answer) await vscode.commands.executeCommand('workbench.action.openSettings', 'goHealth.wslExecutable');
}

interface DualPreset {
  folder?: vscode.WorkspaceFolder;
  relativePackage?: string;
  distro?: string;
}

/**
 * The one-click flow: which folder, distro and package; the distro's pre-flight with its fixes; then the two
 * configurations and their compound written into launch.json if missing, and the compound started. Nothing is
 * written before the pre-flight has passed or the user chose to debug anyway. Resolves true when it started.
 */
export async function debugWindowsAndWsl(fixes: FixManager, preset: DualPreset = {}): Promise<boolean> {
  if (!canDebugWindowsAndWsl(process.platform, vscode.workspace.getConfiguration('goHealth').get<string>('wslExecutable'))) {
    const answer = await vscode.window.showInformationMessage(
      windowsAndWslUnavailableMessage(process.platform, !!process.env.WSL_DISTRO_NAME),
      'Open Run and Debug',
    );
    if (answer) await vscode.commands.executeCommand('workbench.view.debug');
    return false;
  }
  const folder = preset.folder ?? (await pickFolder());
  if (!folder) return false;
  const wsl = await usableWslExecutable();
  if (!wsl) return false;
  const picked = await pickDistro(wsl, preset.distro);
  if (!picked) return false;
  const { distro, discovery } = picked;
  // The probe starts a login shell in the distro (seconds when WSL is cold): run it while the user picks the package.
  const probing = probeDistro(execFile, wsl, distro.name);
  const relative = preset.relativePackage ?? (await pickPackage(folder));
  if (relative === undefined) return false;

  const probe = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking Go and Delve in ${distro.name}…` },
    () => probing,
  );
  const configs = dualDebugConfigurations({
    workspaceFolder: folder.uri.fsPath,
    packageDir: relative === '' ? folder.uri.fsPath : path.join(folder.uri.fsPath, ...relative.split('/')),
    distro: distro.name,
    vscodeGoInstalled: vscode.extensions.getExtension(VSCODE_GO_EXTENSION_ID) !== undefined,
    automountRoot: probe.error ? undefined : probe.automountRoot,
  });
  const plan = await planLaunchConfigurations(folder, configs);
  if (!plan) return false;

  const readiness = debugReadiness({
    host: { arch: process.arch, cwd: folder.uri.fsPath, homedir: process.env.USERPROFILE ?? '' },
    wslExe: wsl,
    distro: discovery.distros.find((d) => d.name === distro.name)!,
    probe,
    transport: plan.transport,
    wslconfig: plan.transport === 'tcp' ? await readWslConfig() : undefined,
  });
  if ((readiness.probeFailure || readiness.findings.length) && !(await handlePreflight(fixes, distro.name, readiness))) return false;
  if (!(await writeLaunchConfigurations(plan))) return false;

  const started = await startSelected(folder, configs.compound.name, configs.wsl.name, fixes.log);
  if (!started) void vscode.window.showErrorMessage(`"${configs.compound.name}" did not start; the Debug Console says why.`);
  return started;
}

/** Set while the compound is started through the Run and Debug picker: told when its WSL half is resolved. */
let awaitingStart: { name: string; started: () => void } | undefined;

/** Called for every delve-bridge configuration VS Code is about to start. */
function noteResolved(name: unknown): void {
  if (awaitingStart && name === awaitingStart.name) awaitingStart.started();
}

/**
 * Starts the compound the way the Run and Debug picker does, so that it is also the selected configuration
 * afterwards (F5 runs it again): VS Code has no API to select one, but its "debug " quick access selects what it
 * starts. The picker lists only what VS Code's launch configuration holds, which takes a moment to follow the
 * launch.json just saved: so it is opened once that configuration lists the compound. When the picker does not
 * start it (its list had not filled yet), the compound is started directly instead, and the log says so.
 */
async function startSelected(
  folder: vscode.WorkspaceFolder,
  compound: string,
  wslHalf: string,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  if (!(await launchConfigurationLists(folder, compound, CONFIGURATION_WAIT_MS)))
    log.warn(`"${compound}" is not in VS Code's launch configuration yet (launch.json unsaved?); starting it anyway`);
  const resolved = new Promise<boolean>((resolve) => {
    awaitingStart = { name: wslHalf, started: () => resolve(true) };
    setTimeout(() => resolve(false), PICKER_START_MS);
  });
  try {
    await vscode.commands.executeCommand('workbench.action.quickOpen', `debug ${compound}`);
    await new Promise((r) => setTimeout(r, PICKER_FILL_MS));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    if (await resolved) {
      log.info(`"${compound}" started from the Run and Debug picker: it is the selected configuration`);
      return true;
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  } catch {
    // The workbench commands are not there (another editor built on VS Code): start it directly.
  } finally {
    awaitingStart = undefined;
  }
  log.warn(`"${compound}" did not start from the Run and Debug picker; started directly (the picker keeps its selection)`);
  return vscode.debug.startDebugging(folder, compound);
}

/** Resolves true once VS Code's launch configuration for the folder lists the compound, false after `timeoutMs`. */
function launchConfigurationLists(folder: vscode.WorkspaceFolder, compound: string, timeoutMs: number): Promise<boolean> {
  const lists = () =>
    (vscode.workspace.getConfiguration('launch', folder.uri).get<unknown[]>('compounds') ?? []).some(
      (c) => typeof c === 'object' && c !== null && (c as { name?: unknown }).name === compound,
    );
  if (lists()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (listed: boolean) => {
      subscription.dispose();
      clearTimeout(timer);
      resolve(listed);
    };
    const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('launch', folder.uri) && lists()) finish(true);
    });
    const timer = setTimeout(() => finish(lists()), timeoutMs);
  });
}

/** How long the picker gets to list the configurations, and then to start the chosen one. */
const PICKER_FILL_MS = 300;
const PICKER_START_MS = 15_000;
/** How long VS Code gets to read the saved launch.json back into its launch configuration. */
const CONFIGURATION_WAIT_MS = 10_000;

/** The wsl.exe the setting or %SystemRoot% names, when it is there; otherwise says so, with the setting at hand. */
async function usableWslExecutable(): Promise<string | undefined> {
  const wsl = wslExecutableSetting();
  if ('error' in wsl) {
    await openSettingOnError(wsl.error);
    return undefined;
  }
  if (!(await fsp.stat(wsl.path).catch(() => undefined))?.isFile()) {
    await openSettingOnError(
      `wsl.exe was not found at ${wsl.path}. Install WSL (in a Windows terminal: wsl --install), or point goHealth.wslExecutable at it.`,
    );
    return undefined;
  }
  return wsl.path;
}

/** The distro to debug in: the one asked for, the only one, or the user's pick (the default first). */
async function pickDistro(wsl: string, wanted: string | undefined) {
  const discovery = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for WSL distros' }, () =>
    discoverDistros(execFile, wsl),
  );
  if (!discovery.ok) {
    void vscode.window.showErrorMessage(`Could not list the WSL distros: ${discovery.failure.message}`);
    return undefined;
  }
  if (discovery.distros.length === 0) {
    void vscode.window.showErrorMessage(
      'No WSL distro is installed. Install one in a Windows terminal with "wsl --install", then try again.',
    );
    return undefined;
  }
  const choices = distroPickItems(discovery);
  const named = wanted ? choices.find((c) => c.distro.toLowerCase() === wanted.toLowerCase()) : undefined;
  if (wanted && !named) {
    void vscode.window.showErrorMessage(
      `The WSL distro "${wanted}" is not installed (installed: ${choices.map((c) => c.distro).join(', ')}).`,
    );
    return undefined;
  }
  const chosen =
    named ??
    (choices.length === 1
      ? choices[0]
      : await vscode.window.showQuickPick(choices, {
          title: `${TITLE}: WSL distro`,
          placeHolder: 'Choose the WSL distro to debug in (the default one is first)',
        }));
  return chosen ? { distro: { name: chosen.distro }, discovery } : undefined;
}

/** The main package to debug, relative to the folder ('' for the folder itself); undefined when there is none or the user cancelled. */
async function pickPackage(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const packages = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for main packages' }, () =>
    findMainPackages(folder),
  );
  if (packages.length === 0) {
    void vscode.window.showErrorMessage(`No main package (a folder whose .go files say "package main") was found in ${folder.name}.`);
    return undefined;
  }
  if (packages.length === 1) return packages[0]!;
  const picked = await vscode.window.showQuickPick(
    packages.map((rel) => ({
      label: rel === '' ? folder.name : rel,
      description: rel === '' ? 'the folder itself' : path.join(folder.uri.fsPath, ...rel.split('/')),
      rel,
    })),
    { title: `${TITLE}: package`, placeHolder: 'Choose the program (main package) to debug' },
  );
  return picked?.rel;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Open the folder of a Go program first.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Choose the folder of the program to debug' });
}

/** Directories of the folder holding a main package ('' for the folder itself), from the head of each .go file. */
async function findMainPackages(folder: vscode.WorkspaceFolder, token?: vscode.CancellationToken): Promise<string[]> {
  const exclude = `**/{${IGNORED_DIRECTORIES.join(',')}}/**`;
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.go'), exclude, MAX_GO_FILES, token);
  const files = await Promise.all(
    uris
      .filter((u) => u.scheme === 'file' && !u.fsPath.endsWith('_test.go'))
      .map(async (u) => ({ relativePath: path.relative(folder.uri.fsPath, u.fsPath), text: await readHead(u.fsPath) })),
  );
  return mainPackageDirs(files);
}

/** The package clause is near the top; a FIFO or device named *.go is not opened as a file (it would block). */
function readHead(file: string): Promise<string> {
  return readHeadOfRegularFile(file, HEAD_BYTES);
}

interface LaunchPlan {
  uri: vscode.Uri;
  doc?: vscode.TextDocument;
  result: Extract<ReturnType<typeof launchJsonEdits>, { ok: true }>;
  /** The WSL half's transport as launch.json will say it (an existing entry may already choose tcp). */
  transport: BridgeTransport;
}

/**
 * What adding the configurations and the compound to the folder's launch.json would change, without changing
 * it. A file that does not parse is left untouched with a message.
 */
async function planLaunchConfigurations(folder: vscode.WorkspaceFolder, configs: DualDebugConfigurations): Promise<LaunchPlan | undefined> {
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  const doc = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
  const result = launchJsonEdits(doc?.getText(), [configs.windows, configs.wsl], [configs.compound]);
  if (!result.ok) {
    const answer = await vscode.window.showErrorMessage(result.message, 'Open launch.json');
    if (answer) await vscode.window.showTextDocument(uri);
    return undefined;
  }
  const wslHalf = (
    parseJsonc(result.text) as { configurations?: { name?: unknown; transport?: unknown }[] } | undefined
  )?.configurations?.find?.((c) => c?.name === configs.wsl.name);
  return { uri, doc, result, transport: wslHalf?.transport === 'tcp' ? 'tcp' : 'stdio' };
}

/**
 * Applies the plan through a WorkspaceEdit (so Edit > Undo reverts it), creating the file when there is
 * none, and saves it so the debugger reads it. False when VS Code refused the edit.
 */
async function writeLaunchConfigurations({ uri, doc, result }: LaunchPlan): Promise<boolean> {
  if (!result.created && result.edits.length === 0) return true;
  const edit = new vscode.WorkspaceEdit();
  if (result.created) edit.createFile(uri, { ignoreIfExists: false, contents: Buffer.from(result.text, 'utf8') });
  else
    for (const e of result.edits) edit.replace(uri, new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1), e.newText);
  const wasDirty = doc?.isDirty ?? false;
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('VS Code refused the edit to .vscode/launch.json; nothing was changed.');
    return false;
  }
  // A file with other unsaved changes is left for the user to save.
  const saved = doc ?? (await vscode.workspace.openTextDocument(uri));
  if (!wasDirty && saved.isDirty) await saved.save();
  void vscode.window.showInformationMessage(`Added to .vscode/launch.json: ${result.added.join(', ')}.`);
  return true;
}

/** %UserProfile%\\.wslconfig as the wsl-localhost-forwarding-off check reads it. */
async function readWslConfig(): Promise<WslConfigFact | undefined> {
  if (process.platform !== 'win32') return undefined;
  const file = path.join(process.env.USERPROFILE ?? '', '.wslconfig');
  const read = await readRegularFile(file, READ_LIMITS.wslConfig);
  return wslConfigFact(file, read && 'text' in read ? read.text : undefined);
}

/**
 * One dialog for everything found: a fix (through the one fix path: preview, audit, undo where it can; the
 * flow then ends, to be run again afterwards) or "Debug Anyway".
 */
async function handlePreflight(fixes: FixManager, distro: string, readiness: DebugReadiness): Promise<boolean> {
  const dialog = preflightDialog(distro, readiness);
  const answer = await vscode.window.showWarningMessage(
    dialog.message,
    { modal: true, detail: dialog.detail },
    ...dialog.buttons.map((b) => b.title),
  );
  const chosen = dialog.buttons.find((b) => b.title === answer);
  if (!chosen) return false;
  if (!chosen.fix || !chosen.finding) return true;
  await fixes.applyFix(chosen.finding, chosen.fix);
  if (chosen.fix.kind === 'run-command')
    void vscode.window.showInformationMessage(`Run "${TITLE}" again when "${chosen.fix.title}" has finished in its terminal.`);
  return false;
}
