// The tool's own name and version, shared by the report, the CLI and the server.
export const TOOL_NAME = 'gohealth';
// Kept in step with package.json's version by a unit test.
export const TOOL_VERSION = '0.1.0';
