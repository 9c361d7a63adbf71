// Whether a WSL distro can run the WSL half of a debug session: the wsl-area checks, run on that distro's facts alone.
import { blankFacts, type Facts, type WslConfigFact } from './facts';
import type { Finding } from './report';
import type { DistroProbe, WslDistro, WslFailure } from '../wsl/distros';
import { runChecks } from './checks/index';
import { DEBUG_READINESS_CHECK_IDS } from './checks/wsl';

interface DebugDistroState {
  /** The Windows machine the debugger runs on. */
  host: Pick<Facts['host'], 'arch' | 'cwd' | 'homedir'>;
  wslExe: string;
  /** The distro the user chose, as `wsl.exe --list --verbose` lists it. */
  distro: WslDistro;
  /** What a login shell inside it found. */
  probe: DistroProbe;
  transport: 'stdio' | 'tcp';
  /** %UserProfile%\.wslconfig (absent: the defaults). */
  wslconfig?: WslConfigFact;
}

export interface DebugReadiness {
  /** Set when the distro could not be looked into; nothing is known about it then. */
  probeFailure?: WslFailure;
  /** What stands between the distro and a working session, most basic first, each with its fixes. */
  findings: Finding[];
}

/** The same checks `gohealth check --wsl` and the editor run, on the chosen distro only. */
export function debugReadiness(state: DebugDistroState): DebugReadiness {
  if (state.probe.error) return { probeFailure: state.probe.error, findings: [] };
  const facts = blankFacts(
    { platform: 'win32', isWsl: false, arch: state.host.arch, cwd: state.host.cwd, homedir: state.host.homedir },
    { debuggingSetUp: true, debugDistro: state.distro.name, debugTransport: state.transport },
  );
  facts.windowsWsl = {
    wslExe: state.wslExe,
    probed: true,
    distros: [state.distro],
    debugDistro: state.distro.name,
    distroProbe: state.probe,
    ...(state.wslconfig ? { wslconfig: state.wslconfig } : {}),
  };
  const findings = runChecks(facts, { only: DEBUG_READINESS_CHECK_IDS });
  const order = (id: string) => (DEBUG_READINESS_CHECK_IDS as readonly string[]).indexOf(id);
  return { findings: findings.sort((a, b) => order(a.id) - order(b.id)) };
}
