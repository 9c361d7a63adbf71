// The Go-built tools the engine looks for on PATH and in the go-install directory (the one list of them).

/** Executable names (without .exe) of the tools whose copies and build versions are probed. */
export const TOOL_NAMES = [
  'gopls',
  'dlv',
  'staticcheck',
  'golangci-lint',
  'goimports',
  'gotests',
  'gomodifytags',
  'impl',
  'goplay',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
