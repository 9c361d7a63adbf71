// Go Health's settings as the server sees them, and the workspace-trust rules that decide which values count.
import { parseJsonc } from './jsonc';
import type { Severity } from '../core/report';

/** One setting as `WorkspaceConfiguration.inspect` reports it (only the scopes we read). */
interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The VS Code Go extension's settings that choose a go or its environment (read only). */
interface VscodeGoSettings {
  goroot?: string;
  /** go.alternateTools.go: a replacement go binary. */
  alternateGo?: string;
  toolsEnvVars?: Record<string, string>;
}

type SeverityOverride = Severity | 'off';

export interface ServerSettings {
  /** The go binary the user chose; undefined means "the first go on PATH". */
  goPath?: string;
  timeoutMs: number;
  disabledChecks: string[];
  severityOverrides: Record<string, SeverityOverride>;
  compareLoginShell: boolean;
  vscodeGo: VscodeGoSettings;
  /** Workspace trust as the client saw it. */
  trusted: boolean;
  /** Setting ids whose workspace values were ignored because the workspace is not trusted. */
  ignoredSettings: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  timeoutMs: 10_000,
  disabledChecks: [],
  severityOverrides: {},
  compareLoginShell: true,
  vscodeGo: {},
  trusted: true,
  ignoredSettings: [],
};

/**
 * Settings whose value is a program (or a directory programs are run from). In an untrusted workspace their
 * workspace values are ignored: a cloned repository must not be able to make us execute its own files.
 * Also listed in package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`.
 */
export const PROGRAM_PATH_SETTINGS = ['goHealth.goPath', 'goHealth.wslExecutable', 'go.goroot', 'go.alternateTools'] as const;

/**
 * Settings that decide what is reported: in an untrusted workspace their workspace values are ignored too, so a
 * cloned repository cannot silence the checks (disable them, turn them to `off` or `info`, starve them with a tiny
 * timeout, or stop the login-shell comparison). Also restricted in package.json.
 */
export const FINDING_SETTINGS = [
  'goHealth.timeoutMs',
  'goHealth.checks.disabled',
  'goHealth.checks.severityOverrides',
  'goHealth.compareLoginShell',
] as const;

/** Every setting whose workspace value counts only in a trusted workspace. */
export const RESTRICTED_SETTINGS = [...PROGRAM_PATH_SETTINGS, ...FINDING_SETTINGS] as const;

interface TrustedValue<T> {
  value: T | undefined;
  /** True when a workspace (or folder) value existed and was ignored. */
  ignored: boolean;
}

/** The effective value of a setting, skipping workspace scopes when the workspace is not trusted. */
export function trustedValue<T>(inspected: InspectedSetting<T> | undefined, trusted: boolean): TrustedValue<T> {
  if (!inspected) return { value: undefined, ignored: false };
  const fromWorkspace = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  if (trusted) return { value: fromWorkspace ?? inspected.globalValue ?? inspected.defaultValue, ignored: false };
  return { value: inspected.globalValue ?? inspected.defaultValue, ignored: fromWorkspace !== undefined };
}

/**
 * The restricted settings a workspace settings file sets: a folder's `.vscode/settings.json`, or the
 * `settings` object of a `.code-workspace` file. In an untrusted workspace VS Code drops the settings an
 * extension declares restricted before `inspect` sees them, so which ones were ignored is read from the files.
 */
export function restrictedSettingsIn(text: string, kind: 'folder' | 'workspace-file'): string[] {
  const parsed: unknown = parseJsonc(text);
  const root = kind === 'workspace-file' && isObject(parsed) ? parsed.settings : parsed;
  if (!isObject(root)) return [];
  // `goHealth.checks.disabled` may be written dotted or nested at any level: `"goHealth": { "checks.disabled": … }`.
  const isSet = (at: Record<string, unknown>, parts: string[]): boolean =>
    parts.some((_, i) => {
      const value = Object.prototype.hasOwnProperty.call(at, parts.slice(0, i + 1).join('.'))
        ? at[parts.slice(0, i + 1).join('.')]
        : undefined;
      return i === parts.length - 1 ? value !== undefined : isObject(value) && isSet(value, parts.slice(i + 1));
    });
  return RESTRICTED_SETTINGS.filter((id) => isSet(root, id.split('.')));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** The raw readings the client makes; everything the server needs is derived from these by {@link resolveServerSettings}. */
interface SettingsReadings {
  trusted: boolean;
  goPath?: InspectedSetting<string>;
  timeoutMs?: InspectedSetting<unknown>;
  disabledChecks?: InspectedSetting<unknown>;
  severityOverrides?: InspectedSetting<unknown>;
  compareLoginShell?: InspectedSetting<unknown>;
  goGoroot?: InspectedSetting<string>;
  goAlternateTools?: InspectedSetting<Record<string, unknown>>;
  goToolsEnvVars?: unknown;
}

const SEVERITY_OVERRIDES = new Set(['error', 'warning', 'info', 'off']);

/** Turns the client's readings into server settings, applying workspace trust and dropping malformed values. */
export function resolveServerSettings(r: SettingsReadings): ServerSettings {
  const ignored: string[] = [];
  const pick = <T>(id: string, inspected: InspectedSetting<T> | undefined): T | undefined => {
    const t = trustedValue(inspected, r.trusted);
    if (t.ignored) ignored.push(id);
    return t.value;
  };
  const goPath = nonEmptyString(pick('goHealth.goPath', r.goPath));
  const goroot = nonEmptyString(pick('go.goroot', r.goGoroot));
  const alternateTools = pick('go.alternateTools', r.goAlternateTools);
  const alternateGo = alternateTools && typeof alternateTools === 'object' ? nonEmptyString(alternateTools.go) : undefined;
  // What decides the findings counts from the workspace only when it is trusted, like the program paths.
  const timeout = pick('goHealth.timeoutMs', r.timeoutMs);
  const timeoutMs = typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SETTINGS.timeoutMs;
  const disabled = pick('goHealth.checks.disabled', r.disabledChecks);
  const disabledChecks = Array.isArray(disabled) ? disabled.filter((x): x is string => typeof x === 'string') : [];
  const overrides = pick('goHealth.checks.severityOverrides', r.severityOverrides);
  const compare = pick('goHealth.compareLoginShell', r.compareLoginShell);
  const severityOverrides: Record<string, SeverityOverride> = {};
  if (overrides && typeof overrides === 'object') {
    for (const [id, sev] of Object.entries(overrides as Record<string, unknown>)) {
      if (typeof sev === 'string' && SEVERITY_OVERRIDES.has(sev)) severityOverrides[id] = sev as SeverityOverride;
    }
  }
  const toolsEnvVars: Record<string, string> = {};
  if (r.goToolsEnvVars && typeof r.goToolsEnvVars === 'object') {
    for (const [k, v] of Object.entries(r.goToolsEnvVars as Record<string, unknown>)) if (typeof v === 'string') toolsEnvVars[k] = v;
  }
  return {
    goPath,
    timeoutMs,
    disabledChecks,
    severityOverrides,
    compareLoginShell: typeof compare === 'boolean' ? compare : DEFAULT_SETTINGS.compareLoginShell,
    vscodeGo: {
      ...(goroot ? { goroot } : {}),
      ...(alternateGo ? { alternateGo } : {}),
      ...(Object.keys(toolsEnvVars).length ? { toolsEnvVars } : {}),
    },
    trusted: r.trusted,
    ignoredSettings: ignored,
  };
}

/**
 * Settings an editor other than VS Code returns for the `goHealth` section of workspace/configuration, with
 * the same names as VS Code's (`goPath`, `timeoutMs`, `checks.disabled`, `checks.severityOverrides`,
 * `compareLoginShell`), nested (`checks = { disabled = … }`) or dotted (`"checks.disabled"`). They come from
 * the user's own editor configuration, which is trusted as VS Code's user settings are.
 */
export function settingsFromConfiguration(section: unknown): ServerSettings {
  const root = section && typeof section === 'object' && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
  const nested = (key: string): unknown => {
    if (key in root) return root[key];
    const [head, ...rest] = key.split('.');
    let at: unknown = root[head!];
    for (const part of rest) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    return at;
  };
  const goPath = nested('goPath');
  const compare = nested('compareLoginShell');
  const timeout = nested('timeoutMs');
  return resolveServerSettings({
    trusted: true,
    goPath: typeof goPath === 'string' ? { globalValue: goPath } : undefined,
    timeoutMs: { globalValue: timeout },
    disabledChecks: { globalValue: nested('checks.disabled') },
    severityOverrides: { globalValue: nested('checks.severityOverrides') },
    compareLoginShell: { globalValue: compare },
  });
}

/** `${workspaceFolder}`, `${userHome}` and a leading `~` in a path setting. */
export function expandPathVariables(value: string, folders: readonly string[], home: string): string | undefined {
  let out = value.replace(/^~(?=$|[\\/])/, home).replace(/\$\{userHome\}/g, home);
  if (out.includes('${workspaceFolder}')) {
    if (!folders[0]) return undefined;
    out = out.replace(/\$\{workspaceFolder\}/g, folders[0]);
  }
  return out;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
