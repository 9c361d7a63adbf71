// Benchmarks the VS Code face: activation of the bundled extension, and save-to-diagnostics on the server logic.
import Module from 'node:module';
import * as path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { nodeHost } from '../src/core/nodeHost';
import { runHealthCheck } from '../src/core/engine';
import { ProbeCache } from '../src/core/probe/cache';
import { DEFAULT_SETTINGS } from '../src/shared/settings';
import { HealthService } from '../src/server/service';
import { pathToUri } from '../src/server/uris';
import { fmt, median, verdict } from './util';

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSION = path.join(ROOT, 'dist', 'extension.js');

/**
 * A stand-in for the `vscode` module: every property is a callable, constructible no-op, so activate()
 * runs only our own code. Creating a file watcher throws, which is the first thing starting the language
 * client does: the bench must not start a server process.
 */
function fakeVscode(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const make = (name: string): unknown =>
    new Proxy(function () {}, {
      get(_t, prop) {
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        if (prop === 'createFileSystemWatcher')
          return () => {
            throw new Error('no file watchers in the bench');
          };
        const key = `${name}.${String(prop)}`;
        if (!cache.has(key)) cache.set(key, make(key));
        return cache.get(key);
      },
      set: () => true,
      apply: () => make(`${name}()`),
      construct: () => make(`new ${name}`) as object,
    });
  // A bundle copies the module's own keys into its namespace object, so the top level lists the API's names.
  const names = [
    'window',
    'workspace',
    'commands',
    'languages',
    'env',
    'extensions',
    'debug',
    'tasks',
    'l10n',
    'Uri',
    'Range',
    'Position',
    'Location',
    'Disposable',
    'EventEmitter',
    'MarkdownString',
    'ThemeColor',
    'ThemeIcon',
    'TreeItem',
    'TreeItemCollapsibleState',
    'StatusBarAlignment',
    'RelativePattern',
    'WorkspaceEdit',
    'EnvironmentVariableMutatorType',
    'DebugConfigurationProviderTriggerKind',
    'DebugAdapterInlineImplementation',
    'CodeActionKind',
    'CodeAction',
    'Diagnostic',
    'DiagnosticSeverity',
    'ConfigurationTarget',
    'ProgressLocation',
    'version',
  ];
  return Object.fromEntries(names.map((n) => [n, make(n)]));
}

function fakeContext(): unknown {
  const state = new Map<string, unknown>();
  const memento = {
    get: (k: string) => state.get(k),
    update: async (k: string, v: unknown) => void state.set(k, v),
    keys: () => [...state.keys()],
  };
  return {
    subscriptions: [] as { dispose(): unknown }[],
    workspaceState: memento,
    globalState: memento,
    globalStorageUri: { fsPath: path.join(tmpdir(), 'gohealth-bench-storage') },
    extensionPath: ROOT,
    asAbsolutePath: (p: string) => path.join(ROOT, p),
    environmentVariableCollection: {},
  };
}

/** Module load + activate() of dist/extension.js, with `vscode` resolved to the stand-in. */
function measureActivation(runs: number): { cold: number; warmMedian: number } {
  const vscode = fakeVscode();
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const original = M._resolveFilename;
  M._resolveFilename = function (req: string, ...rest: unknown[]) {
    return req === 'vscode' ? 'vscode' : original.call(this, req, ...rest);
  };
  const vscodeModule = new Module('vscode');
  vscodeModule.exports = vscode;
  vscodeModule.loaded = true;
  M._cache['vscode'] = vscodeModule;
  const times: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      delete M._cache[EXTENSION];
      const t = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh CommonJS load is what is measured
      const ext = require(EXTENSION) as { activate(ctx: unknown): void };
      ext.activate(fakeContext());
      times.push(performance.now() - t);
    }
  } finally {
    M._resolveFilename = original;
    delete M._cache['vscode'];
  }
  return { cold: times[0]!, warmMedian: median(times.slice(1)) };
}

/** Save of a go.mod edit -> diagnostics published for it, on the server logic with the real engine and a warm cache. */
async function measureSaveToDiagnostics(runs: number): Promise<{ median: number; spawnsPerSave: number; typingMedian: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-bench-lsp-'));
  const mod = path.join(dir, 'app');
  mkdirSync(mod);
  const goMod = path.join(mod, 'go.mod');
  writeFileSync(path.join(mod, 'main.go'), 'package main\n\nfunc main() {}\n');
  writeFileSync(goMod, 'module example.com/app\n\ngo 1.99\n');
  const cache = new ProbeCache();
  let onPublish: ((uri: string) => void) | undefined;
  const service = new HealthService({
    host: nodeHost(),
    runCheck: runHealthCheck,
    cache,
    sendHealth: () => undefined,
    publishDiagnostics: (uri) => onPublish?.(uri),
  });
  try {
    service.setWorkspaceFolders([mod]);
    service.setSettings({ ...DEFAULT_SETTINGS, compareLoginShell: false });
    await service.runNow();
    await service.runNow();
    const uri = pathToUri(goMod);
    const times: number[] = [];
    const spawnsBefore = cache.spawnCount;
    for (let i = 0; i < runs; i++) {
      const published = new Promise<void>((resolve) => (onPublish = (u) => u === uri && resolve()));
      const t = performance.now();
      writeFileSync(goMod, `module example.com/app\n\ngo 1.${i % 2 ? 98 : 99}\n`);
      void service.saveDocument(uri);
      await published;
      times.push(performance.now() - t);
    }
    const spawnsPerSave = (cache.spawnCount - spawnsBefore) / runs;
    // Typing: the open document's text changes (no disk write); the run the pause would start is started directly.
    service.openDocument(uri, 'go.mod', 1, 'module example.com/app\n\ngo 1.99\n');
    const typing: number[] = [];
    for (let i = 0; i < runs; i++) {
      const published = new Promise<void>((resolve) => (onPublish = (u) => u === uri && resolve()));
      const t = performance.now();
      service.changeDocument(uri, i + 2, `module example.com/app\n\ngo 1.${i % 2 ? 98 : 97}\n`);
      void service.runNow();
      await published;
      typing.push(performance.now() - t);
    }
    return { median: median(times), spawnsPerSave, typingMedian: median(typing) };
  } finally {
    service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number>> {
  const act = measureActivation(20);
  console.log(
    `activation (load + activate), cold: ${fmt(act.cold)} (target <= 15 ms: ${verdict(act.cold <= 15)}); again, median of 20: ${fmt(act.warmMedian)}`,
  );
  const save = await measureSaveToDiagnostics(15);
  console.log(
    `save go.mod -> diagnostics, median of 15: ${fmt(save.median)} (target <= 50 ms: ${verdict(save.median <= 50)}; ${save.spawnsPerSave.toFixed(1)} go spawns per save)`,
  );
  console.log(`typing in go.mod -> diagnostics (after the debounce delay), median of 15: ${fmt(save.typingMedian)}`);
  return {
    activationColdMs: act.cold,
    activationWarmMedianMs: act.warmMedian,
    saveToDiagnosticsMedianMs: save.median,
    goSpawnsPerSave: save.spawnsPerSave,
    typingToDiagnosticsMedianMs: save.typingMedian,
  };
}

if (require.main === module) void run();
