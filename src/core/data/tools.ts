// The Go-built tools Go Health knows: the executable name it looks for on PATH and in the go-install directory, and the package `go install` builds.
import { compareGoVersions, parseGoVersion } from '../goversion';

interface GoTool {
  /** Executable name without .exe. */
  name: string;
  /** The main package `go install <package>@latest` builds. */
  package: string;
  /**
   * Releases with the oldest Go that builds them (the go line of their go.mod), newest first, as served by the module
   * proxy on 2026-11-25. A go older than the newest's line cannot `go install …@latest` without switching toolchains.
   */
  goLines?: readonly { version: string; go: string }[];
}

/**
 * The one list of tools: probed on PATH and in the go-install directory (a stat per name per PATH directory, so
 * the list stays short), installed and reinstalled by fixes.
 */
export const GO_TOOLS: readonly GoTool[] = [
  {
    name: 'gopls',
    package: 'golang.org/x/tools/gopls',
    goLines: [
      { version: 'v0.24.0', go: '1.27.0' },
      { version: 'v0.23.0', go: '1.26.0' },
      { version: 'v0.21.1', go: '1.25' },
      { version: 'v0.20.0', go: '1.24.2' },
    ],
  },
  {
    name: 'dlv',
    package: 'github.com/go-delve/delve/cmd/dlv',
    goLines: [
      { version: 'v1.27.2', go: '1.25.0' },
      { version: 'v1.26.2', go: '1.24' },
      { version: 'v1.25.2', go: '1.22.0' },
    ],
  },
  { name: 'staticcheck', package: 'honnef.co/go/tools/cmd/staticcheck' },
  { name: 'golangci-lint', package: 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint' },
  { name: 'goimports', package: 'golang.org/x/tools/cmd/goimports' },
  { name: 'gotests', package: 'github.com/cweill/gotests/gotests' },
  { name: 'gomodifytags', package: 'github.com/fatih/gomodifytags' },
  { name: 'impl', package: 'github.com/josharian/impl' },
  { name: 'goplay', package: 'github.com/haya14busa/goplay/cmd/goplay' },
];

export const TOOL_NAMES: readonly string[] = GO_TOOLS.map((t) => t.name);

export const TOOL_PACKAGES: Readonly<Record<string, string>> = Object.fromEntries(GO_TOOLS.map((t) => [t.name, t.package]));

/** Tools whose absence is reported (the language server and the debugger). */
export const ESSENTIAL_TOOLS = ['gopls', 'dlv'] as const;

/**
 * The version `go install` should ask for when `buildGo` (e.g. `go1.26.8`) builds the tool: `latest` when the newest
 * known release builds with it or nothing is known, else the newest release whose go line it meets.
 */
export function installableVersion(pkg: string, buildGo: string | undefined): string {
  const lines = GO_TOOLS.find((t) => t.package === pkg)?.goLines;
  const go = parseGoVersion(buildGo);
  if (!lines || !go) return 'latest';
  // Compared as the go command does: go1.26rc1 does not meet a go 1.26.0 line.
  const meets = (line: string): boolean => compareGoVersions(go, parseGoVersion(line)!) >= 0;
  if (meets(lines[0].go)) return 'latest';
  return lines.find((l) => meets(l.go))?.version ?? 'latest';
}
