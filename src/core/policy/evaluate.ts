// What a policy's env rules mean for a value: whether it complies, in words, and the value that would comply.
import { splitGoflags } from '../data/goflags';
import type { EnvRule } from './model';

/** How a variable's value splits into entries, as the go command reads it (GOFLAGS by spaces, GOPROXY by , and |, lists by ,). */
export function entriesOf(variable: string, value: string): string[] {
  if (variable === 'GOFLAGS') return splitGoflags(value);
  const parts = variable === 'GOPROXY' ? value.split(/[,|]/) : value.split(',');
  return parts.map((e) => e.trim()).filter((e) => e !== '');
}

/** A GOFLAGS entry's flag name: `mod` for -mod=readonly and --mod=vendor. */
function flagName(entry: string): string {
  return entry.replace(/^--?/, '').split('=')[0]!;
}

/** An entry matches a listed one when equal, or (a flag named without a value, `-mod`) when it sets that flag. */
function entryMatches(variable: string, entry: string, wanted: string): boolean {
  if (entry === wanted) return true;
  return variable === 'GOFLAGS' && !wanted.includes('=') && flagName(entry) === flagName(wanted);
}

export interface EnvVerdict {
  complies: boolean;
  /** includes: the listed entries the value lacks; excludes / noDirect: the entries it has but must not. */
  entries?: string[];
}

/** Judges one value (the empty string for unset) against one rule. */
export function judgeEnvRule(rule: EnvRule, value: string): EnvVerdict {
  const entries = entriesOf(rule.variable, value);
  switch (rule.test) {
    case 'equals':
      return { complies: value.trim() === rule.values[0].trim() };
    case 'oneOf':
      return { complies: rule.values.some((v) => v.trim() === value.trim()) };
    case 'not':
      return { complies: !rule.values.some((v) => v.trim() === value.trim()) };
    case 'includes': {
      const missing = rule.values.filter((w) => !entries.some((e) => entryMatches(rule.variable, e, w)));
      return { complies: missing.length === 0, entries: missing };
    }
    case 'excludes': {
      const present = entries.filter((e) => rule.values.some((w) => entryMatches(rule.variable, e, w)));
      return { complies: present.length === 0, entries: present };
    }
    case 'noDirect': {
      const direct = entries.filter((e) => e === 'direct');
      return { complies: direct.length === 0, entries: direct };
    }
  }
}

function list(values: readonly string[]): string {
  return values.map((v) => (v === '' ? '(empty)' : v)).join(', ');
}

/** The rule in words: "GOFLAGS must include -mod=readonly". */
export function ruleInWords(rule: EnvRule): string {
  switch (rule.test) {
    case 'equals':
      return rule.values[0] === '' ? `${rule.variable} must be unset` : `${rule.variable} must be ${rule.values[0]}`;
    case 'oneOf':
      return `${rule.variable} must be one of ${list(rule.values)}`;
    case 'not':
      return `${rule.variable} must not be ${list(rule.values)}`;
    case 'includes':
      return `${rule.variable} must include ${list(rule.values)}`;
    case 'excludes':
      return `${rule.variable} must not include ${list(rule.values)}`;
    case 'noDirect':
      return `${rule.variable} must not fall back to direct (no "direct" entry)`;
  }
}

/** What a list variable's entries are joined with when Go Health writes them. */
function separator(variable: string): string {
  return variable === 'GOFLAGS' ? ' ' : ',';
}

/**
 * The value that would comply, derived from the current one where the rule allows it: undefined means "unset
 * it", null means the rule does not say what the value should be (only what it must not be).
 */
export function compliantValue(rule: EnvRule, current: string): string | undefined | null {
  const entries = entriesOf(rule.variable, current);
  const sep = separator(rule.variable);
  switch (rule.test) {
    case 'equals':
      return rule.values[0] === '' ? undefined : rule.values[0];
    case 'oneOf':
      return rule.values[0] === '' ? undefined : rule.values[0];
    case 'not':
      // Removing the setting brings back the default (the check runs again after a fix, and says if that is no better).
      return rule.values.some((v) => v.trim() === '') ? null : undefined;
    case 'includes': {
      const missing = judgeEnvRule(rule, current).entries ?? [];
      if (rule.variable === 'GOPROXY') return withProxies(current, missing);
      // A flag given a value replaces the same flag's other value (-mod=readonly for -mod=vendor), never sits beside it.
      const replaced =
        rule.variable === 'GOFLAGS' ? entries.filter((e) => !missing.some((w) => w.includes('=') && flagName(e) === flagName(w))) : entries;
      return [...replaced, ...missing].join(sep);
    }
    case 'excludes':
    case 'noDirect': {
      const drop = new Set(judgeEnvRule(rule, current).entries ?? []);
      const kept = rule.variable === 'GOPROXY' ? withoutProxies(current, drop) : entries.filter((e) => !drop.has(e)).join(sep);
      if (kept === '') return rule.test === 'noDirect' ? null : undefined;
      return kept;
    }
  }
}

/** GOPROXY as entries with the separator before each (',' falls back only on 404/410, '|' on any error), kept when rewritten. */
function proxyEntries(value: string): { entry: string; sep: string }[] {
  const out: { entry: string; sep: string }[] = [];
  let sep = '';
  for (const token of value.split(/([,|])/)) {
    if (token === ',' || token === '|') sep = token;
    else if (token.trim() !== '') {
      out.push({ entry: token.trim(), sep: out.length ? sep || ',' : '' });
      sep = '';
    }
  }
  return out;
}

function joinProxies(entries: { entry: string; sep: string }[]): string {
  return entries.map((e, i) => (i === 0 ? e.entry : `${e.sep || ','}${e.entry}`)).join('');
}

/** Adds proxies before GOPROXY's final fallback (direct or off), which must stay last to remain the fallback. */
function withProxies(value: string, add: readonly string[]): string {
  const entries = proxyEntries(value);
  const last = entries.at(-1);
  const tail = last && (last.entry === 'direct' || last.entry === 'off') ? [entries.pop()!] : [];
  return joinProxies([...entries, ...add.map((entry) => ({ entry, sep: ',' })), ...tail]);
}

function withoutProxies(value: string, drop: ReadonlySet<string>): string {
  return joinProxies(proxyEntries(value).filter((e) => !drop.has(e.entry)));
}
