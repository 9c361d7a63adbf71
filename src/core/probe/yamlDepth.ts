// How deeply a YAML text nests flow collections ([…] and {…}), found without parsing.

// Why before parsing: the YAML parser takes quadratic time on deep flow nesting and, near 2,000 levels, takes the
// whole process down with an allocation failure no try/catch can stop, so a 2 KB CI file of `{` must be refused
// before the parser sees it.

/** Flow nesting past this is refused: CI files nest two or three levels (a matrix list), and the parser is fast up to here. */
export const MAX_YAML_FLOW_DEPTH = 128;

/** Characters after which a quote starts a quoted scalar (YAML quotes only a whole scalar). */
const BEFORE_SCALAR = new Set([' ', '\t', '\n', '\r', ':', ',', '[', '{', '-', '?', '!', '&']);

/**
 * True when the text opens more than `max` flow sequences or mappings inside one another. Comments and quoted
 * scalars are skipped; a bracket inside a plain scalar counts, which can only over-count a text that leaves more
 * than `max` of them open.
 */
export function yamlFlowNestsDeeperThan(text: string, max: number = MAX_YAML_FLOW_DEPTH): boolean {
  let openers = 0;
  for (let i = 0; i < text.length && openers <= max; i++) {
    const c = text[i];
    if (c === '[' || c === '{') openers++;
  }
  if (openers <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const before = i === 0 ? '\n' : text[i - 1]!;
    if (c === '#' && (before === ' ' || before === '\t' || before === '\n' || before === '\r')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && BEFORE_SCALAR.has(before)) {
      for (i++; i < text.length; i++) {
        const s = text[i];
        if (c === '"' && s === '\\') i++;
        else if (s === c) {
          // '' is an escaped quote inside a single-quoted scalar.
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}
