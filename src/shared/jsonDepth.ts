// How deeply a JSON (or JSON-with-comments) text or value nests, found without recursion: deep input is refused before a recursive parser or serializer overflows the stack.

/**
 * Deeper than any configuration or protocol message a person or a debugger writes (launch.json nests four or five
 * levels, DAP messages a few more), and far below what overflows the stack: jsonc-parser fails near 5,000 levels,
 * JSON.stringify near 10,000.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the text opens more than `max` arrays or objects inside one another. Strings and comments (`//`, `/* *\/`)
 * are skipped, so brackets inside them do not count; malformed text is measured as far as it goes. Works on a string
 * or on the UTF-8 bytes of one (the characters that matter are all ASCII).
 */
export function nestsDeeperThan(text: string | Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  const length = text.length;
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i]!;
  // Depth can only exceed max when that many openers exist at all: most texts stop here.
  let openers = 0;
  for (let i = 0; i < length && openers <= max; i++) {
    const c = at(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) openers++;
  }
  if (openers <= max) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c === QUOTE) {
      for (i++; i < length; i++) {
        const s = at(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === SLASH && i + 1 < length && at(i + 1) === SLASH) {
      while (i < length && at(i) !== NEWLINE) i++;
    } else if (c === SLASH && i + 1 < length && at(i + 1) === STAR) {
      for (i += 2; i < length && !(at(i) === STAR && i + 1 < length && at(i + 1) === SLASH); i++);
      i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return false;
}

/** True when a parsed value nests arrays or objects more than `max` levels deep (walked with a stack, not recursion). */
export function valueNestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
