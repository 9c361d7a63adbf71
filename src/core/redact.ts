// Redaction for reports that leave the machine: home directories, user names and host names replaced by ~, <user> and <host> in every face.
import * as os from 'node:os';

/** Who and where this machine is, as far as a shared report must not tell. */
export interface RedactionRules {
  homedir: string;
  username?: string;
  hostname?: string;
}

/** Names too short or too common to replace without mangling the report (a user called `go` is still a user). */
const KEPT_NAMES = new Set(['go', 'localhost', 'root', 'user', 'admin', 'runner', 'home', 'users']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every spelling a path takes in a report: as is, with either slash, JSON-escaped, and as a file URL's path. */
function spellings(dir: string): string[] {
  const forward = dir.replace(/\\/g, '/');
  const back = dir.replace(/\//g, '\\');
  const out = new Set([dir, forward, back, back.replace(/\\/g, '\\\\'), encodeURI(forward)]);
  return [...out].filter((s) => s.length > 1).sort((a, b) => b.length - a.length);
}

/** A name replaced only where it stands alone, not inside another word (`bob` in `bobcat` stays). */
function wordPattern(name: string, flags: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(name)}(?![A-Za-z0-9_-])`, flags);
}

/** A compiled rule set: the one function every face passes its output through when asked to redact. */
export function makeRedactor(rules: RedactionRules): (text: string) => string {
  const homes = spellings(rules.homedir).map((h) => new RegExp(`${escapeRegExp(h)}(?![A-Za-z0-9_.-])`, 'gi'));
  const user =
    rules.username && rules.username.length > 1 && !KEPT_NAMES.has(rules.username.toLowerCase())
      ? wordPattern(rules.username, 'g')
      : undefined;
  const hostnames = new Set<string>();
  if (rules.hostname) {
    hostnames.add(rules.hostname);
    hostnames.add(rules.hostname.split('.')[0]!);
  }
  const hosts = [...hostnames]
    .filter((h) => h.length > 2 && !KEPT_NAMES.has(h.toLowerCase()))
    .sort((a, b) => b.length - a.length)
    .map((h) => wordPattern(h, 'gi'));
  return (text) => {
    let out = text;
    for (const home of homes) out = out.replace(home, '~');
    for (const host of hosts) out = out.replace(host, '<host>');
    if (user) out = out.replace(user, '<user>');
    return out;
  };
}

/** Replaces home directories by `~`, the user name by `<user>` and the host name by `<host>`. */
export function redact(text: string, rules: RedactionRules): string {
  return makeRedactor(rules)(text);
}

/** The same rules applied to every string (keys too) of a JSON-shaped value; the value itself is left as it was. */
export function redactValue<T>(value: T, rules: RedactionRules | ((text: string) => string)): T {
  const apply = typeof rules === 'function' ? rules : makeRedactor(rules);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return apply(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [apply(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** This machine's rules: its home directory, the user running Go Health and the host name. */
export function localRedactionRules(homedir: string = os.homedir()): RedactionRules {
  let username: string | undefined;
  try {
    username = os.userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the home directory still goes.
  }
  return { homedir, username, hostname: os.hostname() };
}
