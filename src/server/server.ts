// The Go Health language server: wires the protocol (documents, watchers, code actions, custom messages) to HealthService.
import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { nodeHost } from '../core/nodeHost';
import { runHealthCheck } from '../core/engine';
import { ProbeCache } from '../core/probe/cache';
import { checkById, runChecks } from '../core/checks/index';
import { TOOL_NAME, TOOL_VERSION } from '../core/version';
import {
  ExplainRequest,
  HealthNotification,
  RerunRequest,
  SettingsNotification,
  type ExplainResult,
  type HealthNotificationParams,
  type RerunResult,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, type ServerSettings } from '../shared/settings';
import { HealthService } from './service';
import { GOENV_CHECK_IDS } from './goenvDocument';
import { uriToPath } from './uris';
import { endOwnedChildrenNow } from '../platform/lifetime';

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
  const cache = new ProbeCache();
  let registerWatchers = false;
  let clientTracksFolders = false;
  const service = new HealthService({
    host: nodeHost(),
    runCheck: runHealthCheck,
    cache,
    judgeGoEnv: (facts) => runChecks(facts, { only: GOENV_CHECK_IDS }),
    sendHealth: (params: HealthNotificationParams) => void connection.sendNotification(HealthNotification, params),
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    log: (m) => connection.console.error(m),
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders.push(root);
    }
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    service.setSettings({ ...DEFAULT_SETTINGS, ...init.settings });
    service.setWorkspaceFolders(folders);
    registerWatchers = !init.watchesFiles && params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    clientTracksFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (registerWatchers) {
      // Clients that did not set up watchers themselves get ours (VS Code's client registers its own).
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          '**/go.mod',
          '**/go.work',
          '**/go.sum',
          '**/go.env',
          '**/.github/workflows/*.{yml,yaml}',
          '**/Dockerfile',
          '**/.gitlab-ci.yml',
          '**/.vscode/launch.json',
        ].map((globPattern) => ({ globPattern })),
      });
    }
    if (clientTracksFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = ((await connection.workspace.getWorkspaceFolders()) ?? [])
          .map((f) => uriToPath(f.uri))
          .filter((p): p is string => !!p);
        service.setWorkspaceFolders(folders);
      });
    }
    void service.runNow();
  });

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
  connection.onDidChangeWatchedFiles((p) => service.filesChanged(p.changes.map((c) => uriToPath(c.uri)).filter((x): x is string => !!x)));
  connection.onCodeAction((p) => service.codeActions(p.textDocument.uri, p.context.diagnostics));
  connection.onHover((p) => service.hover(p.textDocument.uri, p.position));
  connection.onNotification(SettingsNotification, (s) => service.setSettings({ ...DEFAULT_SETTINGS, ...s }));
  connection.onRequest(RerunRequest, async (p): Promise<RerunResult> => {
    const snapshot = await service.rerun(p?.invalidate ?? true, p?.changedFiles ?? []);
    return { runId: snapshot?.runId };
  });
  connection.onRequest(ExplainRequest, (p) => explainCheck(p.checkId));
  connection.onShutdown(() => {
    service.dispose();
    // Nothing more will be asked: probes still running would only outlive the server.
    endOwnedChildrenNow();
  });
  connection.listen();
  return connection;
}
