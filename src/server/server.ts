// The Go Health language server: wires the protocol (documents, watchers, code actions, custom messages) to HealthService.
import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { nodeHost } from '../core/nodeHost';
import { runHealthCheck } from '../core/engine';
import { checkWork, recheckModules } from '../core/engineIncremental';
import { ProbeCache, type FileChange } from '../core/probe/cache';
import { checkById, runChecks } from '../core/checks/index';
import { TOOL_NAME, TOOL_VERSION } from '../core/version';
import {
  ExplainRequest,
  PolicyDraftRequest,
  type PolicyDraftResult,
  HealthNotification,
  RerunRequest,
  SettingsNotification,
  StatsRequest,
  type ServerStats,
  type ExplainResult,
  type HealthNotificationParams,
  type RerunResult,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, type ServerSettings } from '../shared/settings';
import * as os from 'node:os';
import { HealthService } from './service';
import { draftPolicy } from '../core/policy/init';
import { WATCHED_PIN_AND_POLICY_FILES } from '../core/declared';
import { ENVIRONMENT_DOCUMENT_URI, VSCODE_CLIENT_CAPABILITIES, type GoHealthClientCapabilities } from '../shared/protocol';
import { expandPathVariables, settingsFromConfiguration } from '../shared/settings';
import { renderReportMarkdown } from '../shared/reportMarkdown';
import { localRedactionRules } from '../core/redact';
import { SERVER_COMMANDS, ServerFixes, type ServerFixDeps } from './serverFixes';
import type { ClientFixSupport } from './codeActions';
import { gohealthStateDir } from '../core/probe/goEnv';
import { pathToUri } from './uris';
import type { Host } from '../core/host';
import { GOENV_CHECK_IDS } from './goenvDocument';
import { uriToPath } from './uris';
import { endOwnedChildrenNow } from '../platform/lifetime';
import * as path from 'node:path';
import { editFileFixToTextEdits } from './codeActions';
import { SpawnCounter, commandText, runSummaryLine, withSpawnLog, type Log } from './runLog';

/** How long the first run waits for a client that pushes its settings after initialization. */
const SETTINGS_GRACE_MS = 300;

const FILE_CHANGES: Record<number, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

/** What a client may pass in initializationOptions: the same settings it later sends on change. */
interface InitializationOptions {
  settings?: Partial<ServerSettings>;
  /** The client watches the relevant files itself (VS Code's does); otherwise the server registers watchers. */
  watchesFiles?: boolean;
}

export function explainCheck(checkId: string): ExplainResult {
  const def = checkById(checkId);
  return { checkId, summary: def?.summary, help: def?.help };
}

/**
 * Runs the server on a connection (stdio, IPC or node streams, chosen from the process arguments when
 * none is given). Other editors use it through `gohealth lsp --stdio`. It is the wiring of every LSP
 * handler to the HealthService, kept in one place so the capabilities announced and the handlers
 * registered can be read side by side.
 */
export function runLanguageServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  // Every spawn, cache hit and run goes to window/logMessage at its level: the client's log shows why it concluded what it did.
  const log: Log = (level, message) => {
    const c = connection.console;
    if (level === 'error') c.error(message);
    else if (level === 'warn') c.warn(message);
    else if (level === 'info') c.info(message);
    else c.debug(message);
  };
  const spawns = new SpawnCounter();
  const cache = new ProbeCache();
  cache.onHit = (file, args) => {
    spawns.hits++;
    log('debug', `cache: ${commandText(file, args)} (answered without a spawn)`);
  };
  let registerWatchers = false;
  let clientTracksFolders = false;
  const service = new HealthService({
    host: withSpawnLog(nodeHost(), log, spawns),
    runStarted: (runId) => {
      spawns.reset();
      log('info', `Check run ${runId} started`);
    },
    runFinished: (runId, report) => log('info', runSummaryLine(runId, report, spawns)),
    runCheck: runHealthCheck,
    recheckModules: (host, last, files, options) => recheckModules(host, cache, last, files, options),
    cache,
    judgeGoEnv: (facts) => runChecks(facts, { only: GOENV_CHECK_IDS }),
    sendHealth: (params: HealthNotificationParams) => void connection.sendNotification(HealthNotification, params),
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    log: (m) => connection.console.error(m),
  });

  const host = nodeHost();
  let client: ClientFixSupport = VSCODE_CLIENT_CAPABILITIES;
  let serverFixes: ServerFixes | undefined;
  let pullConfiguration = false;
  let folders: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    service.hold();
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders.push(root);
    }
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    service.setSettings({ ...DEFAULT_SETTINGS, ...init.settings });
    service.setWorkspaceFolders(folders);
    registerWatchers = !init.watchesFiles && params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // Someone watches the files: what the cache read stays true until a watcher says otherwise.
    if (init.watchesFiles || registerWatchers) service.trustFileWatchers();
    clientTracksFolders = params.capabilities.workspace?.workspaceFolders === true;
    // Go Health's own client applies fixes itself; any other editor gets them applied by this server.
    const ours = (params.capabilities.experimental as { goHealth?: Partial<GoHealthClientCapabilities> } | undefined)?.goHealth;
    if (typeof ours?.applyFixCommand === 'string') {
      client = { applyFixCommand: ours.applyFixCommand, terminalEnvironment: ours.terminalEnvironment === true };
      if (ours.environmentDocument === true) service.environmentDocumentUri = ENVIRONMENT_DOCUMENT_URI;
    } else {
      client = { applyFixCommand: SERVER_COMMANDS.applyFix, terminalEnvironment: false };
      serverFixes = new ServerFixes(serverFixDeps(connection, service, host, params));
      pullConfiguration = params.capabilities.workspace?.configuration === true;
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(serverFixes ? { executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) } } : {}),
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });

  /** Settings of an editor without Go Health's client: the `goHealth` section, with VS Code's names. */
  const applySection = (section: unknown) => {
    const settings = settingsFromConfiguration(section);
    const goPath = settings.goPath && expandPathVariables(settings.goPath, folders, host.homedir);
    service.setSettings({ ...settings, goPath: goPath || undefined });
  };
  const pullSettings = async () => applySection(await connection.workspace.getConfiguration('goHealth').catch(() => undefined));
  let settingsArrived: () => void = () => undefined;
  const firstSettings = new Promise<void>((resolve) => (settingsArrived = resolve));
  // Pushed (nvim-lspconfig, Helix) or announced for a pull (eglot, clients that declare workspace/configuration).
  connection.onDidChangeConfiguration((p) => {
    if (!serverFixes) return;
    const pushed = (p.settings as Record<string, unknown> | null | undefined)?.goHealth;
    if (pushed !== undefined) applySection(pushed);
    else if (pullConfiguration) void pullSettings();
    settingsArrived();
  });

  connection.onInitialized(() => void initialized());
  const initialized = async () => {
    if (registerWatchers) {
      // Clients that did not set up watchers themselves get ours (VS Code's client registers its own).
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          '**/go.mod',
          '**/go.work',
          '**/go.sum',
          '**/go.env',
          '**/vendor/modules.txt',
          '**/.github/workflows/*.{yml,yaml}',
          '**/Dockerfile',
          '**/.gitlab-ci.yml',
          '**/.vscode/launch.json',
          `**/{${WATCHED_PIN_AND_POLICY_FILES.join(',')}}`,
        ].map((globPattern) => ({ globPattern })),
      });
    }
    if (clientTracksFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const current = ((await connection.workspace.getWorkspaceFolders()) ?? [])
          .map((f) => uriToPath(f.uri))
          .filter((p): p is string => !!p);
        folders = current;
        service.setWorkspaceFolders(current);
      });
    }
    if (pullConfiguration) await pullSettings();
    // Most clients push their settings right after initialization: the first run waits a moment for them.
    else if (serverFixes) await Promise.race([firstSettings, new Promise((resolve) => setTimeout(resolve, SETTINGS_GRACE_MS))]);
    void service.release();
  };

  connection.onDidOpenTextDocument((p) =>
    service.openDocument(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text),
  );
  connection.onDidChangeTextDocument((p) => {
    // Full sync: the last change carries the whole text.
    const last = p.contentChanges[p.contentChanges.length - 1];
    if (last && !('range' in last)) service.changeDocument(p.textDocument.uri, p.textDocument.version, last.text);
  });
  connection.onDidCloseTextDocument((p) => service.closeDocument(p.textDocument.uri));
  connection.onDidSaveTextDocument((p) => void service.saveDocument(p.textDocument.uri));
  connection.onDidChangeWatchedFiles((p) =>
    service.filesChanged(
      p.changes.flatMap((c) => {
        const file = uriToPath(c.uri);
        return file ? [{ file, change: FILE_CHANGES[c.type] }] : [];
      }),
    ),
  );
  connection.onCodeAction((p) => service.codeActions(p.textDocument.uri, p.context.diagnostics, client));
  connection.onExecuteCommand(async (p) => {
    const [a, b, c] = p.arguments ?? [];
    switch (p.command) {
      case SERVER_COMMANDS.applyFix:
        return serverFixes?.apply(a, b, c);
      case SERVER_COMMANDS.undoLastFix:
        return serverFixes?.undoLast();
      case SERVER_COMMANDS.report: {
        const snapshot = service.last?.snapshot ?? (await service.rerun(false));
        return snapshot ? renderReportMarkdown(snapshot, a === 'redact' ? localRedactionRules(host.homedir) : undefined) : undefined;
      }
      case SERVER_COMMANDS.rerun:
        return (await service.rerun(true))?.runId;
    }
    return undefined;
  });
  connection.onHover((p) => service.hover(p.textDocument.uri, p.position));
  connection.onNotification(SettingsNotification, (s) => service.setSettings({ ...DEFAULT_SETTINGS, ...s }));
  connection.onRequest(RerunRequest, async (p): Promise<RerunResult> => {
    const snapshot = await service.rerun(p?.invalidate ?? true, p?.changedFiles ?? []);
    return { runId: snapshot?.runId };
  });
  connection.onRequest(ExplainRequest, (p) => explainCheck(p.checkId));
  connection.onRequest(PolicyDraftRequest, async (): Promise<PolicyDraftResult> => {
    const facts = service.last?.facts ?? ((await service.rerun(false)) ? service.last?.facts : undefined);
    return facts ? draftPolicy(facts) : { summary: [], leftOut: [] };
  });
  connection.onRequest(StatsRequest, (): ServerStats => {
    // Started with --expose-gc (a bench or a test), the heap is measured after a full collection.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      runs: service.runs,
      heapUsed: memory.heapUsed,
      rss: memory.rss,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...cache.work,
      spawns: cache.spawnCount,
      ...checkWork,
      incrementalRuns: service.incrementalRuns,
    };
  });
  connection.onShutdown(() => {
    service.dispose();
    // Nothing more will be asked: probes still running would only outlive the server.
    endOwnedChildrenNow();
  });
  connection.listen();
  return connection;
}

/** How the server applies fixes for a client without Go Health's own: through the editor's LSP requests. */
function serverFixDeps(connection: Connection, service: HealthService, host: Host, params: InitializeParams): ServerFixDeps {
  const showDocument = params.capabilities.window?.showDocument?.support === true;
  return {
    exec: host.exec,
    stateDir: gohealthStateDir(host) ?? path.join(os.tmpdir(), 'gohealth'),
    timeoutMs: () => service.settingsNow.timeoutMs,
    env: host.env,
    snapshot: () => service.last?.snapshot,
    confirm: async (message, detail, action) =>
      (await connection.window.showInformationMessage(`${message}\n${detail}`, { title: action }, { title: 'Cancel' }))?.title === action,
    // A notification, not window/showMessageRequest: nothing is asked of the user.
    inform: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
    showPage: async (file, markdown) => {
      if (showDocument && (await connection.window.showDocument({ uri: pathToUri(file), takeFocus: true }).catch(() => undefined))?.success)
        return;
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: markdown });
    },
    applyEdit: async (fix) =>
      (
        await connection.workspace.applyEdit({
          label: fix.title,
          edit: { changes: { [pathToUri(fix.file)]: editFileFixToTextEdits(fix) } },
        })
      ).applied,
    readFile: (file) => service.fileText(file),
    rerun: () => service.rerun(true),
  };
}
