// Reads a workspace's launch.json for what the checks need to know about debugging: is Go debugging set up, and across WSL?
import { parseJsonc } from '../shared/jsonc';

export interface DebugSetup {
  /** A `go` or `delve-bridge` configuration exists, so a missing dlv is a warning. */
  debuggingSetUp: boolean;
  /** A `delve-bridge` configuration targets WSL, so the distros are worth probing from Windows. */
  probeWsl: boolean;
  debugDistro?: string;
  debugTransport?: 'stdio' | 'tcp';
}

interface LaunchConfiguration {
  type?: unknown;
  target?: unknown;
  distro?: unknown;
  transport?: unknown;
}

/** Merges what every folder's launch.json says; a file that does not parse says nothing. */
export function debugSetupFrom(launchJsonTexts: readonly (string | undefined)[]): DebugSetup {
  const setup: DebugSetup = { debuggingSetUp: false, probeWsl: false };
  for (const text of launchJsonTexts) {
    if (!text) continue;
    // A file nested too deeply to parse safely says nothing, like one that does not parse.
    const doc = parseJsonc(text) as { configurations?: unknown } | undefined;
    const configurations = Array.isArray(doc?.configurations) ? (doc.configurations as LaunchConfiguration[]) : [];
    for (const c of configurations) {
      if (!c || typeof c !== 'object') continue;
      if (c.type === 'go' || c.type === 'delve-bridge') setup.debuggingSetUp = true;
      if (c.type === 'delve-bridge' && c.target === 'wsl') {
        setup.probeWsl = true;
        if (typeof c.distro === 'string' && c.distro && !setup.debugDistro) setup.debugDistro = c.distro;
        if ((c.transport === 'tcp' || c.transport === 'stdio') && !setup.debugTransport) setup.debugTransport = c.transport;
      }
    }
  }
  return setup;
}
