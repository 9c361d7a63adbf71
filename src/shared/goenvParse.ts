// Reads go env files (the user's GOENV file, $GOROOT/go.env) line by line exactly as the go command does.

export interface GoEnvEntry {
  name: string;
  value: string;
  /** 0-based line. */
  line: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

interface ParsedGoEnv {
  entries: GoEnvEntry[];
  /** Lines the go command skips although they look like settings (no `=`). */
  ignored: { line: number; text: string }[];
}

/**
 * Reads lines like cmd/go's readEnvFile: a line counts when it starts with A-Z and has `=`; everything else
 * (comments, blank lines, lower-case names) is skipped. The value is the rest of the line, taken literally.
 */
export function parseGoEnv(text: string): ParsedGoEnv {
  const entries: GoEnvEntry[] = [];
  const ignored: ParsedGoEnv['ignored'] = [];
  text.split('\n').forEach((raw, line) => {
    const lineText = raw.replace(/\r$/, '');
    if (!lineText || lineText[0]! < 'A' || lineText[0]! > 'Z') return;
    const eq = lineText.indexOf('=');
    if (eq < 0) {
      ignored.push({ line, text: lineText });
      return;
    }
    entries.push({
      name: lineText.slice(0, eq),
      value: lineText.slice(eq + 1),
      line,
      nameEnd: eq,
      valueStart: eq + 1,
      valueEnd: lineText.length,
    });
  });
  return { entries, ignored };
}

/** The value a go env file text gives a variable (the last line that sets it wins), or undefined. */
export function goEnvFileValue(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  let value: string | undefined;
  for (const e of parseGoEnv(text).entries) if (e.name === name) value = e.value;
  return value;
}
