// Pre-flight for Windows + WSL debugging: what a distro lacks (go, dlv, WSL 2, localhost forwarding) and the fix offered for each.
import type { DistroProbe } from '../wsl/distros';
import type { WslConfig } from '../wsl/wslconf';
import type { BridgeTransport } from './launchAttributes';

export const DLV_MODULE = 'github.com/go-delve/delve/cmd/dlv@latest';

export type PreflightFix =
  /** Runs in a visible terminal after the user confirms. */
  | { kind: 'run-command'; title: string; command: string; args: string[] }
  /** Shown as commands to copy; never run by the extension (some need an elevated prompt). */
  | { kind: 'instructions'; title: string; text: string; commands: string[] };

export interface PreflightProblem {
  id: 'probe-failed' | 'bash-missing' | 'go-missing' | 'dlv-missing' | 'wsl-version-1' | 'localhost-forwarding-off';
  message: string;
  fix?: PreflightFix;
}

export interface PreflightInput {
  probe: DistroProbe;
  wslExecutable: string;
  transport: BridgeTransport;
  /** The VERSION column of `wsl --list --verbose` for the distro, when known. */
  listedVersion?: 1 | 2;
  /** %UserProfile%\.wslconfig, when there is one (its absence means the defaults: forwarding on). */
  wslConfig?: Pick<WslConfig, 'localhostForwarding' | 'networkingMode' | 'windowsReachesWslLocalhost'>;
  wslConfigPath?: string;
}

/** The command line that installs Delve inside the distro, through its login shell (so its own go and GOPATH are used). */
export function installDlvCommand(wslExecutable: string, distro: string): { command: string; args: string[] } {
  return { command: wslExecutable, args: ['-d', distro, '--', 'bash', '-lc', `go install ${DLV_MODULE}`] };
}

/**
 * What stands between this distro and a working WSL half, in the order worth fixing. The probe ran in the
 * same bash login shell as the debug relay, so it saw the same PATH; none of them stops the user, who
 * may know better (a dlvPath, a PATH set elsewhere).
 */
export function dualDebugPreflight(input: PreflightInput): PreflightProblem[] {
  const { probe, wslExecutable } = input;
  const distro = probe.distro;
  const problems: PreflightProblem[] = [];
  if (probe.error) {
    problems.push({ id: 'probe-failed', message: `Go Health could not look inside the WSL distro "${distro}": ${probe.error.message}` });
    return problems;
  }
  // The login shell the probe ran in; when it could not tell, the relay's bash is assumed.
  const shell = probe.loginShell ?? 'bash';
  if (shell === 'sh') {
    problems.push({
      id: 'bash-missing',
      message: `The WSL distro "${distro}" has no bash, and Go Health starts Delve there through a bash login shell.`,
      fix: {
        kind: 'instructions',
        title: `Install bash in ${distro}`,
        text: `Install bash with the distro's package manager, in a ${distro} terminal:`,
        commands: ['sudo apk add bash    # Alpine', 'sudo apt-get install bash    # Debian, Ubuntu'],
      },
    });
  }
  if (!probe.go) {
    problems.push({
      id: 'go-missing',
      message: `No go command was found in the WSL distro "${distro}" (on the PATH of its ${shell} login shell). Delve needs it to build the program there.`,
      fix: {
        kind: 'instructions',
        title: `Install Go in ${distro}`,
        text: `Install Go inside the distro (https://go.dev/doc/install), and make sure a login shell finds it (PATH in ~/.profile, or ~/.bash_profile if you have one). For example, in a ${distro} terminal:`,
        commands: [
          'curl -fsSLO https://go.dev/dl/go1.26.8.linux-amd64.tar.gz && sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.26.8.linux-amd64.tar.gz',
          "echo 'export PATH=$PATH:/usr/local/go/bin:$HOME/go/bin' >> ~/.profile",
        ],
      },
    });
  }
  if (!probe.dlv) {
    const { command, args } = installDlvCommand(wslExecutable, distro);
    problems.push({
      id: 'dlv-missing',
      message: `Delve (dlv) was not found on the PATH of the ${shell} login shell of the WSL distro "${distro}", nor in its GOPATH/bin.`,
      ...(probe.go ? { fix: { kind: 'run-command' as const, title: `Install Delve in ${distro}`, command, args } } : {}),
    });
  }
  const version = probe.wslVersion ?? input.listedVersion;
  if (version === 1) {
    problems.push({
      id: 'wsl-version-1',
      message: `"${distro}" runs under WSL 1, where Delve cannot debug reliably (breakpoints and stepping need WSL 2's real Linux kernel).`,
      fix: {
        kind: 'instructions',
        title: `Convert ${distro} to WSL 2`,
        text: `Convert the distro in a Windows terminal (PowerShell or Command Prompt; it can take several minutes and needs the Virtual Machine Platform feature):`,
        commands: [`wsl --set-version ${distro} 2`],
      },
    });
  }
  if (input.transport === 'tcp' && input.wslConfig && !input.wslConfig.windowsReachesWslLocalhost) {
    const where = input.wslConfigPath ?? '%UserProfile%\\.wslconfig';
    problems.push({
      id: 'localhost-forwarding-off',
      message: `The launch configuration uses "transport": "tcp", but ${where} turns WSL localhost forwarding off${input.wslConfig.networkingMode !== 'nat' ? ` (networkingMode=${input.wslConfig.networkingMode})` : ''}, so Windows cannot reach Delve inside WSL.`,
      fix: {
        kind: 'instructions',
        title: 'Turn localhost forwarding on, or use the stdio transport',
        text: `Either set, in ${where}, under [wsl2]: localhostForwarding=true, then restart WSL; or remove "transport": "tcp" from the WSL configuration (the stdio transport needs no network).`,
        commands: ['wsl --shutdown'],
      },
    });
  }
  return problems;
}
