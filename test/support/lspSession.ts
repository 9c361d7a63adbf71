// Drives the real Go Health language server process over LSP (stdio), as an editor would: for integration tests and benches.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { HealthNotification, StatsRequest, type HealthNotificationParams, type ServerStats } from '../../src/shared/protocol';
import { pathToUri } from '../../src/server/uris';

/** The bundled server; GOHEALTH_TEST_SERVER names another build of it (out/src/server/main.js reads better in a profile). */
const SERVER = process.env.GOHEALTH_TEST_SERVER ?? path.resolve(__dirname, '../../../dist/server.js');

interface Health {
  at: number;
  params: HealthNotificationParams;
}

export interface LspSession {
  child: ChildProcess;
  connection: MessageConnection;
  /** Every goHealth/health notification so far, with when it arrived (performance.now()). */
  health: Health[];
  /** Resolves with the next notification that `accept` takes. */
  nextHealth(accept: (p: HealthNotificationParams) => boolean, timeoutMs?: number): Promise<Health>;
  /** Resolves with the next diagnostics published for `file`. */
  nextDiagnostics(file: string, timeoutMs?: number): Promise<Diagnostic[]>;
  stats(): Promise<ServerStats>;
  /** Opens a document as the editor does when the user opens the file. */
  open(file: string, languageId: string): void;
  /** The user typed `text` and saved: the file is written, then didChange and didSave are sent. */
  save(file: string, text: string): void;
  close(): Promise<void>;
}

/**
 * Starts `node dist/server.js --stdio` (with --expose-gc, so that goHealth/stats measures the heap after a full
 * collection) in `env`, and initializes it on `folder` the way the VS Code client does: it watches the files.
 */
export async function startLspSession(folder: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<LspSession> {
  const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, SERVER, '--stdio'], {
    env,
    cwd: folder,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const health: Health[] = [];
  const healthWaiters: { accept: (p: HealthNotificationParams) => boolean; resolve: (h: Health) => void }[] = [];
  const diagnosticWaiters = new Map<string, ((d: Diagnostic[]) => void)[]>();
  connection.onNotification(HealthNotification, (params) => {
    const h = { at: performance.now(), params };
    health.push(h);
    for (const w of [...healthWaiters])
      if (w.accept(params)) {
        healthWaiters.splice(healthWaiters.indexOf(w), 1);
        w.resolve(h);
      }
  });
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    const waiting = diagnosticWaiters.get(p.uri);
    if (waiting?.length) waiting.shift()!(p.diagnostics);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', () => []);
  connection.listen();
  const versions = new Map<string, number>();
  const within = <T>(what: string, timeoutMs: number, work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToUri(folder),
    workspaceFolders: [{ uri: pathToUri(folder), name: path.basename(folder) }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    initializationOptions: { watchesFiles: true, settings: { compareLoginShell: false } },
  });
  await connection.sendNotification('initialized', {});
  return {
    child,
    connection,
    health,
    nextHealth: (accept, timeoutMs = 120_000) =>
      within('health notification', timeoutMs, new Promise((resolve) => healthWaiters.push({ accept, resolve }))),
    nextDiagnostics: (file, timeoutMs = 60_000) => {
      const uri = pathToUri(file);
      let waiter: ((d: Diagnostic[]) => void) | undefined;
      const next = new Promise<Diagnostic[]>((resolve) => {
        waiter = resolve;
        diagnosticWaiters.set(uri, [...(diagnosticWaiters.get(uri) ?? []), resolve]);
      });
      // A waiter that gave up must not take the next list meant for another.
      return within(`diagnostics for ${file}`, timeoutMs, next).finally(() => {
        diagnosticWaiters.set(
          uri,
          (diagnosticWaiters.get(uri) ?? []).filter((w) => w !== waiter),
        );
      });
    },
    stats: () => connection.sendRequest(StatsRequest),
    open(file, languageId) {
      versions.set(file, 1);
      void connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pathToUri(file), languageId, version: 1, text: readFileSync(file, 'utf8') },
      });
    },
    save(file, text) {
      writeFileSync(file, text);
      const version = (versions.get(file) ?? 1) + 1;
      versions.set(file, version);
      const uri = pathToUri(file);
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      void connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    },
    async close() {
      try {
        await within('shutdown', 5000, connection.sendRequest('shutdown'));
        await connection.sendNotification('exit');
      } catch {
        /* the process is ended below anyway */
      }
      // Let it end on its own (a profiling server writes its profile then), then make sure it has.
      if (child.exitCode === null) await within('exit', 5000, new Promise((resolve) => child.once('exit', resolve))).catch(() => undefined);
      connection.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
