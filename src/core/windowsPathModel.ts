// How Windows builds a Path from the registry, as pure functions the probe and the fixes share: the keys, %VAR% expansion, entry comparison.

/** The machine (system) environment; writing it needs an administrator. */
export const MACHINE_ENVIRONMENT_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
/** The user's own environment. */
export const USER_ENVIRONMENT_KEY = 'HKCU\\Environment';

/** Expands `%NAME%` the way ExpandEnvironmentStrings does: one pass, unknown names left as written. */
export function expandWindowsVariables(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => lookup(name) ?? whole);
}

/** A Path entry reduced for comparison: no quotes, one separator style, no trailing separator, case-folded. */
export function comparableWindowsPath(entry: string): string {
  let t = entry.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  t = t.replace(/\//g, '\\');
  while (t.length > 3 && t.endsWith('\\')) t = t.slice(0, -1);
  return t.toLowerCase();
}
