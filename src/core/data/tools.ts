// The Go tools Go Health knows how to install: executable name -> the package `go install` builds.

export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  gopls: 'golang.org/x/tools/gopls',
  dlv: 'github.com/go-delve/delve/cmd/dlv',
  staticcheck: 'honnef.co/go/tools/cmd/staticcheck',
  'golangci-lint': 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint',
  gofumpt: 'mvdan.cc/gofumpt',
  goimports: 'golang.org/x/tools/cmd/goimports',
  gotests: 'github.com/cweill/gotests/gotests',
  impl: 'github.com/josharian/impl',
  gomodifytags: 'github.com/fatih/gomodifytags',
  revive: 'github.com/mgechev/revive',
  govulncheck: 'golang.org/x/vuln/cmd/govulncheck',
};

/** Tools whose absence is reported (the language server and the debugger). */
export const ESSENTIAL_TOOLS = ['gopls', 'dlv'] as const;
