// Asks the user's login shell which go and Go variables it resolves, for the env-terminal-differs check.
import type { Host } from '../host';
import { getEnv, pathApi } from '../host';
import type { LoginShellValues } from '../facts';
import type { ProbeCache } from './cache';

/** Variables whose differing value between terminal and editor changes what go does. */
export const COMPARED_VARIABLES = ['GOROOT', 'GOPATH', 'GOPROXY', 'GOFLAGS', 'GOTOOLCHAIN'] as const;
/** Files a login shell reads: a change to one may change what it resolves. */
const PROFILE_FILES = ['.profile', '.bash_profile', '.bash_login', '.bashrc', '.zprofile', '.zshrc', '.zshenv', '.kshrc', '.mkshrc'];

const MARKER = '__GOHEALTH_LOGIN_SHELL__';
/** Shells that understand the POSIX script below; others (fish, nu, …) are not asked. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash']);

/** The script: a marker (profiles may print banners first), then NUL-separated NAME=VALUE for set variables and go's path. */
export function loginShellScript(): string {
  const vars = COMPARED_VARIABLES.map((v) => `if [ -n "\${${v}+x}" ]; then printf '%s=%s\\0' ${v} "$${v}"; fi`).join('; ');
  return `printf '${MARKER}'; ${vars}; printf 'go=%s\\0' "$(command -v go 2>/dev/null)"`;
}

export function parseLoginShellOutput(shell: string, stdout: string): LoginShellValues | undefined {
  const at = stdout.lastIndexOf(MARKER);
  if (at < 0) return undefined;
  const vars: Record<string, string | undefined> = {};
  let goPath: string | undefined;
  for (const part of stdout.slice(at + MARKER.length).split('\0')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === 'go') goPath = value.trim() || undefined;
    else if ((COMPARED_VARIABLES as readonly string[]).includes(name)) vars[name] = value;
  }
  return { shell, goPath, compared: [...COMPARED_VARIABLES], vars };
}

/**
 * Runs `$SHELL -lic <script>` with a timeout. Undefined on Windows, for a shell that is not POSIX, not
 * absolute, or that fails: the check then stays silent rather than guessing.
 */
export async function probeLoginShell(host: Host, cache: ProbeCache, timeoutMs: number): Promise<LoginShellValues | undefined> {
  if (host.platform === 'win32') return undefined;
  const shell = getEnv(host, 'SHELL');
  const p = pathApi(host);
  if (!shell || !p.isAbsolute(shell) || !POSIX_SHELLS.has(p.basename(shell))) return undefined;
  const deps = [shell, ...PROFILE_FILES.map((f) => p.join(host.homedir, f)), '/etc/profile', '/etc/environment'];
  const options = { timeoutMs: Math.min(timeoutMs, 5000), cwd: host.homedir, maxOutputBytes: 1024 * 1024 };
  const result = await cache.exec(host, shell, ['-lic', loginShellScript()], options, deps);
  if (result.timedOut || result.spawnError) return undefined;
  const values = parseLoginShellOutput(shell, result.stdout);
  if (values?.goPath && p.isAbsolute(values.goPath)) values.goRealPath = await host.fs.realpath(values.goPath);
  return values;
}
