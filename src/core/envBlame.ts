// Which environment value a failed go command names, told from the go command's own words.

/** A go command failure caused by one environment value, told from the go command's own words. */
export interface EnvironmentBlame {
  variable: string;
  /** The go command's message, first line. */
  message: string;
}

const BLAME_PATTERNS: { re: RegExp; variable: string }[] = [
  { re: /go: cannot find GOROOT directory/, variable: 'GOROOT' },
  { re: /go: GOPATH entry (is relative|cannot start with shell metacharacter)/, variable: 'GOPATH' },
  { re: /(\$GOFLAGS|%GOFLAGS%)/, variable: 'GOFLAGS' },
  { re: /go: unknown environment setting GO111MODULE=/, variable: 'GO111MODULE' },
  { re: /go: unknown GOEXPERIMENT/, variable: 'GOEXPERIMENT' },
  { re: /go: invalid GOWORK/, variable: 'GOWORK' },
  { re: /go: invalid GOFIPS140/, variable: 'GOFIPS140' },
  { re: /go: invalid GOTOOLCHAIN/, variable: 'GOTOOLCHAIN' },
  { re: /unsupported GOOS\/GOARCH pair|go: unknown GOOS|go: unknown GOARCH/, variable: 'GOOS' },
];

/** Which environment value a go command's failure names, if its message names one. */
export function blameEnvironment(stderr: string | undefined): EnvironmentBlame | undefined {
  const text = stderr ?? '';
  for (const { re, variable } of BLAME_PATTERNS) {
    const line = text.split(/\r?\n/).find((l) => re.test(l));
    if (line) return { variable, message: line.trim() };
  }
  return undefined;
}
