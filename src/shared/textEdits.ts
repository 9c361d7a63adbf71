// Text edits in 1-based line/column terms (the shape of an edit-file fix): apply, read what they replace, invert.

/** A replacement in 1-based line/column terms (end exclusive), the shape of an edit-file fix's edits. */
export interface LineEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/** 1-based line/column of a character offset. */
export function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Character offset of a 1-based line/column (clamped to the text). */
function positionToOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Applies line edits to a text (non-overlapping; any order). */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const withOffsets = edits
    .map((e) => ({
      start: positionToOffset(text, e.line, e.column),
      end: positionToOffset(text, e.endLine, e.endColumn),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The text each edit replaces, in order. */
export function replacedTexts(text: string, edits: readonly LineEdit[]): string[] {
  return edits.map((e) => text.slice(positionToOffset(text, e.line, e.column), positionToOffset(text, e.endLine, e.endColumn)));
}

/**
 * Edits that undo `edits` once they have been applied, given the text each replaced. Edits must not overlap;
 * positions are computed in the edited text, so later edits on the same line shift by earlier ones.
 */
export function invertLineEdits(edits: readonly LineEdit[], previous: readonly string[]): LineEdit[] {
  const order = edits.map((e, i) => ({ e, prev: previous[i] ?? '' })).sort((a, b) => a.e.line - b.e.line || a.e.column - b.e.column);
  const out: LineEdit[] = [];
  // Where an original position lands after the edits so far: lines shift; columns shift on the line the last edit ended.
  let lineShift = 0;
  let lastOldEndLine = -1;
  let colShift = 0;
  for (const { e, prev } of order) {
    const line = e.line + lineShift;
    const column = e.line === lastOldEndLine ? e.column + colShift : e.column;
    const newLines = e.newText.split('\n');
    const endLine = line + newLines.length - 1;
    const endColumn = newLines.length === 1 ? column + e.newText.length : newLines[newLines.length - 1]!.length + 1;
    out.push({ line, column, endLine, endColumn, newText: prev });
    lineShift = endLine - e.endLine;
    lastOldEndLine = e.endLine;
    colShift = endColumn - e.endColumn;
  }
  return out;
}
