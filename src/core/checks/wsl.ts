// Checks of the wsl area: Windows' go.exe in a WSL shell, WSL 1 distros, the debug distro's go and dlv, localhost forwarding, VirtualStore copies of Go.
import type { Facts, GoInstallation, WindowsWslFacts } from '../facts';
import { latestPatch } from '../releases';
import { languageVersion, parseGoVersion } from '../goversion';
import { goReleaseFix, instructionsFix, persistentPrependPathInstructions, terminalPrependPathFix } from '../fixes';
import { commandLine, powerShellString } from '../../platform/shell';
import type { Fix, InstructionsFix } from '../report';
import { onWindowsDrive } from './caches';
import { finding, type CheckDefinition } from './types';
import { dirOf } from '../paths';
import { newestGo, releasesOf } from './util';

/** The newest patch of the minor a go runs (go1.26.8 -> 1.26.11), else the newest release, for installing Go afresh elsewhere. */
function sameMinorRelease(facts: Facts, goVersion: string | undefined): string {
  const v = parseGoVersion(goVersion);
  return (v && latestPatch(releasesOf(facts), languageVersion(v))) ?? newestGo(facts);
}

const DLV_PACKAGE = 'github.com/go-delve/delve/cmd/dlv';

/** A go that is really Windows' go.exe: found as go.exe on a drive, or a `go` link that resolves to one. */
function isWindowsGo(g: GoInstallation, automountRoot: string): boolean {
  return !!g.windowsExe || (/\.exe$/i.test(g.realPath) && onWindowsDrive(g.realPath, automountRoot));
}

export const wslWindowsGo: CheckDefinition = {
  id: 'wsl-windows-go',
  area: 'wsl',
  severity: 'warning',
  where: 'wsl',
  fixKinds: ['terminal-env', 'instructions'],
  summary: "The first go on PATH in WSL is Windows' go.exe under the drive mount",
  help: "Inside WSL, Windows' PATH is appended by interop, so C:\\Program Files\\Go\\bin\\go.exe can come first. Run through interop, the Windows go sees Linux paths it cannot use, builds Windows binaries and keeps its caches on the Windows drive. Install Go inside the distro and put its bin directory first on PATH.",
  run(facts) {
    const root = facts.wsl?.automountRoot ?? '/mnt/';
    const byPath = [...facts.goInstallations].sort((a, b) => (a.pathIndex ?? Infinity) - (b.pathIndex ?? Infinity));
    const first = byPath[0];
    const active = facts.activeGo;
    const windowsGo = first && isWindowsGo(first, root) ? first : active && isWindowsGo(active, root) ? active : undefined;
    if (!windowsGo) return [];
    const linuxGo = byPath.find((g) => !isWindowsGo(g, root));
    const candidate = (facts.goCandidates ?? []).find((c) => !/\.exe$/i.test(c) && !onWindowsDrive(c, root));
    const linuxDir = linuxGo ? dirOf(linuxGo.path, false) : candidate ? dirOf(candidate, false) : undefined;
    const fixes: Fix[] = linuxDir
      ? [terminalPrependPathFix(linuxDir), persistentPrependPathInstructions(facts, linuxDir)]
      : [goReleaseFix(facts, sameMinorRelease(facts, windowsGo.goVersion), 'install')];
    const how = windowsGo.windowsExe
      ? `${windowsGo.path} (Windows' PATH, appended by WSL interop)`
      : `${windowsGo.path}, a link to Windows' ${windowsGo.realPath}`;
    const linuxPart = linuxGo
      ? `The Linux go ${linuxGo.path}${linuxGo.goVersion ? ` (${linuxGo.goVersion})` : ''} comes later on PATH; put ${linuxDir} first so every program and alias finds it before Windows' one.`
      : candidate
        ? `A Linux go exists at ${candidate} but is not on PATH; put ${linuxDir} first on PATH.`
        : 'There is no Linux go in this distro: install one (the official archive in /usr/local/go) and put its bin directory first on PATH.';
    return [
      finding(this, {
        title: `The first go on PATH is Windows' go.exe (${windowsGo.path})`,
        detail: `The first Go on PATH in this WSL distro is ${how}. Run through interop, a Windows go cannot use Linux paths such as ${facts.host.cwd}, builds Windows binaries and keeps its caches on the Windows drive, so builds, tests and debugging in WSL fail or crawl. ${linuxPart}`,
        evidence: {
          windowsGo: { path: windowsGo.path, realPath: windowsGo.realPath, pathIndex: windowsGo.pathIndex, goVersion: windowsGo.goVersion },
          ...(linuxGo ? { linuxGo: { path: linuxGo.path, pathIndex: linuxGo.pathIndex, goVersion: linuxGo.goVersion } } : {}),
          ...(candidate && !linuxGo ? { linuxGoNotOnPath: candidate } : {}),
          automountRoot: root,
        },
        fixes,
      }),
    ];
  },
};

/** `wsl --set-version <distro> 2`, run from Windows with the distro stopped. */
function setVersion2Fix(distro: string): Fix {
  return instructionsFix(
    'wsl-set-version-2',
    `Convert ${distro} to WSL 2`,
    [
      `In PowerShell on Windows, stop the distro and convert it (this copies its files into a virtual disk and can take several minutes).`,
      'If wsl.exe says the Virtual Machine Platform is missing, run `wsl --install --no-distribution` in an elevated PowerShell first and restart Windows.',
    ],
    [
      { shell: 'powershell', text: `wsl --terminate ${powerShellString(distro)}` },
      { shell: 'powershell', text: `wsl --set-version ${powerShellString(distro)} 2` },
    ],
  );
}

const WSL1_CONSEQUENCE =
  'Delve does not support WSL 1 (it lacks the ptrace features Delve needs), so debugging Go there fails; WSL 2 runs a real Linux kernel.';

export const wslVersion1: CheckDefinition = {
  id: 'wsl-version-1',
  area: 'wsl',
  severity: 'warning',
  where: 'windows-wsl',
  fixKinds: ['instructions'],
  summary: 'A WSL distro runs as WSL 1, where Delve does not work',
  help: `${WSL1_CONSEQUENCE} Convert the distro with \`wsl --set-version <distro> 2\` from PowerShell on Windows.`,
  run(facts) {
    if (facts.host.isWsl) {
      if (facts.wsl?.wslVersion !== 1) return [];
      const distro = facts.wsl.distro ?? 'this distro';
      return [
        finding(this, {
          title: `${distro} runs as WSL 1`,
          detail: `This distro (${distro}) runs as WSL 1: its kernel release is ${facts.wsl.kernelRelease}. ${WSL1_CONSEQUENCE} Convert it from PowerShell on Windows: wsl --set-version ${distro} 2.`,
          evidence: { distro, kernelRelease: facts.wsl.kernelRelease, wslVersion: 1 },
          fixes: [setVersion2Fix(distro)],
        }),
      ];
    }
    const ww = facts.windowsWsl;
    // For the debug distro, the kernel its login shell saw says more than wsl.exe's VERSION column.
    const versionOf = (d: { name: string; version: number }) =>
      d.name === ww?.distroProbe?.distro ? (ww.distroProbe.wslVersion ?? d.version) : d.version;
    return (ww?.distros ?? [])
      .filter((d) => versionOf(d) === 1)
      .map((d) =>
        finding(this, {
          title: `${d.name} runs as WSL 1`,
          detail: `wsl.exe --list --verbose shows ${d.name} with VERSION 1${d.name === ww?.debugDistro ? ', and it is the distro chosen for debugging' : ''}. ${WSL1_CONSEQUENCE} Convert it: wsl --set-version ${d.name} 2.`,
          evidence: {
            distro: d.name,
            state: d.state,
            version: d.version,
            isDefault: d.isDefault,
            debugDistro: d.name === ww?.debugDistro,
            wslExe: ww?.wslExe,
          },
          fixes: [setVersion2Fix(d.name)],
        }),
      );
  },
};

/** The debug distro's probe result, when it was read without failure. */
function debugDistroProbe(
  facts: Facts,
): { ww: WindowsWslFacts; distro: string; probe: NonNullable<WindowsWslFacts['distroProbe']> } | undefined {
  const ww = facts.windowsWsl;
  if (!ww?.distroProbe || ww.failure) return undefined;
  return { ww, distro: ww.distroProbe.distro, probe: ww.distroProbe };
}

function distroEvidence(ww: WindowsWslFacts, distro: string): Record<string, unknown> {
  const probe = ww.distroProbe;
  return {
    distro,
    chosenBy: ww.debugDistro && ww.debugDistro !== ww.defaultDistro ? 'setting' : 'default distro',
    wslExe: ww.wslExe,
    ...(probe?.kernelRelease ? { kernelRelease: probe.kernelRelease } : {}),
    ...(probe?.machine ? { machine: probe.machine } : {}),
    ...(probe?.go ? { go: probe.go } : {}),
    ...(probe?.dlv ? { dlv: probe.dlv } : {}),
  };
}

/** Node's arch names for a distro's `uname -m`, so install instructions pick the right archive. */
function archOfMachine(machine: string | undefined): string {
  return (
    ({ x86_64: 'x64', amd64: 'x64', aarch64: 'arm64', arm64: 'arm64', i686: 'ia32', i386: 'ia32' } as Record<string, string>)[
      machine ?? ''
    ] ?? 'x64'
  );
}

export const wslDistroNoGo: CheckDefinition = {
  id: 'wsl-distro-no-go',
  area: 'wsl',
  severity: 'warning',
  where: 'windows',
  fixKinds: ['instructions'],
  summary: 'The WSL distro chosen for debugging has no go on its login-shell PATH',
  help: 'Debugging in WSL builds the program with the go inside the distro, found the way a login shell finds it. Install Go in the distro (the official archive in /usr/local/go) and add its bin directory to PATH in ~/.profile.',
  run(facts) {
    const found = debugDistroProbe(facts);
    if (!found || found.probe.go) return [];
    const { ww, distro, probe } = found;
    const version = sameMinorRelease(facts, facts.activeGo?.goVersion);
    const install = goReleaseFix(
      { host: { ...facts.host, platform: 'linux', isWsl: true, arch: archOfMachine(probe.machine) } },
      version,
      'install',
      { id: 'install-go-in-distro' },
    ) as InstructionsFix;
    const fix = instructionsFix(
      install.id,
      `Install Go ${version} in ${distro}`,
      [
        `Open a shell in the distro (\`wsl -d ${distro}\` in PowerShell) and run the commands below there.`,
        ...install.steps.slice(1),
        'The last command makes login shells (which the debugger starts) find go.',
      ],
      [...(install.commands ?? []), { shell: 'sh', text: `echo 'export PATH=/usr/local/go/bin:"$HOME/go/bin:$PATH"' >> ~/.profile` }],
    );
    return [
      finding(this, {
        title: `No go in the WSL distro ${distro}`,
        detail: `A login shell in ${distro}, the distro chosen for debugging, finds no go on its PATH, so a debug session there cannot build the program. Install Go ${version} in ${distro} (matching ${facts.activeGo ? 'the Windows side' : 'the newest release'}) and add /usr/local/go/bin to PATH in ~/.profile.`,
        evidence: distroEvidence(ww, distro),
        fixes: [fix],
      }),
    ];
  },
};

export const wslDistroNoDlv: CheckDefinition = {
  id: 'wsl-distro-no-dlv',
  area: 'wsl',
  severity: 'warning',
  where: 'windows',
  fixKinds: ['run-command'],
  summary: 'The WSL distro chosen for debugging has no dlv',
  help: 'Debugging in WSL runs Delve (dlv) inside the distro. Install it there with `go install github.com/go-delve/delve/cmd/dlv@latest` (run inside the distro, e.g. through wsl.exe).',
  run(facts) {
    const found = debugDistroProbe(facts);
    if (!found || found.probe.dlv) return [];
    const { ww, distro, probe } = found;
    const go = probe.go?.path ?? 'go';
    const install = `go install ${DLV_PACKAGE}@latest`;
    return [
      finding(this, {
        title: `No dlv in the WSL distro ${distro}`,
        detail: `Neither a login shell's PATH nor GOPATH/bin in ${distro}, the distro chosen for debugging, holds dlv, so a debug session there cannot start. ${probe.go ? `Install it with the distro's go (${probe.go.path}${probe.go.version ? `, ${probe.go.version}` : ''})` : 'Install Go in the distro first (see wsl-distro-no-go), then install it'}: ${install}.`,
        evidence: distroEvidence(ww, distro),
        fixes: probe.go ? [installDlvInDistroFix(ww.wslExe, distro, go)] : [],
      }),
    ];
  },
};

/**
 * `go install` of Delve inside the distro, in the bash login shell the debug relay also starts (so dlv lands
 * where the relay looks). wsl.exe's `--exec` runs bash without the distro's default shell in between, and the
 * go path travels as bash's `$1`, never as part of the script: nothing in it is parsed by a shell.
 */
function installDlvInDistroFix(wslExe: string, distro: string, go: string): Fix {
  return {
    id: 'install-dlv-in-distro',
    title: `Install dlv in ${distro}: go install ${DLV_PACKAGE}@latest`,
    kind: 'run-command',
    command: wslExe,
    args: ['-d', distro, '--exec', 'bash', '-lc', `"$1" install ${DLV_PACKAGE}@latest`, 'gohealth-install-dlv', go],
  };
}

/** The command that installs bash as root in a distro of this family, when the family is known. */
function installBashCommand(os: { id: string; like: string[] } | undefined): string[] | undefined {
  const family = [os?.id ?? '', ...(os?.like ?? [])];
  if (family.includes('alpine')) return ['apk', 'add', 'bash'];
  if (family.some((f) => f === 'debian' || f === 'ubuntu')) return ['apt-get', 'install', '-y', 'bash'];
  if (family.some((f) => ['fedora', 'rhel', 'centos'].includes(f))) return ['dnf', 'install', '-y', 'bash'];
  if (family.some((f) => f === 'suse' || f.startsWith('opensuse'))) return ['zypper', '--non-interactive', 'install', 'bash'];
  if (family.includes('arch')) return ['pacman', '-S', '--noconfirm', 'bash'];
  return undefined;
}

export const wslDistroNoBash: CheckDefinition = {
  id: 'wsl-distro-no-bash',
  area: 'wsl',
  severity: 'warning',
  where: 'windows',
  fixKinds: ['instructions'],
  summary: 'The WSL distro chosen for debugging has no bash, which starts Delve there',
  help: 'The debug bridge starts Delve inside the distro through a bash login shell (bash relays the debugger\'s messages over wsl.exe\'s standard streams, so no port or firewall rule is needed). Distros without bash, such as a minimal Alpine, need it installed with their package manager, or the launch configuration\'s "transport": "tcp".',
  run(facts) {
    const found = debugDistroProbe(facts);
    if (!found || found.probe.loginShell !== 'sh') return [];
    const { ww, distro, probe } = found;
    const install = installBashCommand(probe.os);
    const command = install && commandLine(ww.wslExe, ['-d', distro, '-u', 'root', '--exec', ...install], 'powershell');
    return [
      finding(this, {
        title: `No bash in the WSL distro ${distro}`,
        detail: `${distro}, the distro chosen for debugging, has no bash, and the debug bridge starts Delve there through a bash login shell. ${install ? `Install bash as root with ${install[0]}` : "Install bash with the distro's package manager"}, or set "transport": "tcp" in the WSL launch configuration.`,
        evidence: { ...distroEvidence(ww, distro), ...(probe.os ? { os: probe.os.id } : {}) },
        fixes: [
          instructionsFix(
            'install-bash-in-distro',
            `Install bash in ${distro}`,
            command
              ? ['Run this in PowerShell on Windows: it runs the package manager inside the distro as its root user.']
              : [
                  `Open a root shell in the distro (\`wsl -d ${distro} -u root\` in PowerShell) and install the bash package with its package manager.`,
                ],
            command ? [{ shell: 'powershell', text: command }] : undefined,
          ),
        ],
      }),
    ];
  },
};

export const wslLocalhostForwardingOff: CheckDefinition = {
  id: 'wsl-localhost-forwarding-off',
  area: 'wsl',
  severity: 'warning',
  where: 'windows',
  fixKinds: ['edit-file', 'instructions'],
  summary: '.wslconfig turns localhost forwarding off while the debug bridge uses TCP',
  help: "The delve-bridge TCP transport connects from Windows to dlv listening on 127.0.0.1 inside WSL 2, which reaches it only through WSL's localhost forwarding. With `localhostForwarding=false` in %UserProfile%\\.wslconfig (NAT networking) the connection fails. Turn forwarding back on (then `wsl --shutdown`), or use the stdio transport.",
  run(facts) {
    const conf = facts.windowsWsl?.wslconfig;
    if (facts.context.debugTransport !== 'tcp' || !conf?.exists || conf.windowsReachesWslLocalhost) return [];
    const at = conf.localhostForwardingLine;
    const fixes: Fix[] = [];
    if (at) {
      fixes.push({
        id: 'enable-localhost-forwarding',
        title: `Set localhostForwarding=true in ${conf.path}`,
        kind: 'edit-file',
        file: conf.path,
        edits: [{ line: at.line, column: 1, endLine: at.line, endColumn: at.text.length + 1, newText: 'localhostForwarding=true' }],
      });
    }
    fixes.push(
      instructionsFix(
        'restart-wsl',
        'Restart WSL so .wslconfig is read again',
        [
          at
            ? 'After the edit, shut WSL down so its next start reads the file (this stops every running distro).'
            : `Set localhostForwarding=true under [wsl2] in ${conf.path}, then shut WSL down so its next start reads the file (this stops every running distro).`,
          'Or leave forwarding off and set "transport": "stdio" in the delve-bridge launch configuration: the stdio relay needs no network.',
        ],
        [{ shell: 'powershell', text: 'wsl --shutdown' }],
      ),
    );
    return [
      finding(this, {
        title: 'WSL localhost forwarding is off, but debugging uses the TCP transport',
        detail: `${conf.path} sets localhostForwarding=false${conf.networkingMode !== 'nat' ? ` (networkingMode=${conf.networkingMode})` : ''}, so Windows cannot reach 127.0.0.1 inside WSL 2 and the delve-bridge TCP transport cannot connect to dlv. Turn forwarding on and run \`wsl --shutdown\`, or switch the launch configuration to "transport": "stdio".`,
        evidence: { wslconfig: conf.path, localhostForwarding: false, networkingMode: conf.networkingMode, debugTransport: 'tcp' },
        ...(at ? { location: { file: conf.path, line: at.line, column: 1, endColumn: at.text.length + 1 } } : {}),
        fixes,
      }),
    ];
  },
};

export const windowsGoVirtualStore: CheckDefinition = {
  id: 'windows-go-virtualstore',
  area: 'wsl',
  severity: 'info',
  where: 'windows',
  fixKinds: ['instructions'],
  summary: 'Copies of Go files exist under %LOCALAPPDATA%\\VirtualStore',
  help: 'When a legacy 32-bit program writes to C:\\Program Files without administrator rights, Windows silently redirects the write to %LOCALAPPDATA%\\VirtualStore, and such programs then read those copies instead of the real files. Copies of Go files there mean an update or edit never reached the real installation. Remove the VirtualStore folder and reinstall Go with the official installer.',
  run(facts) {
    return (facts.virtualStore ?? []).map((dir) => {
      const programFiles = dir.path.replace(/^.*\\VirtualStore\\/i, 'C:\\');
      return finding(this, {
        title: `Copies of Go files in ${dir.path}`,
        detail: `${dir.path} holds ${dir.countCapped ? 'at least ' : ''}${dir.fileCount} file${dir.fileCount === 1 ? '' : 's'}: a program without administrator rights wrote them instead of changing ${programFiles}, so that installation did not get the change, and 32-bit programs see the copies instead of the real files. Remove the folder; reinstall Go with the official installer if you meant to update it.`,
        evidence: {
          path: dir.path,
          fileCount: dir.fileCount,
          ...(dir.countCapped ? { countCapped: true } : {}),
          examples: dir.examples,
          shadows: programFiles,
        },
        fixes: [
          instructionsFix(
            'remove-virtualstore-go',
            `Remove ${dir.path}`,
            ['Look at what is there (first command), then delete the folder (second). Both run in your own profile and need no elevation.'],
            [
              {
                shell: 'powershell',
                text: `Get-ChildItem -LiteralPath ${powerShellString(dir.path)} -Recurse -File | Select-Object -First 50 FullName, LastWriteTime`,
              },
              { shell: 'powershell', text: `Remove-Item -LiteralPath ${powerShellString(dir.path)} -Recurse -Force` },
            ],
          ),
        ],
      });
    });
  },
};

export const WSL_CHECKS: readonly CheckDefinition[] = [
  wslWindowsGo,
  wslVersion1,
  wslDistroNoBash,
  wslDistroNoGo,
  wslDistroNoDlv,
  wslLocalhostForwardingOff,
  windowsGoVirtualStore,
];

/** The checks that say whether the distro chosen for debugging can run the WSL half of a session, in the order worth fixing. */
export const DEBUG_READINESS_CHECK_IDS = [
  wslDistroNoBash.id,
  wslDistroNoGo.id,
  wslDistroNoDlv.id,
  wslVersion1.id,
  wslLocalhostForwardingOff.id,
] as const;
