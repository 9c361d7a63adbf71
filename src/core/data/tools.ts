// The Go-built tools Go Health knows: the executable name it looks for on PATH and in the go-install directory, and the package `go install` builds.

interface GoTool {
  /** Executable name without .exe. */
  name: string;
  /** The main package `go install <package>@latest` builds. */
  package: string;
}

/**
 * The one list of tools: probed on PATH and in the go-install directory (a stat per name per PATH directory, so
 * the list stays short), installed and reinstalled by fixes.
 */
export const GO_TOOLS: readonly GoTool[] = [
  { name: 'gopls', package: 'golang.org/x/tools/gopls' },
  { name: 'dlv', package: 'github.com/go-delve/delve/cmd/dlv' },
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
