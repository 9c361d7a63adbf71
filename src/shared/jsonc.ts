// Comment-preserving edits of JSON-with-comments files (settings.json, launch.json) as line/column text edits.
import { modify, parse, parseTree, findNodeAtLocation, printParseErrorCode, type ParseError, type JSONPath } from 'jsonc-parser';
import { offsetToPosition, type LineEdit } from './textEdits';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth';

export type { LineEdit } from './textEdits';

type JsoncEditResult = { ok: true; edits: LineEdit[] } | { ok: false; message: string };

/**
 * The value of a JSON-with-comments text (trailing commas allowed), or undefined when it nests too deeply to parse
 * safely: jsonc-parser recurses, and a workspace's 10 KB launch.json of `[` would otherwise overflow the stack.
 */
export function parseJsonc(text: string, errors: ParseError[] = []): unknown {
  if (nestsDeeperThan(text)) return undefined;
  return parse(text, errors, { allowTrailingComma: true, disallowComments: false });
}

/** Why a JSONC text cannot be edited safely, or undefined when it parses. */
export function jsoncProblem(text: string): string | undefined {
  if (nestsDeeperThan(text)) return `it nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`;
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!errors.length) return undefined;
  const e = errors[0]!;
  const { line, column } = offsetToPosition(text, e.offset);
  return `${printParseErrorCode(e.error)} at line ${line}, column ${column}`;
}

/**
 * Edits that set (value defined) or remove (value undefined) the property at `path`, touching nothing else:
 * comments, other entries and formatting survive. Refuses a file that does not parse.
 */
export function jsoncEdits(
  text: string,
  path: JSONPath,
  value: unknown,
  options: { tabSize?: number; insertSpaces?: boolean } = {},
): JsoncEditResult {
  const problem = jsoncProblem(text);
  if (problem) return { ok: false, message: `The file does not parse as JSON with comments (${problem}); it was left untouched.` };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (value === undefined) return { ok: true, edits: removalEdits(text, path) };
  const edits = modify(text, path, value, {
    formattingOptions: { tabSize: options.tabSize ?? detectIndent(text), insertSpaces: options.insertSpaces ?? true, eol },
  });
  return { ok: true, edits: edits.map((e) => toLineEdit(text, e.offset, e.length, e.content)) };
}

/** Removes a property: its own lines go; the comma before it goes when it was the last one; comments elsewhere stay. */
function removalEdits(text: string, path: JSONPath): LineEdit[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const valueNode = root ? findNodeAtLocation(root, path) : undefined;
  const prop = valueNode?.parent;
  if (!valueNode || !prop || prop.type !== 'property' || !prop.parent) return [];
  const siblings = prop.parent.children ?? [];
  const index = siblings.indexOf(prop);
  const start = prop.offset;
  let end = prop.offset + prop.length;
  const edits: { offset: number; length: number; content: string }[] = [];
  // Skip a following comma, then the rest of the line when it is only whitespace.
  let i = skipSpaces(text, end);
  const hasFollowingComma = text[i] === ',';
  if (hasFollowingComma) end = i + 1;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  const ownsLineStart = lineStart === 0 || text[lineStart - 1] === '\n';
  i = skipSpaces(text, end);
  const ownsLineEnd = text[i] === '\n' || text[i] === '\r' || i >= text.length;
  if (ownsLineStart && ownsLineEnd) {
    const afterNewline = text[i] === '\r' ? i + 2 : text[i] === '\n' ? i + 1 : i;
    edits.push({ offset: lineStart, length: afterNewline - lineStart, content: '' });
  } else {
    edits.push({ offset: start, length: end - start, content: '' });
  }
  if (!hasFollowingComma && index > 0) {
    // Last property: the comma that separated it from the previous one would now dangle.
    const prev = siblings[index - 1]!;
    const commaAt = text.indexOf(',', prev.offset + prev.length);
    if (commaAt >= 0 && commaAt < start) edits.push({ offset: commaAt, length: 1, content: '' });
  }
  return edits.sort((a, b) => a.offset - b.offset).map((e) => toLineEdit(text, e.offset, e.length, e.content));
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function detectIndent(text: string): number {
  const m = /\n([ ]+)\S/.exec(text);
  return m ? m[1]!.length : 2;
}

function toLineEdit(text: string, offset: number, length: number, newText: string): LineEdit {
  const s = offsetToPosition(text, offset);
  const e = offsetToPosition(text, offset + length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, newText };
}
