// Quoting words and command lines for the shells Go Health writes commands for: POSIX sh and PowerShell.

export type Shell = 'sh' | 'powershell';

/** Characters a POSIX shell passes through unchanged in a word (no globbing, expansion or splitting). */
const SH_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * Characters PowerShell passes through unchanged in a native command's argument. Left out on purpose: `,`
 * (array operator: `a,b` becomes two arguments), `@` and `#` at the start, `$`, backtick, quotes, braces,
 * parentheses, `;`, `&`, `|`, `<`, `>` and whitespace.
 */
const PS_SAFE = /^[A-Za-z0-9_.\\/:=+%-]+$/;

/** One word for POSIX sh: bare when nothing in it is special, else in single quotes. */
export function quoteSh(word: string): string {
  return SH_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One word for PowerShell: bare when nothing in it is special, else in single quotes (a quote inside doubled). */
export function quotePowerShell(word: string): string {
  return PS_SAFE.test(word) ? word : `'${word.replace(/'/g, "''")}'`;
}

function quoteWord(word: string, shell: Shell): string {
  return shell === 'sh' ? quoteSh(word) : quotePowerShell(word);
}

/**
 * A program and its arguments as a user would type them in that shell. PowerShell runs a quoted program
 * path only through the call operator (`& 'C:\Program Files\Go\bin\go.exe' version`), so it gets one then.
 */
export function commandLine(command: string, args: readonly string[], shell: Shell = 'sh'): string {
  const program = quoteWord(command, shell);
  const call = shell === 'powershell' && program.startsWith("'") ? `& ${program}` : program;
  return [call, ...args.map((a) => quoteWord(a, shell))].join(' ');
}

/** A PowerShell string literal, for expression context (`[Environment]::SetEnvironmentVariable('Path', …)`), where a bare word is no string. */
export function powerShellString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
