// The VS Code side of delve-bridge, loaded at first use (its own bundle): the in-process adapter, configuration resolution, and the one-click "Debug on Windows and WSL".
import * as vscode from 'vscode';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { parse as parseJsonc } from 'jsonc-parser';
import { execFile } from '../platform/exec';
import { commandLine } from '../platform/shell';
import { discoverDistros, probeDistro, type DistroProbe } from '../wsl/distros';
import { parseWslConfig } from '../wsl/wslconf';
import {
  IGNORED_DIRECTORIES,
  VSCODE_GO_EXTENSION_ID,
  dynamicDualConfiguration,
  dualDebugConfigurations,
  launchJsonEdits,
  mainPackageDirs,
  type DualDebugConfigurations,
} from '../debug/launchConfig';
import { dualDebugPreflight, type PreflightInput, type PreflightProblem } from '../debug/preflight';
import type { InlineBridgeAdapter } from '../debug/inlineAdapter';
import type { BridgeTransport } from '../debug/launchAttributes';
import type { VirtualDocuments } from './virtualDocuments';
import { appendAuditRecord, auditRecord } from './audit';
import {
  DEBUG_ANYWAY,
  distroPickItems,
  instructionsMarkdown,
  preflightDialog,
  resolveBridgeConfiguration,
  resolveWslExecutable,
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
  docs: VirtualDocuments,
  storageDir: string,
  folder: vscode.WorkspaceFolder | undefined,
  config: vscode.DebugConfiguration,
): vscode.DebugConfiguration | undefined {
  const editor = vscode.window.activeTextEditor;
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
      void debugWindowsAndWsl(docs, storageDir, { folder, relativePackage: resolved.relativePackage, distro: resolved.distro });
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
 * The one-click flow: which folder, distro and package; the two configurations and their compound
 * written into launch.json if missing; the distro's pre-flight with its fixes; then the compound starts.
 * Resolves true when the compound started.
 */
export async function debugWindowsAndWsl(docs: VirtualDocuments, storageDir: string, preset: DualPreset = {}): Promise<boolean> {
  const folder = preset.folder ?? (await pickFolder());
  if (!folder) return false;
  const wsl = wslExecutableSetting();
  if ('error' in wsl) {
    await openSettingOnError(wsl.error);
    return false;
  }
  const wslStat = await fsp.stat(wsl.path).catch(() => undefined);
  if (!wslStat?.isFile()) {
    await openSettingOnError(
      `wsl.exe was not found at ${wsl.path}. Install WSL (in a Windows terminal: wsl --install), or point goHealth.wslExecutable at it.`,
    );
    return false;
  }

  const discovery = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for WSL distros' }, () =>
    discoverDistros(execFile, wsl.path),
  );
  if (!discovery.ok) {
    void vscode.window.showErrorMessage(`Could not list the WSL distros: ${discovery.failure.message}`);
    return false;
  }
  if (discovery.distros.length === 0) {
    void vscode.window.showErrorMessage(
      'No WSL distro is installed. Install one in a Windows terminal with "wsl --install", then try again.',
    );
    return false;
  }
  const choices = distroPickItems(discovery);
  let chosen = preset.distro
    ? choices.find((c) => c.distro.toLowerCase() === preset.distro!.toLowerCase())
    : choices.length === 1
      ? choices[0]
      : undefined;
  if (preset.distro && !chosen) {
    void vscode.window.showErrorMessage(
      `The WSL distro "${preset.distro}" is not installed (installed: ${choices.map((c) => c.distro).join(', ')}).`,
    );
    return false;
  }
  chosen ??= await vscode.window.showQuickPick(choices, {
    title: `${TITLE}: WSL distro`,
    placeHolder: 'Choose the WSL distro to debug in (the default one is first)',
  });
  if (!chosen) return false;
  const distro = chosen.distro;
  // The probe starts a login shell in the distro (seconds when WSL is cold): run it while the user picks the package.
  const probing = probeDistro(execFile, wsl.path, distro);

  let relative = preset.relativePackage;
  if (relative === undefined) {
    const packages = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Looking for main packages' },
      () => findMainPackages(folder),
    );
    if (packages.length === 0) {
      void vscode.window.showErrorMessage(`No main package (a folder whose .go files say "package main") was found in ${folder.name}.`);
      return false;
    }
    const picked =
      packages.length === 1
        ? { rel: packages[0]! }
        : await vscode.window.showQuickPick(
            packages.map((rel) => ({
              label: rel === '' ? folder.name : rel,
              description: rel === '' ? 'the folder itself' : path.join(folder.uri.fsPath, ...rel.split('/')),
              rel,
            })),
            { title: `${TITLE}: package`, placeHolder: 'Choose the program (main package) to debug' },
          );
    if (!picked) return false;
    relative = picked.rel;
  }

  const probe = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking Go and Delve in ${distro}…` },
    () => probing,
  );
  const packageDir = relative === '' ? folder.uri.fsPath : path.join(folder.uri.fsPath, ...relative.split('/'));
  const configs = dualDebugConfigurations({
    workspaceFolder: folder.uri.fsPath,
    packageDir,
    distro,
    vscodeGoInstalled: vscode.extensions.getExtension(VSCODE_GO_EXTENSION_ID) !== undefined,
    automountRoot: probe.error ? undefined : probe.automountRoot,
  });
  const written = await writeLaunchConfigurations(folder, configs);
  if (!written) return false;

  const problems = dualDebugPreflight(await preflightInput(probe, wsl.path, written.transport, chosen.version));
  if (problems.length > 0 && !(await handlePreflight(docs, storageDir, distro, problems))) return false;

  const started = await vscode.debug.startDebugging(folder, configs.compound.name);
  if (!started) void vscode.window.showErrorMessage(`"${configs.compound.name}" did not start; the Debug Console says why.`);
  return started;
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

async function readHead(file: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

/**
 * Adds the configurations and the compound to the folder's launch.json through a WorkspaceEdit (so
 * Edit > Undo reverts it), creating the file when there is none. A file that does not parse is left
 * untouched with a message. Returns the WSL half's transport as launch.json now says it.
 */
async function writeLaunchConfigurations(
  folder: vscode.WorkspaceFolder,
  configs: DualDebugConfigurations,
): Promise<{ transport: BridgeTransport } | undefined> {
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
  if (result.created || result.edits.length > 0) {
    const edit = new vscode.WorkspaceEdit();
    if (result.created) edit.createFile(uri, { ignoreIfExists: false, contents: Buffer.from(result.text, 'utf8') });
    else
      for (const e of result.edits)
        edit.replace(uri, new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1), e.newText);
    const wasDirty = doc?.isDirty ?? false;
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage('VS Code refused the edit to .vscode/launch.json; nothing was changed.');
      return undefined;
    }
    // Saved so the debugger reads it; a file with other unsaved changes is left for the user to save.
    const saved = doc ?? (await vscode.workspace.openTextDocument(uri));
    if (!wasDirty && saved.isDirty) await saved.save();
    void vscode.window.showInformationMessage(`Added to .vscode/launch.json: ${result.added.join(', ')}.`);
  }
  const wslHalf = (
    parseJsonc(result.text, [], { allowTrailingComma: true }) as { configurations?: { name?: unknown; transport?: unknown }[] } | undefined
  )?.configurations?.find?.((c) => c?.name === configs.wsl.name);
  return { transport: wslHalf?.transport === 'tcp' ? 'tcp' : 'stdio' };
}

async function preflightInput(
  probe: DistroProbe,
  wslExecutable: string,
  transport: BridgeTransport,
  listedVersion: 1 | 2,
): Promise<PreflightInput> {
  const input: PreflightInput = { probe, wslExecutable, transport, listedVersion };
  if (transport === 'tcp' && process.platform === 'win32') {
    const file = path.join(process.env.USERPROFILE ?? '', '.wslconfig');
    const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      input.wslConfig = parseWslConfig(text);
      input.wslConfigPath = file;
    }
  }
  return input;
}

/** One dialog for every problem found: a fix (which ends the flow; run it again afterwards) or "Debug Anyway". */
async function handlePreflight(docs: VirtualDocuments, storageDir: string, distro: string, problems: PreflightProblem[]): Promise<boolean> {
  const dialog = preflightDialog(distro, problems);
  const answer = await vscode.window.showWarningMessage(dialog.message, { modal: true, detail: dialog.detail }, ...dialog.buttons);
  if (answer === DEBUG_ANYWAY) return true;
  const problem = problems.find((p) => p.fix?.title === answer);
  const fix = problem?.fix;
  if (!problem || !fix) return false;
  if (fix.kind === 'instructions') {
    await docs.showMarkdown(`${fix.title}.md`, instructionsMarkdown(problem));
    return false;
  }
  const line = commandLine(fix.command, fix.args, 'powershell');
  const confirm = await vscode.window.showInformationMessage(
    `${fix.title}?`,
    { modal: true, detail: `Runs in a terminal:\n${line}` },
    'Run',
  );
  if (confirm !== 'Run') return false;
  // The terminal runs wsl.exe itself (no shell in between), so the command line needs no quoting for any shell.
  const terminal = vscode.window.createTerminal({ name: `Go Health: ${fix.title}`, shellPath: fix.command, shellArgs: fix.args });
  terminal.show();
  await appendAuditRecord(
    storageDir,
    auditRecord({
      action: 'apply',
      fixId: 'install-dlv-in-wsl',
      fixTitle: fix.title,
      findingId: 'wsl-distro-no-dlv',
      target: line,
      previous: null,
      next: line,
    }),
  ).catch(() => undefined);
  void vscode.window.showInformationMessage(`Installing Delve in ${distro} in a terminal. Run "${TITLE}" again when it has finished.`);
  return false;
}
