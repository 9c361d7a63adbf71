// `go env -w NAME=value` / `go env -u NAME` as a fix runs it: the active go by absolute path, never switching or downloading a toolchain.
import type { ExecFn } from '../platform/exec';
import { commandLine } from '../platform/shell';

export function goEnvArgs(variable: string, value: string | undefined): string[] {
  return value === undefined ? ['env', '-u', variable] : ['env', '-w', `${variable}=${value}`];
}

/**
 * Runs it in `cwd`, a folder of Go Health's own with no go.mod, with GOTOOLCHAIN=local: writing a setting
 * must never make the go command switch toolchains for a module. Throws with the go command's message.
 */
export async function runGoEnvCommand(
  exec: ExecFn,
  go: string,
  variable: string,
  value: string | undefined,
  options: { cwd: string; timeoutMs: number; env: Record<string, string | undefined> },
): Promise<void> {
  const args = goEnvArgs(variable, value);
  const r = await exec(go, args, { timeoutMs: options.timeoutMs, cwd: options.cwd, env: { ...options.env, GOTOOLCHAIN: 'local' } });
  if (r.code !== 0)
    throw new Error(`${commandLine(go, args)} ${r.timedOut ? 'timed out' : `failed: ${(r.stderr || r.spawnError || '').trim()}`}`);
}
