// Finds the WSL distros (`wsl.exe --list --verbose`, `--status`) and what each one has for Go debugging (go, dlv, automount root).
import type { ExecFn, ExecResult } from '../platform/exec';
import { parseWslConf } from './wslconf';
import { commandLine } from '../platform/shell';

type DistroStateKind = 'running' | 'stopped' | 'installing' | 'converting' | 'uninstalling' | 'unknown';

export interface WslDistro {
  name: string;
  /** The STATE column as printed (localized on non-English Windows). */
  state: string;
  stateKind: DistroStateKind;
  version: 1 | 2;
  isDefault: boolean;
}

export interface DistroList {
  distros: WslDistro[];
  defaultDistro?: string;
}

/** wsl.exe printed something this parser does not understand. */
export class WslOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WslOutputError';
  }
}

const STATE_KINDS: Record<string, DistroStateKind> = {
  running: 'running',
  stopped: 'stopped',
  installing: 'installing',
  converting: 'converting',
  uninstalling: 'uninstalling',
  // German
  'wird ausgeführt': 'running',
  beendet: 'stopped',
  angehalten: 'stopped',
  // French
  "en cours d'exécution": 'running',
  arrêté: 'stopped',
  // Spanish
  'en ejecución': 'running',
  detenido: 'stopped',
};

/** The first bytes of a buffer as hex, for error messages about output nobody could read. */
function hexPreview(buf: Uint8Array, max = 32): string {
  const bytes = Array.from(buf.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return buf.length > max ? `${bytes} … (${buf.length} bytes)` : bytes || '(empty)';
}

/**
 * Decodes what wsl.exe printed: UTF-16LE (with or without a byte-order mark, the default) or UTF-8
 * (with WSL_UTF8=1 on newer releases, or a BOM). Without a BOM, UTF-16LE is recognised by the NUL
 * high bytes of ASCII text.
 */
export function decodeWslOutput(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2, 2 + ((b.length - 2) & ~1)).toString('utf16le');
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (looksLikeUtf16le(b)) return b.subarray(0, b.length & ~1).toString('utf16le');
  return b.toString('utf8');
}

function looksLikeUtf16le(b: Buffer): boolean {
  const n = Math.min(b.length & ~1, 256);
  if (n < 2) return false;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i + 1] === 0) zeroHigh++;
    if (b[i] === 0) zeroLow++;
  }
  const pairs = n / 2;
  return zeroHigh >= pairs * 0.5 && zeroLow < pairs * 0.1;
}

/**
 * Host.exec decodes stdout as UTF-8, which keeps UTF-16LE's ASCII (as char + NUL) and turns each
 * stray high byte into one U+FFFD. This rebuilds bytes wsl.exe could have printed: ASCII exactly,
 * other characters of a UTF-16 stream as `?`. Distro names are ASCII, so they survive.
 */
export function bytesFromExecText(text: string): Buffer {
  if (!text.includes('\0')) return Buffer.from(text, 'utf8');
  const bom = text.startsWith('\uFFFD\uFFFD') ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0);
  const body = bom.length > 0 ? text.slice(2) : text;
  return Buffer.concat([bom, Buffer.from(body.replace(/\uFFFD/g, '?'), 'utf8')]);
}

function unexpected(buf: Uint8Array, why: string): WslOutputError {
  return new WslOutputError(`wsl.exe printed output in an unexpected encoding or format (${why}); it starts with: ${hexPreview(buf)}`);
}

function splitLines(text: string): string[] {
  return text.split(/\r*\n|\r/).map((l) => l.replace(/\s+$/, ''));
}

function isReadableText(text: string): boolean {
  // Control characters (other than tab) or replacement characters mean the bytes were decoded wrongly.
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFD]/.test(text);
}

/** The message wsl.exe prints instead of a table when no distro is installed (English; a localized one has no table either). */
const NO_DISTROS = /has no installed distributions|no installed distributions/i;

/**
 * Parses `wsl.exe --list --verbose`. Columns are found from the header line by position, so
 * localized headers, localized multi-word states and names with spaces all work; without a usable
 * header, each row is read as `[*] NAME STATE VERSION` from the right.
 */
export function parseDistroList(output: Uint8Array): DistroList {
  const text = decodeWslOutput(output);
  if (!isReadableText(text)) throw unexpected(output, 'not readable text');
  const lines = splitLines(text).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw unexpected(output, 'nothing printed');
  if (lines.some((l) => NO_DISTROS.test(l))) return { distros: [] };

  const [header, ...rows] = lines;
  if (/\s\d+$/.test(header)) throw unexpected(output, 'no header line');
  const headerTokens = [...header.matchAll(/\S+/g)];
  if (headerTokens.length < 3)
    throw unexpected(output, `the first line is not a NAME STATE VERSION header: ${JSON.stringify(header.slice(0, 80))}`);
  const stateCol = headerTokens[headerTokens.length - 2].index!;
  const versionCol = headerTokens[headerTokens.length - 1].index!;

  // A header alone is not an answer: with no distro wsl.exe prints a message instead of a table.
  if (rows.length === 0)
    throw unexpected(output, `a header or message without distro lines: ${JSON.stringify(header.trim().slice(0, 80))}`);
  const distros = rows.map((row) => parseRow(row, stateCol, versionCol, output));
  const names = new Set<string>();
  for (const d of distros) {
    if (names.has(d.name)) throw unexpected(output, `the distro ${JSON.stringify(d.name)} is listed twice`);
    names.add(d.name);
  }
  return { distros, defaultDistro: distros.find((d) => d.isDefault)?.name };
}

function parseRow(row: string, stateCol: number, versionCol: number, output: Uint8Array): WslDistro {
  const marker = row[0];
  if (marker !== '*' && marker !== ' ')
    throw unexpected(output, `a distro line does not start with "*" or a space: ${JSON.stringify(row.slice(0, 80))}`);
  let name: string | undefined;
  let state: string | undefined;
  let version: string | undefined;
  // By the header's columns, when the row lines up with them.
  if (row.length > versionCol && row[stateCol - 1] === ' ' && row[versionCol - 1] === ' ') {
    name = row.slice(1, stateCol).trim();
    state = row.slice(stateCol, versionCol).trim();
    version = row.slice(versionCol).trim();
  }
  if (!name || !state || !/^\d+$/.test(version ?? '')) {
    // From the right: VERSION is the last word, STATE the one before it.
    const m = /^[* ]\s*(.+?)\s+(\S+)\s+(\d+)$/.exec(row);
    if (!m) throw unexpected(output, `a distro line is not "NAME STATE VERSION": ${JSON.stringify(row.slice(0, 80))}`);
    [, name, state, version] = m;
  }
  if (version !== '1' && version !== '2')
    throw unexpected(output, `WSL version ${JSON.stringify(version)} of ${JSON.stringify(name)} is neither 1 nor 2`);
  return {
    name,
    state,
    stateKind: STATE_KINDS[state.toLowerCase()] ?? 'unknown',
    version: version === '1' ? 1 : 2,
    isDefault: marker === '*',
  };
}

interface WslStatus {
  defaultDistro?: string;
  defaultVersion?: 1 | 2;
  kernelVersion?: string;
  /** Every `label: value` line as printed (labels are localized). */
  fields: Record<string, string>;
}

/** Parses `wsl.exe --status`: `Default Distribution: Ubuntu`, `Default Version: 2`, `Kernel version: …`. */
export function parseWslStatus(output: Uint8Array): WslStatus {
  const text = decodeWslOutput(output);
  if (!isReadableText(text)) throw unexpected(output, 'not readable text');
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of splitLines(text)) {
    const m = /^\s*([^:]{1,60}?)\s*:\s+(.*\S)\s*$/.exec(line);
    if (m && !/^https?$/i.test(m[1])) fields[m[1]] = m[2];
  }
  const get = (re: RegExp) => Object.entries(fields).find(([k]) => re.test(k))?.[1];
  const version = get(/^default version$/i);
  return {
    defaultDistro: get(/^default distribution$/i),
    defaultVersion: version === '1' ? 1 : version === '2' ? 2 : undefined,
    kernelVersion: get(/^kernel version$/i),
    fields,
  };
}

type WslFailureKind = 'spawn' | 'timeout' | 'exit' | 'format';

export interface WslFailure {
  kind: WslFailureKind;
  /** One line a user can read. */
  message: string;
  command: string;
  exitCode?: number | null;
  /** What wsl.exe printed, decoded, when it explains the failure. */
  output?: string;
}

type DistroDiscovery = ({ ok: true } & DistroList) | { ok: false; failure: WslFailure };

interface WslExecOptions {
  timeoutMs?: number;
  /** Base environment for wsl.exe; WSL_UTF8=1 is added so newer releases print UTF-8. */
  env?: Record<string, string | undefined>;
}

const DEFAULT_LIST_TIMEOUT_MS = 10_000;
const DEFAULT_PROBE_TIMEOUT_MS = 30_000;

function execText(text: string): string {
  return decodeWslOutput(bytesFromExecText(text)).replace(/\0/g, '').trim();
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? ''
  );
}

/** Runs `wsl.exe --list --verbose` and parses it. Never throws: failures come back as a value. */
export async function discoverDistros(exec: ExecFn, wslExe: string, options: WslExecOptions = {}): Promise<DistroDiscovery> {
  const args = ['--list', '--verbose'];
  const command = commandLine(wslExe, args, 'powershell');
  let result: ExecResult;
  try {
    result = await exec(wslExe, args, {
      timeoutMs: options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS,
      env: { ...(options.env ?? process.env), WSL_UTF8: '1' },
      maxOutputBytes: 1024 * 1024,
    });
  } catch (e) {
    return { ok: false, failure: { kind: 'spawn', message: `could not run ${wslExe}: ${(e as Error).message ?? String(e)}`, command } };
  }
  if (result.spawnError !== undefined)
    return { ok: false, failure: { kind: 'spawn', message: `could not run ${wslExe}: ${result.spawnError}`, command } };
  if (result.timedOut) {
    return {
      ok: false,
      failure: { kind: 'timeout', message: `${command} did not answer within ${options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS} ms`, command },
    };
  }
  const bytes = bytesFromExecText(result.stdout);
  try {
    const list = parseDistroList(bytes);
    // wsl.exe exits non-zero when no distro is installed; its message then is an answer, not a failure.
    if (result.code === 0 || list.distros.length === 0) return { ok: true, ...list };
  } catch (e) {
    if (!(e instanceof WslOutputError)) throw e;
    if (result.code === 0) return { ok: false, failure: { kind: 'format', message: e.message, command, exitCode: 0 } };
  }
  const said = firstLine(execText(result.stderr)) || firstLine(execText(result.stdout));
  return {
    ok: false,
    failure: {
      kind: 'exit',
      message: `${command} exited with code ${result.code}${said ? `: ${said}` : ''}`,
      command,
      exitCode: result.code,
      output: said || undefined,
    },
  };
}

/** What a distro offers for Go debugging, learned from one login shell inside it. */
export interface DistroProbe {
  distro: string;
  go?: { path: string; version: string };
  dlv?: { path: string; version: string };
  /** From the distro's /etc/wsl.conf; `/mnt/` when it sets none. */
  automountRoot: string;
  /** 2 for a WSL2 kernel (`…-microsoft-standard-WSL2`), 1 for WSL1's (`…-Microsoft`); unknown otherwise. */
  wslVersion?: 1 | 2;
  kernelRelease?: string;
  /** `uname -m`, e.g. x86_64 or aarch64. */
  machine?: string;
  /** ID and ID_LIKE from /etc/os-release (alpine; ubuntu with debian), so install advice names the right package manager. */
  os?: { id: string; like: string[] };
  /**
   * The login shell the probe ran in: bash, as the debug relay does, or sh when the distro has no bash
   * (then Delve cannot be started there).
   */
  loginShell?: 'bash' | 'sh';
  /** Set when the probe failed as a whole; the fields above are then defaults. */
  error?: WslFailure;
}

const PROBE_BEGIN = 'gohealth-probe-begin';
const PROBE_END = 'gohealth-probe-end';

/**
 * The probe script. It runs with GOTOOLCHAIN=local so `go version` never downloads a toolchain, and
 * prints `key=value` lines between two markers (a login profile may print its own lines around them).
 */
const DISTRO_PROBE_SCRIPT = [
  `echo ${PROBE_BEGIN}`,
  't=; command -v timeout >/dev/null 2>&1 && t="timeout 10"',
  'p=$(command -v go 2>/dev/null) && { echo "go.path=$p"; GOTOOLCHAIN=local $t "$p" version 2>&1 | head -n 1 | sed "s/^/go.out=/"; }',
  // dlv where the debug relay finds it: on PATH, else in GOPATH/bin (where `go install` puts it, often not on PATH).
  'd=$(command -v dlv 2>/dev/null); if [ -z "$d" ] && [ -n "$p" ]; then g=$(GOTOOLCHAIN=local $t "$p" env GOPATH 2>/dev/null); g=${g%%:*}; [ -n "$g" ] && [ -x "$g/bin/dlv" ] && d=$g/bin/dlv; fi',
  '[ -n "$d" ] && { echo "dlv.path=$d"; $t "$d" version 2>&1 | head -n 5 | sed "s/^/dlv.out=/"; }',
  '[ -r /etc/wsl.conf ] && echo "wslconf.b64=$(base64 < /etc/wsl.conf | tr -d "\\n")"',
  'echo "kernel=$(uname -r)"',
  'echo "machine=$(uname -m)"',
  '[ -r /etc/os-release ] && (. /etc/os-release 2>/dev/null; echo "os.id=$ID"; echo "os.like=$ID_LIKE")',
  'echo "shell=${GOHEALTH_PROBE_SHELL:-sh}"',
  `echo ${PROBE_END}`,
].join('\n');

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Picks the login shell for the probe: bash when there is one, because the debug relay runs in `bash -lc`
 * and bash reads ~/.bash_profile where sh reads only ~/.profile; a PATH set in one is not in the other.
 * Started from a plain `sh -c`, so that only that one login profile is read, as for the relay.
 */
const PROBE_DISPATCH = [
  `probe='echo ${base64(DISTRO_PROBE_SCRIPT)} | base64 -d | sh'`,
  'if command -v bash >/dev/null 2>&1; then GOHEALTH_PROBE_SHELL=bash exec bash -lc "$probe"; fi',
  'GOHEALTH_PROBE_SHELL=sh exec sh -lc "$probe"',
].join('\n');

/**
 * The argument given to `sh -c`. wsl.exe may hand its command line to the distro's default shell
 * inside double quotes, so the script travels base64-encoded: the argument then holds no `$`,
 * quote or backslash that a second shell could reinterpret.
 */
export function probeShellArgument(): string {
  return `echo ${base64(PROBE_DISPATCH)} | base64 -d | sh`;
}

/** Reads the probe's `key=value` lines (a key may repeat). */
export function parseProbeOutput(distro: string, stdout: string): DistroProbe {
  const begin = stdout.indexOf(PROBE_BEGIN);
  const end = stdout.indexOf(PROBE_END, begin + 1);
  const probe: DistroProbe = { distro, automountRoot: '/mnt/' };
  if (begin < 0 || end < 0) {
    probe.error = {
      kind: 'format',
      message: `the probe inside ${distro} printed no result${stdout.trim() ? `: ${firstLine(stdout)}` : ''}`,
      command: 'sh -c',
    };
    return probe;
  }
  const values = new Map<string, string[]>();
  for (const line of stdout.slice(begin + PROBE_BEGIN.length, end).split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const list = values.get(key);
    if (list) list.push(line.slice(eq + 1));
    else values.set(key, [line.slice(eq + 1)]);
  }
  const one = (key: string) => values.get(key)?.[0];
  const goPath = one('go.path');
  if (goPath) {
    const out = one('go.out') ?? '';
    probe.go = { path: goPath, version: /\bgo version (go\S+)/.exec(out)?.[1] ?? out.trim() };
  }
  const dlvPath = one('dlv.path');
  if (dlvPath) {
    const out = values.get('dlv.out') ?? [];
    const versionLine = out.map((l) => /^Version:\s*(\S+)/.exec(l.trim())).find((m) => m);
    probe.dlv = { path: dlvPath, version: versionLine?.[1] ?? out[0]?.trim() ?? '' };
  }
  const conf = one('wslconf.b64');
  if (conf) probe.automountRoot = parseWslConf(Buffer.from(conf, 'base64').toString('utf8')).automountRoot;
  const kernel = one('kernel');
  if (kernel) {
    probe.kernelRelease = kernel;
    if (/microsoft-standard-wsl2|wsl2/i.test(kernel)) probe.wslVersion = 2;
    else if (/-microsoft$/i.test(kernel)) probe.wslVersion = 1;
  }
  probe.machine = one('machine') || undefined;
  const osId = one('os.id');
  if (osId) probe.os = { id: osId, like: (one('os.like') ?? '').split(/\s+/).filter(Boolean) };
  const shell = one('shell');
  if (shell === 'bash' || shell === 'sh') probe.loginShell = shell;
  return probe;
}

/** Runs one login shell inside `distro` and reports go, dlv, the automount root and the WSL version. Never throws. */
export async function probeDistro(exec: ExecFn, wslExe: string, distro: string, options: WslExecOptions = {}): Promise<DistroProbe> {
  const args = ['-d', distro, '--', 'sh', '-c', probeShellArgument()];
  const command = commandLine(wslExe, ['-d', distro, '--', 'sh', '-c', '<probe>'], 'powershell');
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const failed = (failure: WslFailure): DistroProbe => ({ distro, automountRoot: '/mnt/', error: failure });
  let result: ExecResult;
  try {
    result = await exec(wslExe, args, { timeoutMs, env: { ...(options.env ?? process.env), WSL_UTF8: '1' }, maxOutputBytes: 1024 * 1024 });
  } catch (e) {
    return failed({ kind: 'spawn', message: `could not run ${wslExe}: ${(e as Error).message ?? String(e)}`, command });
  }
  if (result.spawnError !== undefined) return failed({ kind: 'spawn', message: `could not run ${wslExe}: ${result.spawnError}`, command });
  if (result.timedOut)
    return failed({ kind: 'timeout', message: `the probe inside ${distro} did not finish within ${timeoutMs} ms`, command });
  const probe = parseProbeOutput(distro, result.stdout);
  if (probe.error) {
    // No result: wsl.exe's own message (UTF-16, e.g. "There is no distribution with the supplied name.") says why.
    const said = firstLine(execText(result.stderr)) || firstLine(execText(result.stdout));
    probe.error = {
      kind: result.code === 0 ? 'format' : 'exit',
      message: `${command} ${result.code === 0 ? 'printed no probe result' : `exited with code ${result.code}`}${said ? `: ${said}` : ''}`,
      command,
      exitCode: result.code,
      output: said || undefined,
    };
  }
  return probe;
}
