// Pure parts of the VS Code debugging face (no 'vscode' import: unit-tested): wsl.exe resolution, distro choices, configuration defaults, pre-flight text.
import type { DistroList } from '../wsl/distros';
import { DELVE_BRIDGE_TYPE, WINDOWS_AND_WSL_ATTRIBUTE } from '../debug/launchConfig';
import type { DebugReadiness } from '../core/debugReadiness';
import type { Finding, Fix } from '../core/report';

/** Whether the Windows + WSL entry points can work here: on Windows, or with a wsl.exe-like program configured. */
export function canDebugWindowsAndWsl(platform: NodeJS.Platform, wslExecutableSetting: string | undefined): boolean {
  return platform === 'win32' || !!wslExecutableSetting?.trim();
}

/** Why the one-click Windows + WSL debugging is not offered here, written for the user on this system. */
export function windowsAndWslUnavailableMessage(platform: NodeJS.Platform, insideWsl: boolean): string {
  if (insideWsl)
    return 'Debugging on Windows and WSL at once starts from the Windows side: open this folder in VS Code on Windows (File > Open Folder, \\\\wsl.localhost\\<distro>\\…) and run "Go Health: Debug on Windows and WSL" there. Inside WSL, debug with a delve-bridge configuration ("Launch package").';
  return `Debugging on Windows and WSL at once needs Windows with WSL 2; this is ${platform === 'darwin' ? 'macOS' : platform === 'linux' ? 'Linux' : platform}. Debug here with a delve-bridge "Launch package" configuration (Run and Debug > create a launch.json file).`;
}

export const NEEDS_WSL_MESSAGE = windowsAndWslUnavailableMessage(process.platform, false);

/**
 * The wsl.exe to run: the machine-scoped setting when set (it must be absolute: never searched for),
 * else `%SystemRoot%\System32\wsl.exe` on Windows, else nothing.
 */
export function resolveWslExecutable(
  setting: string | undefined,
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): { path: string } | { error: string } {
  const configured = setting?.trim();
  if (configured) {
    const absolute = platform === 'win32' ? /^[A-Za-z]:[\\/]|^\\\\/.test(configured) : configured.startsWith('/');
    if (!absolute) return { error: `The goHealth.wslExecutable setting must be an absolute path, not "${configured}".` };
    return { path: configured };
  }
  if (platform !== 'win32') return { error: windowsAndWslUnavailableMessage(platform, !!env.WSL_DISTRO_NAME) };
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows';
  return { path: `${systemRoot.replace(/[\\/]+$/, '')}\\System32\\wsl.exe` };
}

interface DistroPickItem {
  label: string;
  description: string;
  distro: string;
  version: 1 | 2;
}

/** The distros to choose from, the default one first, each with its WSL version and state. */
export function distroPickItems(list: DistroList): DistroPickItem[] {
  const ordered = [...list.distros].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return ordered.map((d) => ({
    label: d.name,
    description: [d.isDefault ? 'default' : undefined, `WSL ${d.version}`, d.state].filter(Boolean).join(' · '),
    distro: d.name,
    version: d.version,
  }));
}

/** `''` for `${workspaceFolder}`, `cmd/server` for `${workspaceFolder}/cmd/server`; undefined for anything else. */
export function relativePackageFromProgram(program: unknown): string | undefined {
  if (typeof program !== 'string') return undefined;
  const m = /^\$\{workspaceFolder\}(?:[\\/]+(.*))?$/.exec(program.trim());
  if (!m) return undefined;
  const rest = (m[1] ?? '').split(/[\\/]+/).filter((n) => n !== '' && n !== '.');
  if (rest.includes('..')) return undefined;
  return rest.join('/');
}

type ResolvedBridgeConfiguration =
  | { kind: 'config'; config: Record<string, unknown> }
  /** Expand into the Windows + WSL pair instead of starting this configuration. */
  | { kind: 'windowsAndWsl'; relativePackage: string | undefined; distro?: string }
  /** `aboutSetting`: the goHealth.wslExecutable setting is the way out. */
  | { kind: 'error'; message: string; aboutSetting?: boolean };

/**
 * A delve-bridge configuration with its defaults filled in before VS Code starts it: `request`,
 * `target`, `mode`, and for `target: wsl` the wsl.exe the machine setting names. An empty
 * configuration (F5 without launch.json) debugs the package of the open file.
 */
export function resolveBridgeConfiguration(
  raw: Record<string, unknown>,
  context: { wslExecutable: { path: string } | { error: string }; activeGoFile?: boolean },
): ResolvedBridgeConfiguration {
  if (raw.type === undefined && raw.request === undefined && raw.name === undefined) {
    if (!context.activeGoFile)
      return { kind: 'error', message: 'Open a Go file to debug its package, or add a delve-bridge configuration to launch.json.' };
    return {
      kind: 'config',
      config: {
        type: DELVE_BRIDGE_TYPE,
        name: 'Launch package',
        request: 'launch',
        target: 'local',
        mode: 'debug',
        program: '${fileDirname}',
      },
    };
  }
  if (raw[WINDOWS_AND_WSL_ATTRIBUTE] === true) {
    return {
      kind: 'windowsAndWsl',
      relativePackage: relativePackageFromProgram(raw.program ?? '${workspaceFolder}'),
      distro: typeof raw.distro === 'string' && raw.distro !== '' ? raw.distro : undefined,
    };
  }
  const config: Record<string, unknown> = { ...raw };
  config.request ??= 'launch';
  config.target ??= 'local';
  config.mode ??= config.request === 'attach' ? 'local' : 'debug';
  if (config.target === 'wsl' && (config.wslExecutable === undefined || config.wslExecutable === '')) {
    if ('error' in context.wslExecutable) return { kind: 'error', message: context.wslExecutable.error, aboutSetting: true };
    config.wslExecutable = context.wslExecutable.path;
  }
  return { kind: 'config', config };
}

/**
 * The pre-flight as one dialog: a message, a detail with each finding (or why the distro could not be looked
 * into), and the buttons: each finding's first fix, then "Debug Anyway".
 */
export function preflightDialog(
  distro: string,
  readiness: DebugReadiness,
): { message: string; detail: string; buttons: { title: string; finding?: Finding; fix?: Fix }[] } {
  const lines = readiness.probeFailure
    ? [`Go Health could not look inside the WSL distro "${distro}": ${readiness.probeFailure.message}`]
    : readiness.findings.map((f) => `• ${f.detail}`);
  const fixes = readiness.findings.flatMap((finding) =>
    finding.fixes[0] ? [{ title: finding.fixes[0].title, finding, fix: finding.fixes[0] }] : [],
  );
  return {
    message: `The WSL distro "${distro}" may not be ready for debugging`,
    detail: lines.join('\n'),
    buttons: [...fixes, { title: DEBUG_ANYWAY }],
  };
}

export const DEBUG_ANYWAY = 'Debug Anyway';
