// A stand-in for PowerShell's parsing of one statement form, `[& ]'C:\prog.exe' word 'quoted' …`: no machine here has PowerShell.
// It yields the argv PowerShell hands the program, and refuses anything outside that form rather than guess.

export interface NativeCall {
  program: string;
  args: string[];
}

/**
 * Splits `& 'program' arg …` (or `C:\bare\program.exe arg …`) the way PowerShell does for these tokens: single-quoted
 * strings ('' is one quote; nothing inside expands), and bare words made only of letters, digits and `_ . \ / : = + % -`
 * (a quoted program needs the call operator `&`). Throws on anything else
 * (`$`, double quotes, backticks, `;`, pipes, parentheses…), which would need PowerShell's full grammar.
 */
export function parseNativeCall(text: string): NativeCall {
  let i = 0;
  const words: string[] = [];
  const skipSpace = () => {
    while (i < text.length && text[i] === ' ') i++;
  };
  skipSpace();
  const call = text[i] === '&';
  if (call) i++;
  else if (text[i] === "'") throw new Error(`a quoted program without the call operator & is a string, not a command: ${text}`);
  for (;;) {
    skipSpace();
    if (i >= text.length) break;
    if (text[i] === "'") {
      let word = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quote in: ${text}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            word += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        word += text[i++];
      }
      if (i < text.length && text[i] !== ' ') throw new Error(`a quoted word runs into other text at ${i}: ${text}`);
      words.push(word);
      continue;
    }
    const m = /^[A-Za-z0-9_.\\/:=+%-]+/.exec(text.slice(i));
    if (!m || (i + m[0].length < text.length && text[i + m[0].length] !== ' ')) {
      throw new Error(`outside what the stand-in knows at ${i}: ${text.slice(i, i + 20)}`);
    }
    words.push(m[0]);
    i += m[0].length;
  }
  if (words.length === 0) throw new Error(`no program in: ${text}`);
  return { program: words[0], args: words.slice(1) };
}
