// The environment an editor started with, apart from what other extensions later wrote into the shared extension host's process.env.
import * as path from 'node:path';
import { normPath } from '../core/paths';

type Env = Record<string, string | undefined>;

/** `/proc/<pid>/environ`: NUL-separated NAME=VALUE entries, as the process was started. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** VS Code Go's settings that decide what it writes into process.env when it activates. */
interface VscodeGoWrites {
  /** go.goroot (resolved). */
  goroot?: string;
  /** go.alternateTools.go (resolved). */
  alternateGo?: string;
}

/**
 * Takes back what VS Code Go writes into the extension host's process.env from its settings, for a snapshot taken
 * after it activated: GOROOT set to go.goroot, and that GOROOT's bin (or the alternate go's directory) put first on
 * PATH. Used only where the start-up environment itself cannot be read (it can on Linux, from /proc).
 */
export function withoutVscodeGoWrites(env: Env, writes: VscodeGoWrites, platform: NodeJS.Platform): Env {
  const win = platform === 'win32';
  const api = win ? path.win32 : path.posix;
  const out: Env = { ...env };
  const pathKey = Object.keys(out).find((k) => (win ? k.toUpperCase() === 'PATH' : k === 'PATH')) ?? 'PATH';
  const gorootKey = Object.keys(out).find((k) => (win ? k.toUpperCase() === 'GOROOT' : k === 'GOROOT')) ?? 'GOROOT';
  if (writes.goroot && out[gorootKey] !== undefined && normPath(out[gorootKey]!, win) === normPath(writes.goroot, win))
    delete out[gorootKey];
  const added = [writes.goroot && api.join(writes.goroot, 'bin'), writes.alternateGo && api.dirname(writes.alternateGo)].filter(
    (d): d is string => !!d,
  );
  const entries = (out[pathKey] ?? '').split(api.delimiter);
  if (entries.length > 1 && added.some((d) => normPath(d, win) === normPath(entries[0]!, win)))
    out[pathKey] = entries.slice(1).join(api.delimiter);
  return out;
}

/**
 * The environment for a child process whose spawner merges its own process.env under the one given (as
 * vscode-languageclient does): the start-up values, and every variable added since explicitly unset.
 */
export function childEnvironment(startup: Env, current: Env): Env {
  const env: Env = { ...startup };
  for (const key of Object.keys(current)) if (!Object.prototype.hasOwnProperty.call(startup, key)) env[key] = undefined;
  return env;
}
