// Windows' machine and user Path from the registry (reg.exe), expanded and ordered as Windows builds a new program's Path.
import { getEnv, pathApi, type Host } from '../host';
import type { NewProcessPathEntry, RegistryPathValue, WindowsPathFacts, WindowsPathOrigin } from '../facts';
import type { ProbeCache } from './cache';
import { executableNames, probePathDirs, splitPath } from './pathProbe';
import { TOOL_NAMES } from '../data/tools';
import { windowsSystemRoot } from './windows';
import { comparableWindowsPath, expandWindowsVariables, MACHINE_ENVIRONMENT_KEY, USER_ENVIRONMENT_KEY } from '../windowsPathModel';

/** %SystemRoot%\System32\reg.exe: never looked up on PATH. */
export function regExePath(host: Host): string {
  return pathApi(host).join(windowsSystemRoot(host), 'System32', 'reg.exe');
}

/** One value of a `reg query` listing. */
export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

/**
 * Reads `reg query KEY` output: the key's name on a line of its own, then one line per value,
 * `    NAME    REG_TYPE    DATA` (four spaces apart; DATA may be empty). Subkey lines are skipped.
 */
export function parseRegQuery(text: string): RegistryValue[] {
  const values: RegistryValue[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/.exec(line);
    if (m) values.push({ name: m[1], type: m[2], data: m[3] ?? '' });
  }
  return values;
}

function byName(values: RegistryValue[]): Map<string, RegistryValue> {
  return new Map(values.map((v) => [v.name.toUpperCase(), v]));
}

type QueryResult = { ok: true; values: RegistryValue[] } | { ok: false; failure: string };

async function queryKey(host: Host, cache: ProbeCache, regExe: string, key: string, timeoutMs: number): Promise<QueryResult> {
  // System32 as the working directory: nothing reg.exe might look up relative to it comes from a workspace.
  const result = await cache.exec(
    host,
    regExe,
    ['query', key],
    { timeoutMs, env: { ...host.env }, cwd: pathApi(host).join(windowsSystemRoot(host), 'System32'), maxOutputBytes: 1024 * 1024 },
    [],
  );
  const command = `reg.exe query "${key}"`;
  if (result.spawnError !== undefined) return { ok: false, failure: `${command} could not start: ${result.spawnError}` };
  if (result.timedOut) return { ok: false, failure: `${command} did not answer within ${timeoutMs} ms` };
  if (result.code !== 0) {
    const said = (result.stderr || result.stdout).trim().split(/\r?\n/)[0]?.slice(0, 200);
    return { ok: false, failure: `${command} exited with code ${result.code}${said ? `: ${said}` : ''}` };
  }
  if (
    !result.stdout.toUpperCase().includes(
      key
        .replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\')
        .replace(/^HKCU\\/, 'HKEY_CURRENT_USER\\')
        .toUpperCase(),
    )
  ) {
    return { ok: false, failure: `${command} printed something other than the key's values` };
  }
  return { ok: true, values: parseRegQuery(result.stdout) };
}

function pathValue(key: string, values: Map<string, RegistryValue>): RegistryPathValue | undefined {
  const v = values.get('PATH');
  return v ? { key, name: v.name, type: v.type, raw: v.data } : undefined;
}

/**
 * The machine and user Path as Windows builds a new program's environment from them: every machine variable,
 * then every user variable (REG_EXPAND_SZ values expanded against what is known by then: the profile's own
 * variables such as USERPROFILE and SystemRoot, then the machine's), and Path = machine Path + user Path.
 * Both keys are read at once, each with the timeout. A read that fails makes the facts `unknown`, never an error.
 */
export async function probeWindowsPath(host: Host, cache: ProbeCache, timeoutMs: number): Promise<WindowsPathFacts> {
  const regExe = regExePath(host);
  if (!(await cache.stat(host, regExe))?.isFile) return { status: 'unknown', regExe, failure: `${regExe} does not exist` };
  const [machineRead, userRead] = await Promise.all([
    queryKey(host, cache, regExe, MACHINE_ENVIRONMENT_KEY, timeoutMs),
    queryKey(host, cache, regExe, USER_ENVIRONMENT_KEY, timeoutMs),
  ]);
  if (!machineRead.ok || !userRead.ok) {
    const failures = [machineRead, userRead].flatMap((r) => (r.ok ? [] : [r.failure]));
    return { status: 'unknown', regExe, failure: failures.join('; ') };
  }
  const machineVars = byName(machineRead.values);
  const userVars = byName(userRead.values);
  const fromProcess = (name: string) => getEnv(host, name);
  const expandedValue = (v: RegistryValue | undefined, lookup: (name: string) => string | undefined) =>
    v === undefined ? undefined : v.type === 'REG_EXPAND_SZ' ? expandWindowsVariables(v.data, lookup) : v.data;
  // A machine variable in the registry is newer than this process's copy; SystemRoot, ProgramFiles and the like
  // are not in the registry's Environment key and come from the process.
  const machineVar = (name: string) => expandedValue(machineVars.get(name.toUpperCase()), fromProcess);
  // The profile's variables (USERPROFILE, APPDATA, …) are set before the registry's; a user variable overrides a machine one.
  const userVar = (name: string) =>
    expandedValue(userVars.get(name.toUpperCase()), (n) => profileVariable(host, n) ?? machineVar(n) ?? fromProcess(n));
  const notPath = (name: string) => name.toUpperCase() !== 'PATH';
  const machineLookup = (name: string) => (notPath(name) ? (machineVar(name) ?? fromProcess(name)) : undefined);
  const userLookup = (name: string) =>
    notPath(name) ? (profileVariable(host, name) ?? userVar(name) ?? machineVar(name) ?? fromProcess(name)) : undefined;
  const machine = pathValue(MACHINE_ENVIRONMENT_KEY, machineVars);
  const user = pathValue(USER_ENVIRONMENT_KEY, userVars);
  const entriesOf = (value: RegistryPathValue | undefined, origin: 'machine' | 'user', lookup: (name: string) => string | undefined) =>
    (value?.raw ?? '')
      .split(';')
      .filter((raw) => raw.trim() !== '')
      .map((raw) => ({ origin, raw, expanded: value!.type === 'REG_EXPAND_SZ' ? expandWindowsVariables(raw, lookup) : raw }));
  const listed = [...entriesOf(machine, 'machine', machineLookup), ...entriesOf(user, 'user', userLookup)];
  const dirs = await probePathDirs(
    host,
    cache,
    TOOL_NAMES,
    listed.map((e) => e.expanded),
  );
  const newProcess: NewProcessPathEntry[] = listed.map((e, i) => ({
    ...e,
    commands: ['go', ...TOOL_NAMES].filter((c) => executableNames(host, c).some((n) => dirs[i]?.names?.has(n.toLowerCase()))),
  }));
  const machineSet = new Set(newProcess.filter((e) => e.origin === 'machine').map((e) => comparableWindowsPath(e.expanded)));
  const userSet = new Set(newProcess.filter((e) => e.origin === 'user').map((e) => comparableWindowsPath(e.expanded)));
  const origins = splitPath(host).map((raw): WindowsPathOrigin => {
    const c = comparableWindowsPath(raw);
    return machineSet.has(c) ? 'machine' : userSet.has(c) ? 'user' : 'process';
  });
  return { status: 'ok', regExe, ...(machine ? { machine } : {}), ...(user ? { user } : {}), newProcess, origins };
}

/** Variables Windows sets from the user's profile before it reads the registry. */
function profileVariable(host: Host, name: string): string | undefined {
  const profileNames = [
    'USERPROFILE',
    'APPDATA',
    'LOCALAPPDATA',
    'HOMEDRIVE',
    'HOMEPATH',
    'USERNAME',
    'USERDOMAIN',
    'SYSTEMROOT',
    'SYSTEMDRIVE',
  ];
  return profileNames.includes(name.toUpperCase()) ? getEnv(host, name) : undefined;
}
