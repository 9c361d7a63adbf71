// The delve-bridge launch/attach attributes: validation with defaults, and the arguments Delve receives.
import * as path from 'node:path';
import type { PathMapping } from './pathTranslators';

type BridgeTarget = 'local' | 'wsl';
export type BridgeTransport = 'stdio' | 'tcp';

/** What a `delve-bridge` launch configuration may say (VS Code passes it as the launch/attach arguments). */
export interface BridgeAttributes {
  request: 'launch' | 'attach';
  /** `local`: Delve on this machine. `wsl`: Delve inside a WSL distro, paths translated. Default `local`. */
  target: BridgeTarget;
  /** WSL distro name (`target: wsl`); the default distro when omitted. */
  distro?: string;
  /** Package directory, file or binary, in the client's paths. */
  program?: string;
  /** Working directory of the program, in the client's paths; defaults to the program's directory. */
  cwd?: string;
  args?: string[];
  env?: Record<string, string | null>;
  buildFlags?: string | string[];
  /** `debug` (build and run), `test`, `exec` (prebuilt binary); attach uses `local`. */
  mode: string;
  /** Delve executable: an absolute path on this machine (`local`) or inside the distro (`wsl`). */
  dlvPath?: string;
  stopOnEntry?: boolean;
  /** Extra prefix mappings, applied before the WSL translation: `from` as the client writes it, `to` as Delve sees it. */
  pathMappings: PathMapping[];
  /** `wsl.exe` to start; default `%SystemRoot%\System32\wsl.exe` on Windows. */
  wslExecutable?: string;
  /** The distro's automount root (`/etc/wsl.conf [automount] root`); default `/mnt/`. */
  automountRoot?: string;
  /** How DAP reaches Delve inside WSL: `stdio` through wsl.exe (default) or `tcp` through localhost forwarding. */
  transport: BridgeTransport;
  processId?: number;
}

/** Attributes that only the bridge reads; Delve never sees them. */
const BRIDGE_ONLY_KEYS = new Set([
  'type',
  'name',
  'request',
  'target',
  'distro',
  'dlvPath',
  'wslExecutable',
  'automountRoot',
  'transport',
  'pathMappings',
]);

export interface AttributeContext {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function optionalString(raw: Record<string, unknown>, key: string, errors: string[]): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '' || v.includes('\0')) {
    errors.push(`"${key}" must be a non-empty string`);
    return undefined;
  }
  return v;
}

/** `pathMappings`: an array of non-empty { from, to } strings (problems go to `errors`). */
function parsePathMappings(value: unknown, errors: string[]): PathMapping[] {
  const mappings: PathMapping[] = [];
  if (value === undefined) return mappings;
  if (!Array.isArray(value)) {
    errors.push('"pathMappings" must be an array of { "from": …, "to": … }');
    return mappings;
  }
  for (const m of value as unknown[]) {
    const entry = m as Record<string, unknown> | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.from !== 'string' ||
      typeof entry.to !== 'string' ||
      !entry.from ||
      !entry.to
    )
      errors.push('each "pathMappings" entry needs non-empty "from" and "to" strings');
    else mappings.push({ from: entry.from, to: entry.to });
  }
  return mappings;
}

/** For `target: wsl`: the wsl.exe to use (System32's on Windows when unset) and a Linux dlvPath. */
function checkWslAttributes(
  wslExecutable: string | undefined,
  dlvPath: string | undefined,
  context: AttributeContext,
  errors: string[],
): string | undefined {
  let exe = wslExecutable;
  if (exe === undefined) {
    if (context.platform === 'win32') {
      const systemRoot = context.env.SystemRoot ?? context.env.SYSTEMROOT ?? 'C:\\Windows';
      exe = path.win32.join(systemRoot, 'System32', 'wsl.exe');
    } else errors.push('"wslExecutable" is required for target "wsl" when not on Windows');
  } else if (!path.isAbsolute(exe)) errors.push('"wslExecutable" must be an absolute path');
  if (dlvPath !== undefined && !dlvPath.startsWith('/'))
    errors.push('"dlvPath" for target "wsl" must be an absolute Linux path inside the distro');
  return exe;
}

/** Checks the attributes a client sent; every problem is named so the launch error says what to fix. */
export function parseBridgeAttributes(
  request: 'launch' | 'attach',
  rawArgs: unknown,
  context: AttributeContext,
): { attributes: BridgeAttributes } | { error: string } {
  if (typeof rawArgs !== 'object' || rawArgs === null || Array.isArray(rawArgs)) {
    return { error: `${request} arguments must be an object` };
  }
  const raw = rawArgs as Record<string, unknown>;
  const errors: string[] = [];

  const target = raw.target ?? 'local';
  if (target !== 'local' && target !== 'wsl') errors.push(`"target" must be "local" or "wsl", not ${JSON.stringify(target)}`);
  const transport = raw.transport ?? 'stdio';
  if (transport !== 'stdio' && transport !== 'tcp') errors.push(`"transport" must be "stdio" or "tcp", not ${JSON.stringify(transport)}`);
  const mode = raw.mode ?? (request === 'launch' ? 'debug' : 'local');
  const launchModes = ['debug', 'test', 'exec', 'replay', 'core'];
  if (typeof mode !== 'string' || (request === 'launch' ? !launchModes.includes(mode) : mode !== 'local')) {
    errors.push(request === 'launch' ? `"mode" must be one of ${launchModes.join(', ')}` : '"mode" must be "local" for attach');
  }

  const program = optionalString(raw, 'program', errors);
  if (request === 'launch' && program === undefined && !errors.some((e) => e.includes('"program"')))
    errors.push('"program" is required to launch');
  const cwd = optionalString(raw, 'cwd', errors);
  const distro = optionalString(raw, 'distro', errors);
  const dlvPath = optionalString(raw, 'dlvPath', errors);
  const automountRoot = optionalString(raw, 'automountRoot', errors);
  let wslExecutable = optionalString(raw, 'wslExecutable', errors);

  if (raw.args !== undefined && !isStringArray(raw.args)) errors.push('"args" must be an array of strings');
  if (raw.buildFlags !== undefined && typeof raw.buildFlags !== 'string' && !isStringArray(raw.buildFlags)) {
    errors.push('"buildFlags" must be a string or an array of strings');
  }
  if (
    raw.env !== undefined &&
    (typeof raw.env !== 'object' ||
      raw.env === null ||
      Array.isArray(raw.env) ||
      !Object.values(raw.env).every((v) => typeof v === 'string' || v === null))
  ) {
    errors.push('"env" must map names to strings (or null to unset)');
  }
  if (raw.stopOnEntry !== undefined && typeof raw.stopOnEntry !== 'boolean') errors.push('"stopOnEntry" must be true or false');
  if (raw.processId !== undefined && (typeof raw.processId !== 'number' || !Number.isInteger(raw.processId) || raw.processId <= 0)) {
    errors.push('"processId" must be a positive integer');
  }

  const pathMappings = parsePathMappings(raw.pathMappings, errors);
  if (target === 'local' && dlvPath !== undefined && !path.isAbsolute(dlvPath)) errors.push('"dlvPath" must be an absolute path');
  if (target === 'wsl') wslExecutable = checkWslAttributes(wslExecutable, dlvPath, context, errors);

  if (errors.length > 0) return { error: `Invalid delve-bridge configuration: ${errors.join('; ')}.` };
  return {
    attributes: {
      request,
      target: target as BridgeTarget,
      transport: transport as BridgeTransport,
      mode: mode as string,
      program,
      cwd,
      distro,
      dlvPath,
      automountRoot,
      wslExecutable,
      args: raw.args as string[] | undefined,
      env: raw.env as Record<string, string | null> | undefined,
      buildFlags: raw.buildFlags as string | string[] | undefined,
      stopOnEntry: raw.stopOnEntry as boolean | undefined,
      processId: raw.processId as number | undefined,
      pathMappings,
    },
  };
}

/**
 * The working directory Delve runs in, in the client's paths: `cwd`, else the package directory
 * (`program` itself, or its directory when it names a .go file or a binary).
 */
export function effectiveClientCwd(attributes: BridgeAttributes): string | undefined {
  if (attributes.cwd !== undefined) return attributes.cwd;
  const program = attributes.program;
  if (program === undefined) return undefined;
  const api = /^[A-Za-z]:|^\\\\|\\/.test(program) ? path.win32 : path.posix;
  if (!api.isAbsolute(program)) return undefined;
  return attributes.mode === 'exec' || program.endsWith('.go') ? api.dirname(program) : program;
}

/**
 * The launch/attach arguments Delve receives, still in the client's paths (the path rewriter
 * translates them): everything the client sent except the bridge's own keys.
 */
export function delveRequestArguments(rawArgs: Record<string, unknown>, attributes: BridgeAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rawArgs)) {
    if (BRIDGE_ONLY_KEYS.has(key) || key.startsWith('__')) continue;
    out[key] = value;
  }
  out.mode = attributes.mode;
  const cwd = effectiveClientCwd(attributes);
  if (cwd !== undefined) out.cwd = cwd;
  return out;
}
