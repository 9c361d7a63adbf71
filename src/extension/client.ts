// Starts the Go Health language server through vscode-languageclient and reports its life to the extension.
import * as vscode from 'vscode';
import * as path from 'node:path';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LogMessageNotification,
  MessageType,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { HealthNotification, VSCODE_CLIENT_CAPABILITIES, type HealthNotificationParams } from '../shared/protocol';
import type { ServerSettings } from '../shared/settings';
import { WATCHED_PIN_AND_POLICY_FILES } from '../core/declared';

interface ClientEvents {
  onHealth(params: HealthNotificationParams): void;
  /** The server process died and is being restarted. */
  onRestarting(): void;
  /** The server stopped for good (too many crashes). */
  onStopped(message: string): void;
  onRunning(): void;
}

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/**
 * Starts the server with `env`: the environment VS Code started with (see environment.ts), not the extension host's
 * process.env as other extensions left it.
 */
export async function startClient(
  context: vscode.ExtensionContext,
  settings: ServerSettings,
  events: ClientEvents,
  log: vscode.LogOutputChannel,
  env: Record<string, string | undefined>,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const restarts: number[] = [];
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/{go.mod,go.work,go.sum,go.env,Dockerfile,.gitlab-ci.yml}'),
    vscode.workspace.createFileSystemWatcher('**/vendor/modules.txt'),
    vscode.workspace.createFileSystemWatcher('**/.github/workflows/*.{yml,yaml}'),
    vscode.workspace.createFileSystemWatcher('**/.vscode/launch.json'),
    vscode.workspace.createFileSystemWatcher(`**/{${WATCHED_PIN_AND_POLICY_FILES.join(',')}}`),
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/go.mod' },
      { scheme: 'file', pattern: '**/go.work' },
      { scheme: 'file', language: 'goenv' },
      { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
      { scheme: 'file', pattern: '**/Dockerfile' },
      { scheme: 'file', pattern: '**/.gitlab-ci.yml' },
      { scheme: 'file', pattern: '**/.gohealth.json' },
    ],
    synchronize: { fileEvents: watchers },
    initializationOptions: { settings, watchesFiles: true },
    // The client's own messages and the server's window/logMessage lines share the one "Go Health" log.
    outputChannel: log,
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) {
          events.onStopped(
            `The Go Health server crashed ${restarts.length} times in 3 minutes and was not restarted. "Go Health: Show Logs" says why.`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        events.onRestarting();
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  const client = new LanguageClient('goHealth', 'Go Health', serverOptions, clientOptions);
  // Tells the server this client applies fixes itself and has integrated terminals to change.
  client.registerFeature({
    fillClientCapabilities: (capabilities) => {
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), goHealth: VSCODE_CLIENT_CAPABILITIES };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  context.subscriptions.push(
    // Replaces the client's own handler, which writes every level as plain lines: each goes to the log at its level.
    client.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) log.error(m.message);
      else if (m.type === MessageType.Warning) log.warn(m.message);
      else if (m.type === MessageType.Info) log.info(m.message);
      else if (m.type === MessageType.Debug) log.debug(m.message);
      else log.trace(m.message);
    }),
    client.onNotification(HealthNotification, (p) => events.onHealth(p)),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) events.onRunning();
    }),
  );
  await client.start();
  return client;
}
