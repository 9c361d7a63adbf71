// The go environment: `go env -json` for named variables, the user's go env file, $GOROOT/go.env, and where each value comes from.
import { getEnv, pathApi, type Host } from '../host';
import { type ExecResult } from '../../platform/exec';
import type { EnvFile, EnvValue, GoEnvProbe, ProbeFailure } from '../facts';

/** Variables asked of `go env -json` (named: a bare `go env -json` runs the C compiler and is far slower). */
export const GO_ENV_NAMES = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOCACHE',
  'GOMODCACHE',
  'GOENV',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GOINSECURE',
  'GOAUTH',
  'GOFLAGS',
  'GO111MODULE',
  'GOOS',
  'GOARCH',
  'GOHOSTOS',
  'GOHOSTARCH',
  'CGO_ENABLED',
  'CC',
  'CXX',
  'GOVERSION',
  'GOWORK',
  'GOEXE',
  'GOTELEMETRY',
  'GOAMD64',
  'GOARM',
  'GODEBUG',
  'GOEXPERIMENT',
  'GOFIPS140',
] as const;

/** Variables reported in facts.env with their source (GOTOOLCHAIN is computed here, not asked). */
export const KEY_ENV_NAMES = [
  ...GO_ENV_NAMES.filter((n) => n !== 'GOHOSTOS' && n !== 'GOHOSTARCH' && n !== 'GOVERSION' && n !== 'GOEXE'),
  'GOTOOLCHAIN',
];

/**
 * Parses a go env file exactly as the go command does: split on '\n', a line counts when it has '='
 * and starts with A-Z; the value is everything after the first '=' (no trimming, no quotes).
 * A later line for the same key wins.
 */
export function parseEnvFile(path: string, content: string | undefined): EnvFile {
  const file: EnvFile = { path, exists: content !== undefined, vars: {}, lines: {} };
  if (content === undefined) return file;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const eq = line.indexOf('=');
    if (eq < 0 || line.length === 0 || line[0] < 'A' || line[0] > 'Z') continue;
    const key = line.slice(0, eq);
    file.vars[key] = line.slice(eq + 1);
    file.lines[key] = i + 1;
  }
  return file;
}

/** os.UserConfigDir() for the host: $XDG_CONFIG_HOME or ~/.config, ~/Library/Application Support, %AppData%. */
function userConfigDir(host: Pick<Host, 'platform' | 'env' | 'homedir'>): string | undefined {
  const p = pathApi(host);
  if (host.platform === 'win32') return getEnv(host, 'AppData') || undefined;
  const home = getEnv(host, 'HOME') || host.homedir;
  if (host.platform === 'darwin') return home ? p.join(home, 'Library', 'Application Support') : undefined;
  const xdg = getEnv(host, 'XDG_CONFIG_HOME');
  if (xdg && p.isAbsolute(xdg)) return xdg;
  return home ? p.join(home, '.config') : undefined;
}

/** os.UserCacheDir() for the host (default parent of GOCACHE). */
export function userCacheDir(host: Pick<Host, 'platform' | 'env' | 'homedir'>): string | undefined {
  const p = pathApi(host);
  if (host.platform === 'win32') return getEnv(host, 'LocalAppData') || undefined;
  const home = getEnv(host, 'HOME') || host.homedir;
  if (host.platform === 'darwin') return home ? p.join(home, 'Library', 'Caches') : undefined;
  const xdg = getEnv(host, 'XDG_CACHE_HOME');
  if (xdg && p.isAbsolute(xdg)) return xdg;
  return home ? p.join(home, '.cache') : undefined;
}

/**
 * Where Go Health keeps what it remembers between runs outside VS Code (the undo stack and audit log of
 * fixes applied from other editors): $XDG_STATE_HOME or ~/.local/state, ~/Library/Application Support on
 * macOS, %LOCALAPPDATA% on Windows; a `gohealth` folder below it.
 */
export function gohealthStateDir(host: Pick<Host, 'platform' | 'env' | 'homedir'>): string | undefined {
  const p = pathApi(host);
  const home = getEnv(host, 'HOME') || host.homedir;
  let base: string | undefined;
  if (host.platform === 'win32') base = getEnv(host, 'LocalAppData') || undefined;
  else if (host.platform === 'darwin') base = home ? p.join(home, 'Library', 'Application Support') : undefined;
  else {
    const xdg = getEnv(host, 'XDG_STATE_HOME');
    base = xdg && p.isAbsolute(xdg) ? xdg : home ? p.join(home, '.local', 'state') : undefined;
  }
  return base ? p.join(base, 'gohealth') : undefined;
}

/** The user's go env file path (`go env -w` writes there); undefined when GOENV=off or no config dir. */
export function goEnvFilePath(host: Pick<Host, 'platform' | 'env' | 'homedir'>): { path?: string; off: boolean } {
  const fromEnv = getEnv(host, 'GOENV');
  if (fromEnv) return fromEnv === 'off' ? { off: true } : { path: fromEnv, off: false };
  const dir = userConfigDir(host);
  return { path: dir ? pathApi(host).join(dir, 'go', 'env') : undefined, off: false };
}

/**
 * The environment every probe spawn of `go` gets: the host's, with GOTOOLCHAIN=local so nothing downloads or
 * switches, and GOMAXPROCS=1: these runs last a few milliseconds and two of them run at once beside the check
 * itself, which then keeps a core (3-4% faster on a 2-core machine). Neither variable changes what they print.
 */
export function goSpawnEnv(host: Pick<Host, 'platform' | 'env'>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  const replaced = new Set(['GOTOOLCHAIN', 'GOMAXPROCS']);
  for (const [k, v] of Object.entries(host.env)) {
    if (replaced.has(host.platform === 'win32' ? k.toUpperCase() : k)) continue;
    env[k] = v;
  }
  env.GOTOOLCHAIN = 'local';
  env.GOMAXPROCS = '1';
  return env;
}

/**
 * The environment for spawns that only read files (`go version -m`, `go mod edit -json`, `go tool dist list`):
 * none of the user's Go settings, from the OS or the go env file. A bad GOROOT, GOPATH, GOFLAGS, GOWORK or
 * GOEXPERIMENT makes every go command stop before it does anything, which would hide every version and make a
 * working go look broken; the checks report those values instead, and this run still learns what each binary is.
 */
export function neutralGoSpawnEnv(host: Pick<Host, 'platform' | 'env'>): Record<string, string | undefined> {
  const env = goSpawnEnv(host);
  for (const k of Object.keys(env)) if (/^(GO|CGO_)/i.test(k) && (host.platform === 'win32' || /^(GO|CGO_)/.test(k))) delete env[k];
  env.GOTOOLCHAIN = 'local';
  env.GOMAXPROCS = '1';
  env.GOENV = 'off';
  return env;
}

/** How much of a failed program's output a finding carries: enough to recognise the error, never megabytes. */
const EXCERPT_CHARS = 2_000;
const LINE_CHARS = 300;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function firstLine(text: string): string {
  // Only the head is searched: a program that printed 100 MB is judged by its first lines.
  const line =
    text
      .slice(0, EXCERPT_CHARS)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  return clip(line, LINE_CHARS);
}

/** The start of a program's error output, bounded (the evidence and the detail of a finding quote it). */
function excerpt(text: string): string | undefined {
  return text ? clip(text, EXCERPT_CHARS) : undefined;
}

/** Turns a failed or odd run of the go command into a failure a user can read; undefined when it succeeded. */
export function execFailure(result: ExecResult, command: string, timeoutMs: number): ProbeFailure | undefined {
  if (result.spawnError) return { kind: 'spawn', message: `could not start ${command.split(' ')[0]}: ${result.spawnError}`, command };
  if (result.timedOut) {
    return {
      kind: 'timeout',
      message: `\`${command}\` did not answer within ${timeoutMs} ms`,
      command,
      stderr: excerpt(result.stderr),
      exitCode: null,
    };
  }
  if (result.code !== 0) {
    const why = firstLine(result.stderr) || firstLine(result.stdout) || 'no output';
    return {
      kind: 'exit',
      message: `\`${command}\` exited with code ${result.code}: ${why}`,
      command,
      stderr: excerpt(result.stderr),
      exitCode: result.code,
    };
  }
  return undefined;
}

/** Interprets `go env -json` output: an object whose values are all strings, or a 'garbage' failure. */
export function parseGoEnvJson(result: ExecResult, command: string, timeoutMs: number): GoEnvProbe {
  const failure = execFailure(result, command, timeoutMs);
  if (failure) return { vars: {}, failure };
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    parsed = undefined;
  }
  const isStringMap =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
  if (!isStringMap) {
    const sample = result.stdout.slice(0, 4_000).trim().slice(0, 120) || '(empty output)';
    return {
      vars: {},
      failure: {
        kind: 'garbage',
        message: `\`${command}\` printed something that is not go env JSON: ${sample}`,
        command,
        stderr: excerpt(result.stderr),
        exitCode: result.code,
      },
    };
  }
  const vars = { ...(parsed as Record<string, string>) };
  // The probe forced GOTOOLCHAIN=local; that value says nothing about the user's setting.
  delete vars.GOTOOLCHAIN;
  return { vars };
}

/**
 * The value of one variable in the go command's precedence: OS environment (non-empty) > user's go env
 * file > $GOROOT/go.env (only for keys the user file does not mention) > default (go env's answer).
 */
export function envValue(
  host: Pick<Host, 'platform' | 'env'>,
  name: string,
  userFile: EnvFile | undefined,
  gorootFile: EnvFile | undefined,
  goEnvAnswer: string | undefined,
): EnvValue {
  const osRaw = getEnv(host, name);
  const fileValue = userFile?.vars[name];
  const gorootFileValue = gorootFile?.vars[name];
  const evidence = {
    ...(osRaw !== undefined ? { osValue: osRaw } : {}),
    ...(fileValue !== undefined ? { fileValue } : {}),
    ...(gorootFileValue !== undefined ? { gorootFileValue } : {}),
  };
  let value: string;
  let source: EnvValue['source'];
  if (osRaw) {
    value = osRaw;
    source = 'os';
  } else if (fileValue !== undefined) {
    // An empty line in the user file still hides the go.env value; the go command then uses its default.
    value = fileValue;
    source = fileValue ? 'goenv-file' : 'default';
  } else if (gorootFileValue) {
    value = gorootFileValue;
    source = 'goroot-go.env';
  } else {
    value = '';
    source = 'default';
  }
  // go env's answer is what the go command really uses (cleaned, defaulted); only GOTOOLCHAIN was forced by the probe.
  if (name !== 'GOTOOLCHAIN' && goEnvAnswer !== undefined) value = goEnvAnswer;
  // With GOTOOLCHAIN unset everywhere the go command never switches: it behaves as `local`.
  if (name === 'GOTOOLCHAIN' && source === 'default') value = 'local';
  return { name, value, source, ...evidence };
}
