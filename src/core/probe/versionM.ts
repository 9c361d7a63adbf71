// Parses `go version -m <file>...` output into per-file build facts (Go version, main module, errors).

export interface VersionMInfo {
  goVersion?: string;
  /** Main package path (`path` line), e.g. github.com/go-delve/delve/cmd/dlv. */
  packagePath?: string;
  modulePath?: string;
  moduleVersion?: string;
  versionError?: string;
}

/**
 * Reads the output of one `go version -m` run over `files`. Lines are matched against the file
 * names we passed (a Windows path has colons of its own), so odd names cannot confuse the parser.
 * Errors (stderr) name the file too: `F: could not read Go build info from F: not a Go executable`.
 */
export function parseVersionM(stdout: string, stderr: string, files: string[]): Map<string, VersionMInfo> {
  const result = new Map<string, VersionMInfo>();
  // Longest names first so `/a/go` never claims a line that belongs to `/a/go.exe`.
  const byLength = [...new Set(files)].sort((a, b) => b.length - a.length);
  const owner = (line: string): string | undefined => byLength.find((f) => line.startsWith(f + ': '));
  let current: VersionMInfo | undefined;
  for (const rawLine of stdout.split(/\r?\n/)) {
    if (rawLine === '') continue;
    if (rawLine.startsWith('\t')) {
      if (!current) continue;
      const fields = rawLine.slice(1).split('\t');
      if (fields[0] === 'path' && fields[1]) current.packagePath = fields[1];
      if (fields[0] === 'mod' && fields[1]) {
        current.modulePath = fields[1];
        if (fields[2]) current.moduleVersion = fields[2];
      }
      continue;
    }
    const file = owner(rawLine);
    if (!file) {
      current = undefined;
      continue;
    }
    const rest = rawLine.slice(file.length + 2, file.length + 2 + 300).trim();
    current = {};
    if (/^go\d/.test(rest) && !/\s/.test(rest)) current.goVersion = rest;
    else current.versionError = rest || 'no version reported';
    result.set(file, current);
  }
  for (const rawLine of stderr.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const file = owner(line) ?? byLength.find((f) => line.includes(f));
    if (!file || result.get(file)?.goVersion) continue;
    const message = (line.startsWith(file + ': ') ? line.slice(file.length + 2) : line).slice(0, 300);
    result.set(file, { versionError: message });
  }
  return result;
}
