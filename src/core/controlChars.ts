// Control characters in data (file names, variable values, go's stderr, CI values): found, and written as visible escapes so a terminal shows them instead of obeying them.

/**
 * C0 controls (ESC starts every escape sequence; BEL ends OSC titles; CR rewrites a line), DEL, C1 controls (0x9B is
 * a one-byte CSI), and the Unicode controls that reorder or hide text (bidirectional embeddings, overrides and
 * isolates, zero-width marks): a repository could otherwise set the terminal's title, clear the screen or make a
 * line read other than it is. Tab stays; newline stays only where the caller allows it.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const UNSAFE_WITH_NEWLINE = /[\u0000-\u0008\n\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\x1b') return '\\e';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character written as a visible escape (`\e`, `\x07`, `\u202e`); newlines too unless `keepNewlines`. */
export function terminalSafe(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_WITH_NEWLINE, visible);
}

/** True when the text holds a character {@link terminalSafe} would rewrite (newlines too, unless `allowNewlines`). */
export function hasControlCharacters(text: string, allowNewlines = false): boolean {
  const pattern = allowNewlines ? UNSAFE : UNSAFE_WITH_NEWLINE;
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Every string inside a value, made terminal-safe (newlines kept in strings under the named keys). */
export function terminalSafeValue<T>(value: T, multilineKeys: ReadonlySet<string> = new Set()): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return terminalSafe(v, key !== undefined && multilineKeys.has(key));
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[terminalSafe(k)] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined) as T;
}

/** True when any string inside a value holds a control character (newlines allowed when `allowNewlines`). */
export function valueHasControlCharacters(value: unknown, allowNewlines = false): boolean {
  if (typeof value === 'string') return hasControlCharacters(value, allowNewlines);
  if (Array.isArray(value)) return value.some((v) => valueHasControlCharacters(v, allowNewlines));
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => hasControlCharacters(k) || valueHasControlCharacters(v, allowNewlines));
  return false;
}

/**
 * A fix never writes control characters: they came from data (a CI value, a variable, a file name) and a fix that
 * carried them would write the payload back into a file or the user's settings, or run it in the terminal it is
 * pasted into. Such a fix is withheld and the finding says so; a file edit may still insert whole lines.
 */
export function withoutControlCharacterFixes<F extends { detail: string; fixes: readonly { id: string; kind: string; title: string }[] }>(
  finding: F,
): F {
  // The title and an instruction's steps are only shown (and made safe where they are); what a fix writes or runs is the rest.
  const kept = finding.fixes.filter(
    ({ kind, title: _title, id: _id, ...rest }) => !valueHasControlCharacters({ ...rest, steps: undefined }, kind === 'edit-file'),
  );
  if (kept.length === finding.fixes.length) return finding;
  const withheld = finding.fixes.length - kept.length;
  return {
    ...finding,
    fixes: kept,
    detail: `${finding.detail} (${withheld === 1 ? 'A fix was' : `${withheld} fixes were`} withheld: ${withheld === 1 ? 'it' : 'they'} would write terminal control characters found in the data.)`,
  };
}
