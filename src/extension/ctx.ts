// The extension's runtime context: the one health state, the views it drives, and the server connection once it is up.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ExplainRequest,
  PolicyDraftRequest,
  type PolicyDraftResult,
  RerunRequest,
  SettingsNotification,
  type ExplainResult,
  type HealthNotificationParams,
  type HealthSnapshot,
  type RerunResult,
} from '../shared/protocol';
import { INITIAL_STATE, type HealthState } from './state';
import { Views } from './views';
import { readServerSettings, affectsServer } from './settings';
import { UndoStack } from '../shared/undoStack';
import { serverEnvironment, startupEnvironment } from './environment';
import { goBeforeTheServer } from './pathGo';

export const NOT_READY_MESSAGE = 'Go Health is still starting. Try again in a moment.';

export class HealthContext implements vscode.Disposable {
  state: HealthState;
  readonly undo: UndoStack;
  /** The "Go Health" log (Output panel): the server's check runs, fixes applied, the debug bridge's sessions. */
  readonly log: vscode.LogOutputChannel;
  private readonly snapshotListeners: ((snapshot: HealthSnapshot) => void)[] = [];
  private views?: Views;
  private client?: LanguageClient;
  private readonly disposables: vscode.Disposable[] = [];
  private outsideWatchers: vscode.Disposable[] = [];
  private watchedOutside = '';

  constructor(readonly extension: vscode.ExtensionContext) {
    this.state = { ...INITIAL_STATE, trusted: vscode.workspace.isTrusted };
    this.undo = new UndoStack(extension.workspaceState);
    this.log = vscode.window.createOutputChannel('Go Health', { log: true });
    this.disposables.push(this.log);
  }

  /** Called with every completed run's snapshot. */
  onSnapshot(listener: (snapshot: HealthSnapshot) => void): void {
    this.snapshotListeners.push(listener);
  }

  get snapshot(): HealthSnapshot | undefined {
    return this.state.snapshot;
  }

  get storageDir(): string {
    return this.extension.globalStorageUri.fsPath;
  }

  /** Wiring only: views, watchers of settings and trust; the server starts without being awaited. */
  activate(): void {
    this.views = new Views();
    this.disposables.push(
      this.views,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsServer(e)) this.sendSettings();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.setState({ trusted: true });
        this.sendSettings();
      }),
    );
    this.render();
    // The badge's first state: the go on PATH and its release, from a few stats, before the server answers.
    void this.showGoBeforeTheServer();
    // Starting the server spawns a process: never on activation's critical path.
    setImmediate(() => void this.startServer());
  }

  private async startServer(): Promise<void> {
    try {
      // dist/client.js is its own bundle (next to this one), loaded only now so activation does not parse it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startClient } = require(path.join(__dirname, 'client.js')) as typeof import('./client');
      const settings = readServerSettings();
      this.client = await startClient(
        this.extension,
        settings,
        {
          onHealth: (p) => this.onHealth(p),
          onRestarting: () => this.setState({ phase: 'restarting' }),
          onStopped: (message) => this.setState({ phase: 'stopped', message }),
          onRunning: () => {
            if (this.state.phase === 'restarting') this.setState({ phase: 'checking' });
          },
        },
        this.log,
        serverEnvironment(settings),
      );
      this.disposables.push({ dispose: () => void this.client?.stop() });
    } catch (e) {
      this.log.error(`The Go Health server did not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.setState({ phase: 'stopped', message: `The Go Health server did not start: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async showGoBeforeTheServer(): Promise<void> {
    try {
      const settings = readServerSettings();
      const go = await goBeforeTheServer(startupEnvironment(settings), settings.goPath);
      if (go && !this.state.snapshot) this.setState({ goBeforeTheServer: go });
    } catch {
      // Only the first state's text is lost: the check says it all.
    }
  }

  get serverReady(): boolean {
    return !!this.client && this.client.isRunning();
  }

  private onHealth(p: HealthNotificationParams): void {
    if (p.phase === 'checking') {
      // A first look at the environment while a large workspace is still walked; never over a full result.
      const first = p.partial && (!this.state.snapshot || this.state.snapshot.partial) ? { snapshot: p.partial } : {};
      this.setState({ phase: 'checking', message: undefined, ...first });
    } else if (p.phase === 'failed') this.setState({ phase: 'failed', message: p.message });
    else {
      this.setState({ phase: 'ready', snapshot: p.snapshot, message: undefined });
      this.watchOutsideFiles(p.snapshot);
      for (const listener of this.snapshotListeners) listener(p.snapshot);
    }
  }

  /** The user's go env file and GOROOT/go.env live outside the workspace (a policy may): watch them here and tell the server. */
  private watchOutsideFiles(snapshot: HealthSnapshot): void {
    // The team policy may sit above the workspace folder (at the repository root): watched here too.
    const files = [snapshot.environment.goenvFile, snapshot.environment.gorootEnvFile, ...(snapshot.environment.policyFiles ?? [])].filter(
      (f): f is string => !!f,
    );
    const key = files.join('\0');
    if (key === this.watchedOutside) return;
    this.watchedOutside = key;
    for (const d of this.outsideWatchers) d.dispose();
    this.outsideWatchers = files.map((file) => {
      const w = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
      );
      const changed = () => void this.rerun(false, [file]);
      w.onDidChange(changed);
      w.onDidCreate(changed);
      w.onDidDelete(changed);
      return w;
    });
  }

  setState(patch: Partial<HealthState>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  render(): void {
    this.views?.render(this.state, this.undo.size > 0);
  }

  // Requests and notifications go out by method name: the message types of shared/protocol live in this bundle, the
  // language client in dist/client.js with its own copy of vscode-jsonrpc, whose parameter-structure check compares
  // objects by identity (a type object from here fails it with "Unknown parameter structure auto").
  sendSettings(): void {
    this.setState({ trusted: vscode.workspace.isTrusted });
    if (this.serverReady) void this.client!.sendNotification(SettingsNotification.method, readServerSettings());
  }

  /** Asks the server for a run; resolves with its snapshot (undefined when the server is not up or the run failed). */
  async rerun(invalidate = true, changedFiles: string[] = []): Promise<HealthSnapshot | undefined> {
    if (!this.serverReady) return undefined;
    const result = await this.client!.sendRequest<RerunResult>(RerunRequest.method, { invalidate, changedFiles });
    // The server sends a run's notification before answering the request, so the state already holds it.
    return result.runId !== undefined && this.snapshot && this.snapshot.runId >= result.runId ? this.snapshot : undefined;
  }

  /** A team policy drafted by the server from this machine's last check. */
  async policyDraft(): Promise<PolicyDraftResult | undefined> {
    if (!this.serverReady) return undefined;
    return this.client!.sendRequest<PolicyDraftResult>(PolicyDraftRequest.method, {});
  }

  async explain(checkId: string): Promise<ExplainResult | undefined> {
    if (!this.serverReady) return undefined;
    return this.client!.sendRequest<ExplainResult>(ExplainRequest.method, { checkId });
  }

  dispose(): void {
    for (const d of this.outsideWatchers) d.dispose();
    for (const d of this.disposables.reverse()) d.dispose();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }
}
