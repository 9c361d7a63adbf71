// Windows-only facts: WSL as seen from Windows (wsl.exe, distros, .wslconfig), Go copies in VirtualStore, Defender's scanning.
import { getEnv, pathApi, type Host } from '../host';
import { type ExecOptions, type ExecResult } from '../../platform/exec';
import type { DefenderFacts, VirtualStoreDir, WindowsWslFacts, WslConfigFact } from '../facts';
import type { ProbeCache } from './cache';
import { discoverDistros, probeDistro } from '../../wsl/distros';
import type { ExecFn } from '../../platform/exec';
import { parseWslConfig } from '../../wsl/wslconf';
import { READ_LIMITS } from './read';

/** %SystemRoot% (C:\Windows): where wsl.exe and powershell.exe live. Never found through PATH. */
export function windowsSystemRoot(host: Host): string {
  return getEnv(host, 'SystemRoot') || getEnv(host, 'windir') || 'C:\\Windows';
}

function wslExePath(host: Host): string {
  return pathApi(host).join(windowsSystemRoot(host), 'System32', 'wsl.exe');
}

function powershellPath(host: Host): string {
  return pathApi(host).join(windowsSystemRoot(host), 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

function profileDir(host: Host): string {
  return getEnv(host, 'USERPROFILE') || host.homedir;
}

/** A spawn through the probe cache: a re-check with nothing changed does not start wsl.exe or PowerShell again. */
function cachedExec(host: Host, cache: ProbeCache): ExecFn {
  return (file: string, args: string[], options: ExecOptions): Promise<ExecResult> => cache.exec(host, file, args, options, []);
}

export async function readWslConfig(host: Host, cache: ProbeCache): Promise<WslConfigFact> {
  const file = pathApi(host).join(profileDir(host), '.wslconfig');
  const { content } = await cache.readFile(host, file, { maxBytes: READ_LIMITS.wslConfig });
  return wslConfigFact(file, content);
}

/** What .wslconfig (its text, or undefined when there is none) says about reaching WSL from Windows. */
export function wslConfigFact(file: string, content: string | undefined): WslConfigFact {
  if (content === undefined)
    return { path: file, exists: false, localhostForwarding: true, networkingMode: 'nat', windowsReachesWslLocalhost: true };
  const config = parseWslConfig(content);
  const line = config.ini.lines['wsl2.localhostforwarding'];
  const text = line ? content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[line - 1] : undefined;
  return {
    path: file,
    exists: true,
    localhostForwarding: config.localhostForwarding,
    networkingMode: config.networkingMode,
    windowsReachesWslLocalhost: config.windowsReachesWslLocalhost,
    ...(line && text !== undefined ? { localhostForwardingLine: { line, text } } : {}),
  };
}

interface WindowsWslProbeOptions {
  timeoutMs: number;
  /** Ask wsl.exe for the distros and probe the debug distro (seconds when the WSL VM is cold). */
  probeWsl: boolean;
  debugDistro?: string;
}

/**
 * WSL from the Windows side. Undefined when wsl.exe is not installed. Reading .wslconfig is cheap and
 * always done; wsl.exe is only started when `probeWsl` asks for it. Never throws: failures become facts.
 */
export async function probeWindowsWsl(
  host: Host,
  cache: ProbeCache,
  options: WindowsWslProbeOptions,
): Promise<WindowsWslFacts | undefined> {
  const wslExe = wslExePath(host);
  if (!(await cache.stat(host, wslExe))?.isFile) return undefined;
  const wslconfig = await readWslConfig(host, cache);
  const facts: WindowsWslFacts = { wslExe, probed: options.probeWsl, wslconfig };
  if (!options.probeWsl) return facts;
  const exec = cachedExec(host, cache);
  const wslOptions = { timeoutMs: options.timeoutMs, env: { ...host.env } };
  const list = await discoverDistros(exec, wslExe, wslOptions);
  if (!list.ok) return { ...facts, failure: list.failure };
  facts.distros = list.distros;
  if (list.defaultDistro) facts.defaultDistro = list.defaultDistro;
  const wanted = options.debugDistro || list.defaultDistro;
  if (!wanted) return facts;
  // Distro names are case-insensitive for wsl.exe; report the name as the list prints it.
  const distro = list.distros.find((d) => d.name === wanted) ?? list.distros.find((d) => d.name.toLowerCase() === wanted.toLowerCase());
  if (!distro) {
    return {
      ...facts,
      debugDistro: wanted,
      failure: {
        kind: 'exit',
        message: `the distro ${wanted} chosen for debugging is not installed (wsl.exe lists ${list.distros.map((d) => d.name).join(', ') || 'none'})`,
        command: `${wslExe} --list --verbose`,
      },
    };
  }
  facts.debugDistro = distro.name;
  const probe = await probeDistro(exec, wslExe, distro.name, wslOptions);
  if (probe.error) return { ...facts, failure: probe.error };
  facts.distroProbe = probe;
  return facts;
}

const VIRTUAL_STORE_FILE_LIMIT = 500;
const VIRTUAL_STORE_DIR_LIMIT = 200;

/**
 * Go folders under %LOCALAPPDATA%\VirtualStore: where Windows redirects a legacy 32-bit program's writes to
 * Program Files when it lacks the rights. Only folders that hold files are reported; counting stops at a limit.
 */
export async function probeVirtualStore(host: Host, cache: ProbeCache): Promise<VirtualStoreDir[]> {
  const p = pathApi(host);
  const local = getEnv(host, 'LOCALAPPDATA') || p.join(profileDir(host), 'AppData', 'Local');
  const roots = ['Program Files', 'Program Files (x86)'].map((pf) => p.join(local, 'VirtualStore', pf, 'Go'));
  const found = await Promise.all(
    roots.map(async (root): Promise<VirtualStoreDir | undefined> => {
      const examples: string[] = [];
      let fileCount = 0;
      let dirsRead = 0;
      let capped = false;
      const pending = [root];
      while (pending.length) {
        const dir = pending.shift()!;
        if (++dirsRead > VIRTUAL_STORE_DIR_LIMIT || fileCount >= VIRTUAL_STORE_FILE_LIMIT) {
          capped = true;
          break;
        }
        const entries = await cache.readdir(host, dir);
        for (const e of entries ?? []) {
          const full = p.join(dir, e.name);
          if (e.isDirectory) pending.push(full);
          else if (e.isFile) {
            fileCount++;
            if (examples.length < 3) examples.push(full);
          }
        }
      }
      if (fileCount === 0) return undefined;
      return { path: root, fileCount, ...(capped ? { countCapped: true } : {}), examples };
    }),
  );
  return found.filter((d): d is VirtualStoreDir => d !== undefined);
}

/** What Get-MpPreference prints in place of the exclusions without an administrator's rights. */
const HIDDEN_EXCLUSIONS = /^N\/A\b.*administrator/i;

const DEFENDER_SCRIPT = 'Get-MpPreference | Select-Object DisableRealtimeMonitoring,ExclusionPath | ConvertTo-Json';

/**
 * Defender's real-time protection and exclusions from ONE non-elevated PowerShell. Undefined when there is
 * no Windows PowerShell. Without elevation Defender hides the exclusions; that is reported, not guessed.
 */
export async function probeDefender(host: Host, cache: ProbeCache, timeoutMs: number): Promise<DefenderFacts | undefined> {
  const ps = powershellPath(host);
  if (!(await cache.stat(host, ps))?.isFile) return undefined;
  const args = ['-NoProfile', '-NonInteractive', '-Command', DEFENDER_SCRIPT];
  const command = `${ps} ${args.slice(0, 3).join(' ')} "${DEFENDER_SCRIPT}"`;
  // System32 as the working directory: nothing PowerShell might look up relative to it comes from a workspace.
  const result = await cache.exec(
    host,
    ps,
    args,
    { timeoutMs, env: { ...host.env }, cwd: pathApi(host).join(windowsSystemRoot(host), 'System32'), maxOutputBytes: 1024 * 1024 },
    [],
  );
  return parseDefenderOutput(result, command, timeoutMs, (name) => getEnv(host, name));
}

function firstLine(text: string): string {
  return (
    text
      .replace(/^#< CLIXML\s*/, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '')
      ?.slice(0, 200) ?? ''
  );
}

/**
 * Reads `ConvertTo-Json` of DisableRealtimeMonitoring and ExclusionPath; anything else is a failure with a reason.
 * Defender expands `%VAR%` in exclusions, so they are expanded here with `lookup` (left as written when unknown).
 */
function parseDefenderOutput(
  result: ExecResult,
  command: string,
  timeoutMs: number,
  lookup: (name: string) => string | undefined = () => undefined,
): DefenderFacts {
  const failed = (failure: string): DefenderFacts => ({ status: 'failed', command, failure });
  if (result.spawnError !== undefined) return failed(`could not start PowerShell: ${result.spawnError}`);
  if (result.timedOut) return failed(`PowerShell did not answer within ${timeoutMs} ms`);
  const text = result.stdout.replace(/^\uFEFF/, '').trim();
  if (text === '' || result.code !== 0) {
    const said = firstLine(result.stderr) || firstLine(result.stdout);
    return failed(
      `Get-MpPreference ${result.code !== 0 ? `exited with code ${result.code}` : 'printed nothing'}${said ? `: ${said}` : ''}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return failed(`Get-MpPreference printed something other than JSON: ${firstLine(text)}`);
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (!parsed || typeof parsed !== 'object') return failed(`Get-MpPreference printed unexpected JSON: ${firstLine(text)}`);
  const { DisableRealtimeMonitoring: disabled, ExclusionPath: rawExclusions } = parsed as {
    DisableRealtimeMonitoring?: unknown;
    ExclusionPath?: unknown;
  };
  const facts: DefenderFacts = { status: 'ok', command };
  if (typeof disabled === 'boolean') facts.realtimeMonitoring = !disabled;
  const list = rawExclusions === null || rawExclusions === undefined ? [] : Array.isArray(rawExclusions) ? rawExclusions : [rawExclusions];
  const paths = list.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (paths.some((x) => HIDDEN_EXCLUSIONS.test(x.trim()))) facts.exclusionsHidden = true;
  else facts.exclusionPaths = paths.map((x) => x.replace(/%([^%\\/]+)%/g, (whole, name: string) => lookup(name) ?? whole));
  return facts;
}
