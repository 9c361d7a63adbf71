// Registers delve-bridge with VS Code (adapter factory, configuration providers, the one-click command); the work lives in a bundle loaded at first use.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CommandDeps } from './commands';
import { COMMANDS } from '../shared/commands';
import type { FixManager } from './fixes';

const DELVE_BRIDGE = 'delve-bridge';

type DebugFlow = typeof import('./debugFlow');
let flow: DebugFlow | undefined;

/** dist/debugFlow.js sits next to this bundle; activation does not parse it (debugging is rare next to checking). */
function debugFlow(): DebugFlow {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  flow ??= require(path.join(__dirname, 'debugFlow.js')) as DebugFlow;
  return flow;
}

/** The adapter factory and the configuration providers; each disposable is the extension's to dispose. */
export function registerDebugging(fixes: FixManager): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DELVE_BRIDGE, {
      createDebugAdapterDescriptor: () => debugFlow().createInlineAdapter(),
    }),
    vscode.debug.registerDebugConfigurationProvider(DELVE_BRIDGE, {
      resolveDebugConfiguration: (folder, config) => debugFlow().resolveConfiguration(fixes, folder, config),
    }),
    vscode.debug.registerDebugConfigurationProvider(
      DELVE_BRIDGE,
      { provideDebugConfigurations: (folder, token) => debugFlow().dynamicConfigurations(folder, token) },
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
