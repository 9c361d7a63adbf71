// Registers delve-bridge with VS Code (adapter factory, configuration providers, the one-click command); the work lives in a bundle loaded at first use.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CommandDeps } from './commands';
import { COMMANDS } from '../shared/commands';
import type { FixManager } from './fixes';
import { canDebugWindowsAndWsl } from './debugModel';

const DELVE_BRIDGE = 'delve-bridge';

type DebugFlow = typeof import('./debugFlow');
let flow: DebugFlow | undefined;

/** dist/debugFlow.js sits next to this bundle; activation does not parse it (debugging is rare next to checking). */
function debugFlow(): DebugFlow {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  flow ??= require(path.join(__dirname, 'debugFlow.js')) as DebugFlow;
  return flow;
}

/**
 * Windows + WSL debugging works on Windows (wsl.exe runs there), or where goHealth.wslExecutable names a program
 * that behaves like it; elsewhere its entry points (view button, palette, walkthrough step, dynamic
 * configurations) are hidden and the command explains why.
 */
export function windowsAndWslAvailable(): boolean {
  return canDebugWindowsAndWsl(process.platform, vscode.workspace.getConfiguration('goHealth').get<string>('wslExecutable'));
}

function setAvailability(): void {
  void vscode.commands.executeCommand('setContext', 'goHealth.canDebugWindowsAndWsl', windowsAndWslAvailable());
}

/** Logs the bridge's sessions: start with what they debug, where Delve stops, how they end. */
function sessionTracker(log: vscode.LogOutputChannel): vscode.DebugAdapterTrackerFactory {
  return {
    createDebugAdapterTracker: (session) => {
      const c = session.configuration as { target?: string; distro?: string; program?: string; mode?: string; request?: string };
      const name = `debug session "${session.name}"`;
      log.info(
        `${name} starting: ${c.request ?? 'launch'} ${c.mode ?? 'debug'} ${c.program ?? ''} with Delve ${c.target === 'wsl' ? `in WSL (${c.distro ?? 'default distro'})` : 'on this machine'}`,
      );
      return {
        onDidSendMessage: (m: {
          type?: string;
          event?: string;
          body?: Record<string, unknown>;
          command?: string;
          success?: boolean;
          message?: string;
        }) => {
          if (m.type === 'event' && m.event === 'stopped') log.info(`${name}: stopped (${String(m.body?.reason ?? '?')})`);
          else if (m.type === 'event' && m.event === 'exited')
            log.info(`${name}: the program exited with ${String(m.body?.exitCode ?? '?')}`);
          else if (m.type === 'event' && m.event === 'terminated') log.info(`${name}: terminated`);
          else if (m.type === 'event' && m.event === 'initialized') log.debug(`${name}: Delve is ready`);
          else if (m.type === 'response' && m.success === false) log.warn(`${name}: ${m.command ?? 'request'} failed: ${m.message ?? ''}`);
        },
        onError: (e) => log.error(`${name}: ${e.message}`),
        onExit: (code, signal) =>
          log.info(`${name}: the adapter ended${code !== undefined ? ` (exit ${code})` : ''}${signal ? ` (${signal})` : ''}`),
      };
    },
  };
}

/** The adapter factory and the configuration providers; each disposable is the extension's to dispose. */
export function registerDebugging(fixes: FixManager, log: vscode.LogOutputChannel): vscode.Disposable[] {
  setAvailability();
  return [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('goHealth.wslExecutable')) setAvailability();
    }),
    vscode.debug.registerDebugAdapterTrackerFactory(DELVE_BRIDGE, sessionTracker(log)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DELVE_BRIDGE, {
      createDebugAdapterDescriptor: () => debugFlow().createInlineAdapter(),
    }),
    vscode.debug.registerDebugConfigurationProvider(DELVE_BRIDGE, {
      resolveDebugConfiguration: (folder, config) => debugFlow().resolveConfiguration(fixes, folder, config),
    }),
    vscode.debug.registerDebugConfigurationProvider(
      DELVE_BRIDGE,
      {
        provideDebugConfigurations: (folder, token) => (windowsAndWslAvailable() ? debugFlow().dynamicConfigurations(folder, token) : []),
      },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
  ];
}

export const DEBUG_COMMAND_TABLE: Record<string, (deps: CommandDeps, ...args: unknown[]) => unknown> = {
  [COMMANDS.debugWindowsAndWsl]: ({ fixes }) => debugFlow().debugWindowsAndWsl(fixes),
};

/** Ends the in-process debug sessions still running, if any were ever started. */
export async function stopInlineDebugAdapters(): Promise<void> {
  await flow?.stopInlineDebugAdapters();
}
