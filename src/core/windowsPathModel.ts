// How Windows builds a Path from the registry, as pure functions the probe and the fixes share: the keys, %VAR% expansion, entry comparison.
import { normPath } from './paths';

/** The machine (system) environment; writing it needs an administrator. */
export const MACHINE_ENVIRONMENT_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
/** The user's own environment. */
export const USER_ENVIRONMENT_KEY = 'HKCU\\Environment';

/** Expands `%NAME%` the way ExpandEnvironmentStrings does: one pass, unknown names left as written. */
export function expandWindowsVariables(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => lookup(name) ?? whole);
}

/** A Path entry reduced for comparison: the quotes a Path entry may carry taken off, then normalised as any Windows path. */
export function comparableWindowsPath(entry: string): string {
  const t = entry.trim();
  return normPath(t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t, true);
}
