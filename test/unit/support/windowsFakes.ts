// Stand-ins for Windows programs on a fake host: wsl.exe (UTF-16LE distro list, the distro probe) and powershell.exe (Get-MpPreference).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecOptions, ExecResult } from '../../../src/platform/exec';
import type { FakeHost } from './fakeHost';

export const WSL_EXE = 'C:\\Windows\\System32\\wsl.exe';
export const POWERSHELL_EXE = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsl');

/** What Host.exec hands back for wsl.exe's bytes: Node decodes stdout as UTF-8, UTF-16LE included. */
export function execText(bytes: Buffer): string {
  return bytes.toString('utf8');
}

/** A wsl.exe output sample from test/fixtures/wsl, as Host.exec returns it. */
export function wslFixture(name: string): string {
  return execText(readFileSync(join(fixtures, name)));
}

/** `wsl.exe --list --verbose` as wsl.exe prints it (UTF-16LE with a BOM, CRLF), for rows like `* Ubuntu  Running  2`. */
export function wslList(rows: string[]): string {
  const text = ['  NAME      STATE           VERSION', ...rows].map((l) => `${l}\r\n`).join('');
  return execText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

/** The lines the distro probe script prints inside a distro (between its markers, after some login noise). */
export function probeOutput(values: {
  go?: string;
  goVersion?: string;
  dlv?: string;
  dlvVersion?: string;
  kernel?: string;
  machine?: string;
  /** The login shell the probe ran in: sh when the distro has no bash. */
  shell?: 'bash' | 'sh';
  os?: string;
}): string {
  const lines = ['Welcome to Ubuntu 24.04 LTS', 'gohealth-probe-begin'];
  if (values.go) lines.push(`go.path=${values.go}`, `go.out=go version ${values.goVersion ?? 'go1.26.8'} linux/amd64`);
  if (values.dlv)
    lines.push(
      `dlv.path=${values.dlv}`,
      'dlv.out=Delve Debugger',
      `dlv.out=Version: ${values.dlvVersion ?? '1.26.0'}`,
      'dlv.out=Build: $Id: fake $',
    );
  lines.push(
    `kernel=${values.kernel ?? '6.6.87.2-microsoft-standard-WSL2'}`,
    `machine=${values.machine ?? 'x86_64'}`,
    ...(values.os ? [`os.id=${values.os}`, 'os.like='] : []),
    `shell=${values.shell ?? 'bash'}`,
    'gohealth-probe-end',
  );
  return lines.join('\n') + '\n';
}

export interface FakeWslSpec {
  /** stdout of `wsl.exe --list --verbose` (as exec text); the English UTF-16LE fixture by default. */
  list?: string;
  /** Answer to `--list --verbose` other than a plain stdout (a timeout, an exit code). */
  listResult?: Partial<ExecResult>;
  /** Probe answer per distro; a distro missing here gets wsl.exe's "no distribution" error. */
  probes?: Record<string, string | Partial<ExecResult>>;
}

export interface FakeCall {
  file: string;
  args: string[];
  options: ExecOptions;
}

/**
 * Puts wsl.exe at %SystemRoot%\System32 and answers it: `--list --verbose` with the distro list,
 * `-d NAME -- sh -c …` with that distro's probe output. Returns the calls made to it.
 */
export function installFakeWsl(host: FakeHost, spec: FakeWslSpec = {}): FakeCall[] {
  host.writeFile(WSL_EXE, { content: 'MZ wsl' });
  const calls: FakeCall[] = [];
  const inner = host.exec.bind(host);
  host.exec = async (file, args, options) => {
    if (file.toLowerCase() !== WSL_EXE.toLowerCase()) return inner(file, args, options);
    calls.push({ file, args: [...args], options });
    const done = (r: Partial<ExecResult>): ExecResult => ({ code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...r });
    if (args[0] === '--list' && args[1] === '--verbose')
      return done(spec.listResult ?? { stdout: spec.list ?? wslFixture('list-utf16le-bom.bin') });
    if (args[0] === '-d' && args[2] === '--') {
      const answer = spec.probes?.[args[1]];
      if (answer === undefined) {
        const message = Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('There is no distribution with the supplied name.\r\n', 'utf16le'),
        ]);
        return done({ code: 4294967295, stdout: execText(message) });
      }
      return done(typeof answer === 'string' ? { stdout: answer } : answer);
    }
    return done({ code: 1, stderr: `fake wsl.exe: nothing scripted for ${args.join(' ')}` });
  };
  return calls;
}

/** Get-MpPreference's JSON as a non-elevated user sees it: exclusions hidden. */
export const DEFENDER_NOT_ELEVATED = JSON.stringify(
  { DisableRealtimeMonitoring: false, ExclusionPath: ['N/A: Must be an administrator to view exclusions'] },
  null,
  4,
);

/** Get-MpPreference's JSON for an administrator, with these exclusions (null for none). */
export function defenderElevated(exclusions: string[] | null, realtimeDisabled = false): string {
  return JSON.stringify({ DisableRealtimeMonitoring: realtimeDisabled, ExclusionPath: exclusions }, null, 4);
}

/** Puts Windows PowerShell at its System32 path and answers every run with `answer`. Returns the calls made to it. */
export function installFakePowerShell(host: FakeHost, answer: string | Partial<ExecResult>): FakeCall[] {
  host.writeFile(POWERSHELL_EXE, { content: 'MZ powershell' });
  const calls: FakeCall[] = [];
  const inner = host.exec.bind(host);
  host.exec = async (file, args, options) => {
    if (file.toLowerCase() !== POWERSHELL_EXE.toLowerCase()) return inner(file, args, options);
    calls.push({ file, args: [...args], options });
    const r = typeof answer === 'string' ? { stdout: `${answer}\r\n` } : answer;
    return { code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...r };
  };
  return calls;
}

export const REG_EXE = 'C:\\Windows\\System32\\reg.exe';
export const MACHINE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
export const USER_KEY = 'HKCU\\Environment';

export interface FakeRegistryValue {
  type: 'REG_SZ' | 'REG_EXPAND_SZ';
  data: string;
}

/** The two Environment keys, value name -> value (names as stored; reg.exe treats them case-insensitively). */
export interface FakeRegistry {
  machine: Record<string, FakeRegistryValue>;
  user: Record<string, FakeRegistryValue>;
}

/** The answer to every query instead of the listing (a failure to read), by key. */
export interface FakeRegistryFailures {
  machine?: Partial<ExecResult>;
  user?: Partial<ExecResult>;
}

/** What `reg query KEY` prints on Windows: a blank line, the key's full name, one line per value, a blank line (CRLF). */
export function regQueryOutput(key: string, values: Record<string, FakeRegistryValue>): string {
  const full = key.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/, 'HKEY_CURRENT_USER\\');
  const lines = ['', full, ...Object.entries(values).map(([name, v]) => `    ${name}    ${v.type}    ${v.data}`), '', ''];
  return lines.join('\r\n');
}

/**
 * Puts reg.exe at %SystemRoot%\System32 and answers `query KEY` from `registry`, and `add KEY /v NAME /t TYPE /d DATA /f`
 * by changing it (a value whose name differs only in case is replaced, as the registry does). Returns the calls made.
 */
export function installFakeRegistry(host: FakeHost, registry: FakeRegistry, failures: FakeRegistryFailures = {}): FakeCall[] {
  host.writeFile(REG_EXE, { content: 'MZ reg' });
  const calls: FakeCall[] = [];
  const inner = host.exec.bind(host);
  const keyOf = (k: string) =>
    k.toUpperCase() === MACHINE_KEY.toUpperCase() ? 'machine' : k.toUpperCase() === USER_KEY.toUpperCase() ? 'user' : undefined;
  host.exec = async (file, args, options) => {
    if (file.toLowerCase() !== REG_EXE.toLowerCase()) return inner(file, args, options);
    calls.push({ file, args: [...args], options });
    const done = (r: Partial<ExecResult>): ExecResult => ({ code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...r });
    const which = keyOf(args[1] ?? '');
    const missing = done({ code: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' });
    if (!which) return missing;
    if (args[0] === 'query' && args.length === 2) {
      const failure = failures[which];
      return failure ? done(failure) : done({ stdout: regQueryOutput(args[1], registry[which]) });
    }
    const flag = (f: string) => {
      const at = args.findIndex((a) => a.toLowerCase() === f);
      return at > 0 ? args[at + 1] : undefined;
    };
    const name = flag('/v');
    const type = flag('/t');
    const data = flag('/d');
    if (args[0] === 'add' && name && (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') && data !== undefined && args.includes('/f')) {
      const values = registry[which];
      for (const k of Object.keys(values)) if (k.toLowerCase() === name.toLowerCase()) delete values[k];
      values[name] = { type, data };
      return done({ stdout: 'The operation completed successfully.\r\n' });
    }
    return done({ code: 1, stderr: `fake reg.exe: nothing scripted for ${args.join(' ')}` });
  };
  return calls;
}

/**
 * The Path a program started now gets from `registry`, built as Windows builds it (machine Path, then user Path,
 * REG_EXPAND_SZ values expanded with `variables` and the keys' own values): an independent rendering for tests.
 */
export function newProcessPath(registry: FakeRegistry, variables: Record<string, string>): string {
  const lookup = (values: Record<string, FakeRegistryValue>[], name: string): string | undefined => {
    for (const v of values) {
      const hit = Object.entries(v).find(([k]) => k.toLowerCase() === name.toLowerCase() && k.toLowerCase() !== 'path');
      // A REG_EXPAND_SZ variable was itself expanded when Windows set it, before Path.
      if (hit)
        return hit[1].type === 'REG_EXPAND_SZ'
          ? hit[1].data.replace(/%([^%]+)%/g, (whole, n: string) => fromVariables(n) ?? whole)
          : hit[1].data;
    }
    return fromVariables(name);
  };
  const fromVariables = (name: string) => Object.entries(variables).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const pathOf = (values: Record<string, FakeRegistryValue>, scope: Record<string, FakeRegistryValue>[]) => {
    const v = Object.entries(values).find(([k]) => k.toLowerCase() === 'path')?.[1];
    if (!v) return [];
    const text = v.type === 'REG_EXPAND_SZ' ? v.data.replace(/%([^%]+)%/g, (whole, n: string) => lookup(scope, n) ?? whole) : v.data;
    return text.split(';').filter((e) => e !== '');
  };
  return [...pathOf(registry.machine, [registry.machine]), ...pathOf(registry.user, [registry.user, registry.machine])].join(';');
}
