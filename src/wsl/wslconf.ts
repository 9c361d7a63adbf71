// Reads WSL's two configuration files as text: /etc/wsl.conf (inside a distro) and %UserProfile%\.wslconfig (Windows).
import { DEFAULT_AUTOMOUNT_ROOT, WslPathError, normaliseAutomountRoot } from './paths';

/** Something in the file that was ignored, with the 1-based line it is on. */
interface ConfProblem {
  line: number;
  message: string;
}

/** An INI file as WSL reads it: section and key names lower-cased, values unquoted. */
interface IniFile {
  sections: Record<string, Record<string, string>>;
  /** Line of each `section.key`, for pointing at a setting. */
  lines: Record<string, number>;
  problems: ConfProblem[];
}

/** The facts /etc/wsl.conf gives about a distro. */
interface WslConf {
  /** `[automount] root`, normalised to end with `/`; `/mnt/` when unset or invalid. */
  automountRoot: string;
  /** `[automount] enabled`: false means Windows drives are not mounted at all. */
  automountEnabled: boolean;
  automountOptions?: string;
  /** `[interop] enabled`: false means Windows programs (wsl.exe's reverse, `cmd.exe`) cannot be started from the distro. */
  interopEnabled: boolean;
  /** `[interop] appendWindowsPath`: whether the Windows PATH is appended to the distro's PATH. */
  appendWindowsPath: boolean;
  /** `[boot] systemd`. */
  systemd?: boolean;
  /** `[user] default`. */
  defaultUser?: string;
  ini: IniFile;
}

type NetworkingMode = 'nat' | 'mirrored' | 'bridged' | 'virtioproxy' | 'none' | (string & {});

/** The facts %UserProfile%\.wslconfig gives about the WSL2 virtual machine. */
interface WslConfig {
  /** `[wsl2] networkingMode` (older releases read it from `[experimental]`); `nat` when unset. */
  networkingMode: NetworkingMode;
  /** `[wsl2] localhostForwarding`, default true; has no effect in mirrored mode. */
  localhostForwarding: boolean;
  /**
   * Whether a Windows program can reach a port a Linux program listens on at 127.0.0.1: true with
   * mirrored networking, or with NAT and localhost forwarding on.
   */
  windowsReachesWslLocalhost: boolean;
  firewall?: boolean;
  dnsTunneling?: boolean;
  autoProxy?: boolean;
  guiApplications?: boolean;
  memory?: string;
  processors?: number;
  kernel?: string;
  ini: IniFile;
}

/** Strips a matching pair of quotes, or else an inline comment that follows whitespace. */
function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  const comment = /\s[#;]/.exec(v);
  return (comment ? v.slice(0, comment.index) : v).trim();
}

/** Parses INI text the way WSL does: `[section]`, `key = value`, `#`/`;` comments, quotes, any line ending. */
export function parseIni(text: string): IniFile {
  // Maps without a prototype: a section or key named __proto__ or constructor is only a name.
  const ini: IniFile = {
    sections: Object.create(null) as IniFile['sections'],
    lines: Object.create(null) as IniFile['lines'],
    problems: [],
  };
  let section: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      ini.sections[section] ??= Object.create(null) as Record<string, string>;
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      ini.problems.push({ line: lineNo, message: `not a "key = value" line: ${JSON.stringify(line.slice(0, 80))}` });
      return;
    }
    if (section === undefined) {
      ini.problems.push({ line: lineNo, message: `setting outside any [section]: ${JSON.stringify(line.slice(0, 80))}` });
      return;
    }
    const key = line.slice(0, eq).trim().toLowerCase();
    ini.sections[section][key] = unquote(line.slice(eq + 1));
    ini.lines[`${section}.${key}`] = lineNo;
  });
  return ini;
}

function readBool(ini: IniFile, section: string, key: string): boolean | undefined {
  const raw = ini.sections[section]?.[key];
  if (raw === undefined) return undefined;
  const v = raw.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  ini.problems.push({
    line: ini.lines[`${section}.${key}`] ?? 0,
    message: `[${section}] ${key} should be true or false, not ${JSON.stringify(raw)}`,
  });
  return undefined;
}

function readString(ini: IniFile, section: string, key: string): string | undefined {
  const v = ini.sections[section]?.[key];
  return v === undefined || v === '' ? undefined : v;
}

/** Parses /etc/wsl.conf text. Never throws: what it cannot use is listed in `ini.problems`. */
export function parseWslConf(text: string): WslConf {
  const ini = parseIni(text);
  let automountRoot = DEFAULT_AUTOMOUNT_ROOT;
  const root = readString(ini, 'automount', 'root');
  if (root !== undefined) {
    try {
      automountRoot = normaliseAutomountRoot(root);
    } catch (e) {
      if (!(e instanceof WslPathError)) throw e;
      ini.problems.push({ line: ini.lines['automount.root'] ?? 0, message: `${e.message}; WSL uses ${DEFAULT_AUTOMOUNT_ROOT}` });
    }
  }
  return {
    automountRoot,
    automountEnabled: readBool(ini, 'automount', 'enabled') ?? true,
    automountOptions: readString(ini, 'automount', 'options'),
    interopEnabled: readBool(ini, 'interop', 'enabled') ?? true,
    appendWindowsPath: readBool(ini, 'interop', 'appendwindowspath') ?? true,
    systemd: readBool(ini, 'boot', 'systemd'),
    defaultUser: readString(ini, 'user', 'default'),
    ini,
  };
}

/** Parses %UserProfile%\.wslconfig text. Never throws: what it cannot use is listed in `ini.problems`. */
export function parseWslConfig(text: string): WslConfig {
  const ini = parseIni(text);
  const networkingMode = (
    readString(ini, 'wsl2', 'networkingmode') ??
    readString(ini, 'experimental', 'networkingmode') ??
    'nat'
  ).toLowerCase();
  const localhostForwarding = readBool(ini, 'wsl2', 'localhostforwarding') ?? true;
  const processorsRaw = readString(ini, 'wsl2', 'processors');
  const processors = processorsRaw !== undefined && /^\d+$/.test(processorsRaw) ? Number(processorsRaw) : undefined;
  const bool = (key: string) => readBool(ini, 'wsl2', key) ?? readBool(ini, 'experimental', key);
  return {
    networkingMode,
    localhostForwarding,
    windowsReachesWslLocalhost: networkingMode === 'mirrored' || (networkingMode === 'nat' && localhostForwarding),
    firewall: bool('firewall'),
    dnsTunneling: bool('dnstunneling'),
    autoProxy: bool('autoproxy'),
    guiApplications: bool('guiapplications'),
    memory: readString(ini, 'wsl2', 'memory'),
    processors,
    kernel: readString(ini, 'wsl2', 'kernel'),
    ini,
  };
}
