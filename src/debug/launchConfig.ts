// Generates the Windows + WSL launch configurations and their compound, and the comment-preserving launch.json edits that add them.
import { parseTree, findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { jsoncEdits, jsoncProblem } from '../shared/jsonc';
import { applyLineEdits, offsetToPosition, type LineEdit } from '../shared/textEdits';
import type { BridgeTransport } from './launchAttributes';

/** The VS Code Go extension: when installed, the Windows half uses its `go` debug type. */
export const VSCODE_GO_EXTENSION_ID = 'golang.go';
export const DELVE_BRIDGE_TYPE = 'delve-bridge';
/**
 * A `delve-bridge` configuration with this attribute set to true starts the program on Windows and in
 * WSL at once (what the Run and Debug dropdown offers); VS Code's side expands it, the adapter never sees it.
 */
export const WINDOWS_AND_WSL_ATTRIBUTE = 'windowsAndWsl';

/** One entry of launch.json's `configurations`. */
export interface LaunchConfiguration {
  name: string;
  type: string;
  request: 'launch' | 'attach';
  [attribute: string]: unknown;
}

/** One entry of launch.json's `compounds`. */
interface CompoundConfiguration {
  name: string;
  configurations: string[];
  stopAll: boolean;
}

interface DualDebugRequest {
  /** The workspace folder as VS Code names it (`C:\Users\dev\proj` on Windows). */
  workspaceFolder: string;
  /** The main package's directory, absolute, inside the workspace folder (same style of path). */
  packageDir: string;
  /** The WSL distro; omitted means the default distro. */
  distro?: string;
  /** Whether the VS Code Go extension is installed (it then debugs the Windows half). */
  vscodeGoInstalled: boolean;
  /** Only written when not the adapter's default (`stdio`). */
  transport?: BridgeTransport;
  /** The distro's automount root; only written when not the default `/mnt/`. */
  automountRoot?: string;
}

export interface DualDebugConfigurations {
  windows: LaunchConfiguration;
  wsl: LaunchConfiguration;
  compound: CompoundConfiguration;
}

function isWindowsStyle(p: string): boolean {
  return /^[A-Za-z]:|^\\\\|^\/\/[^/]/.test(p) || (p.includes('\\') && !p.startsWith('/'));
}

/**
 * The package's directory relative to the workspace folder, with `/` separators (`''` for the folder
 * itself), or undefined when it is not inside it. Windows paths compare without case.
 */
export function packageRelativePath(workspaceFolder: string, packageDir: string): string | undefined {
  const windows = isWindowsStyle(workspaceFolder);
  const names = (p: string) => p.split(windows ? /[\\/]+/ : /\/+/).filter((n) => n !== '' && n !== '.');
  const folder = names(workspaceFolder);
  const pkg = names(packageDir);
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  if (pkg.length < folder.length || !folder.every((n, i) => same(n, pkg[i]!))) return undefined;
  const rest = pkg.slice(folder.length);
  if (rest.includes('..')) return undefined;
  return rest.join('/');
}

/** How a package is named in configuration names: its path in the folder, or the folder's name for the root package. */
function packageDisplayName(workspaceFolder: string, relativePath: string): string {
  if (relativePath !== '') return relativePath;
  const names = workspaceFolder.split(/[\\/]+/).filter((n) => n !== '');
  return names[names.length - 1] ?? 'program';
}

/** `${workspaceFolder}` or `${workspaceFolder}/cmd/server`: portable between machines and between the two halves. */
function programVariable(relativePath: string): string {
  return relativePath === '' ? '${workspaceFolder}' : `\${workspaceFolder}/${relativePath}`;
}

function windowsConfigurationName(pkg: string): string {
  return `Windows: ${pkg}`;
}

function wslConfigurationName(pkg: string, distro?: string): string {
  return `WSL${distro ? ` (${distro})` : ''}: ${pkg}`;
}

function compoundConfigurationName(pkg: string, distro?: string): string {
  return `Windows + WSL${distro ? ` (${distro})` : ''}: ${pkg}`;
}

/**
 * The Windows half, the WSL half and the compound that starts both and stops both. The Windows half
 * uses VS Code Go's `go` type when it is installed (its own Delve integration), `delve-bridge`
 * `target: local` otherwise.
 */
export function dualDebugConfigurations(request: DualDebugRequest): DualDebugConfigurations {
  const relative = packageRelativePath(request.workspaceFolder, request.packageDir);
  if (relative === undefined) throw new Error(`${request.packageDir} is not inside the workspace folder ${request.workspaceFolder}`);
  const pkg = packageDisplayName(request.workspaceFolder, relative);
  const program = programVariable(relative);
  const windows: LaunchConfiguration = request.vscodeGoInstalled
    ? { name: windowsConfigurationName(pkg), type: 'go', request: 'launch', mode: 'auto', program }
    : { name: windowsConfigurationName(pkg), type: DELVE_BRIDGE_TYPE, request: 'launch', target: 'local', mode: 'debug', program };
  const wsl: LaunchConfiguration = {
    name: wslConfigurationName(pkg, request.distro),
    type: DELVE_BRIDGE_TYPE,
    request: 'launch',
    target: 'wsl',
    ...(request.distro ? { distro: request.distro } : {}),
    mode: 'debug',
    program,
    ...(request.transport && request.transport !== 'stdio' ? { transport: request.transport } : {}),
    ...(request.automountRoot && request.automountRoot.replace(/\/*$/, '/') !== '/mnt/' ? { automountRoot: request.automountRoot } : {}),
  };
  const compound: CompoundConfiguration = {
    name: compoundConfigurationName(pkg, request.distro),
    configurations: [windows.name, wsl.name],
    stopAll: true,
  };
  return { windows, wsl, compound };
}

/** The dropdown entry for one package: a `delve-bridge` configuration that VS Code's side expands into both halves. */
export function dynamicDualConfiguration(workspaceFolder: string, packageDir: string): LaunchConfiguration | undefined {
  const relative = packageRelativePath(workspaceFolder, packageDir);
  if (relative === undefined) return undefined;
  return {
    name: compoundConfigurationName(packageDisplayName(workspaceFolder, relative)),
    type: DELVE_BRIDGE_TYPE,
    request: 'launch',
    program: programVariable(relative),
    [WINDOWS_AND_WSL_ATTRIBUTE]: true,
  };
}

// ---- launch.json ----

type LaunchJsonEditResult =
  | {
      ok: true;
      /** Edits against the given text (for a WorkspaceEdit); empty when everything was already there. */
      edits: LineEdit[];
      /** The whole file afterwards. */
      text: string;
      /** What was added, and what was already there under the same name (kept as the user has it). */
      added: string[];
      existing: string[];
      /** True when there was no launch.json (the text is a new file). */
      created: boolean;
    }
  | { ok: false; message: string };

/** A new launch.json holding only these entries. */
function newLaunchJson(configurations: readonly LaunchConfiguration[], compounds: readonly CompoundConfiguration[], eol = '\n'): string {
  const body = JSON.stringify({ version: '0.2.0', configurations, compounds }, null, 2);
  return `// Debug configurations: https://go.microsoft.com/fwlink/?linkid=830387\n${body}\n`.replace(/\n/g, eol);
}

/** How the file indents: tabs or N spaces (from its first indented line; two spaces when nothing is indented). */
function detectIndentation(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2 };
  const indent = m[1]!;
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: 4 };
  return { insertSpaces: true, tabSize: indent.length };
}

function namesIn(node: Node | undefined): Set<string> {
  const names = new Set<string>();
  for (const child of node?.children ?? []) {
    if (child.type !== 'object') continue;
    const name = findNodeAtLocation(child, ['name']);
    if (name?.type === 'string') names.add(name.value as string);
  }
  return names;
}

/**
 * Edits that add the configurations and compounds to launch.json's text, keeping its comments, other
 * entries and formatting; entries whose name is already there are left as they are. `undefined` text
 * (no file yet, or an empty one) gives a new file. A file that does not parse is refused with a message.
 */
export function launchJsonEdits(
  text: string | undefined,
  configurations: readonly LaunchConfiguration[],
  compounds: readonly CompoundConfiguration[],
): LaunchJsonEditResult {
  const allNames = [...configurations, ...compounds].map((c) => c.name);
  if (text === undefined || stripJsonComments(text).trim() === '') {
    const eol = text?.includes('\r\n') ? '\r\n' : '\n';
    const fresh = newLaunchJson(configurations, compounds, eol);
    // A file of comments only keeps them, with the JSON after them.
    const kept = text?.trim() ? `${text.replace(/\s+$/, '')}${eol}${fresh.slice(fresh.indexOf('{'))}` : fresh;
    const edits: LineEdit[] = text === undefined ? [] : [wholeTextEdit(text, kept)];
    return { ok: true, edits, text: kept, added: allNames, existing: [], created: text === undefined };
  }
  const problem = jsoncProblem(text);
  if (problem)
    return {
      ok: false,
      message: `launch.json does not parse as JSON with comments (${problem}), so it was left untouched. Correct it, then try again.`,
    };
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return { ok: false, message: 'launch.json does not hold a JSON object, so it was left untouched.' };

  const formatting = detectIndentation(text);
  const added: string[] = [];
  const existing: string[] = [];
  let current = text;
  const add = (key: 'configurations' | 'compounds', entries: readonly { name: string }[]): string | undefined => {
    const tree = parseTree(current, [], { allowTrailingComma: true, disallowComments: false })!;
    const array = findNodeAtLocation(tree, [key]);
    if (array && array.type !== 'array')
      return `"${key}" in launch.json is not an array (it is ${describe(getNodeValue(array))}), so the file was left untouched.`;
    const have = namesIn(array);
    const missing = entries.filter((e) => {
      if (have.has(e.name)) {
        existing.push(e.name);
        return false;
      }
      return true;
    });
    if (missing.length === 0) return undefined;
    if (!array) {
      const afterComments = appendPropertyAfterComments(current, tree, key, missing, formatting);
      if (afterComments !== undefined) current = afterComments;
      else {
        const r = jsoncEdits(current, [key], missing, formatting);
        if (!r.ok) return r.message;
        current = applyLineEdits(current, r.edits);
      }
    } else {
      current = appendToArray(current, array, missing, formatting);
    }
    added.push(...missing.map((e) => e.name));
    return undefined;
  };
  const failure = add('configurations', configurations) ?? add('compounds', compounds);
  if (failure) return { ok: false, message: failure };
  if (current === text) return { ok: true, edits: [], text, added, existing, created: false };
  if (jsoncProblem(current))
    return { ok: false, message: 'Adding the configurations would leave launch.json unparseable, so it was left untouched.' };
  return { ok: true, edits: [wholeTextEdit(text, current)], text: current, added, existing, created: false };
}

/** The whitespace that starts the line holding `offset`, and whether only whitespace precedes `offset` on it. */
function lineIndent(text: string, offset: number): { indent: string; ownLine: boolean } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  return { indent, ownLine: lineStart + indent.length === offset };
}

/**
 * Appends entries to an array, each on its own lines at the indentation of the entries before it.
 * Written by hand rather than with jsonc-parser's `modify`, whose formatting pass would also reformat
 * the line of the entry before (a user's one-line configuration would be spread over several lines).
 */
function appendToArray(
  text: string,
  array: Node,
  entries: readonly object[],
  formatting: { insertSpaces: boolean; tabSize: number },
): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
  const arrayLine = lineIndent(text, array.offset).indent;
  const children = array.children ?? [];
  const last = children[children.length - 1];
  const firstChild = children[0] ? lineIndent(text, children[0].offset) : undefined;
  const indent = firstChild?.ownLine ? firstChild.indent : arrayLine + unit;
  const render = (entry: object) => JSON.stringify(entry, null, unit).replace(/\n/g, eol + indent);
  const block = entries.map(render).join(`,${eol}${indent}`);
  if (last) {
    const at = last.offset + last.length;
    // A comment after the last entry on its line belongs to that entry: the new ones go after the line, and a
    // trailing comma the file had moves to the new last entry.
    const rest = /^([ \t]*)(,?)([ \t]*(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/[ \t]*)?)(?=\r?\n)/.exec(text.slice(at));
    if (rest && rest[3]!.trim()) {
      const lineEnd = at + rest[0].length;
      const trailing = rest[2] === ',';
      return `${text.slice(0, at)},${rest[1]}${rest[3]}${eol}${indent}${block}${trailing ? ',' : ''}${text.slice(lineEnd)}`;
    }
    return `${text.slice(0, at)},${eol}${indent}${block}${text.slice(at)}`;
  }
  // An empty array, perhaps holding comments: the entries go before its closing bracket.
  const close = array.offset + array.length - 1;
  const closing = lineIndent(text, close);
  if (closing.ownLine) {
    const lineStart = close - closing.indent.length;
    return `${text.slice(0, lineStart)}${indent}${block}${eol}${text.slice(lineStart)}`;
  }
  return `${text.slice(0, close).replace(/[ \t]+$/, '')}${eol}${indent}${block}${eol}${arrayLine}${text.slice(close)}`;
}

/**
 * A new property of the root object, placed after the comments that stand between the last property and the
 * closing brace (a comment there introduces what comes next, e.g. "compounds are added below"), so no comment
 * ends up above or inside something it was not written for. Undefined when there are no such comments.
 */
function appendPropertyAfterComments(
  text: string,
  root: Node,
  key: string,
  value: unknown,
  formatting: { insertSpaces: boolean; tabSize: number },
): string | undefined {
  const props = root.children ?? [];
  const last = props[props.length - 1];
  if (!last) return undefined;
  const at = last.offset + last.length;
  const close = root.offset + root.length - 1;
  const between = text.slice(at, close);
  if (!/\/\/|\/\*/.test(between)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]*)(,?)([\s\S]*?)([ \t]*)$/.exec(between)!;
  if (!/\n[ \t]*$/.test(m[3]!) && !m[3]!.endsWith('\n')) return undefined;
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
  const indent = lineIndent(text, last.offset).indent;
  const rendered = `${JSON.stringify(key)}: ${JSON.stringify(value, null, unit).replace(/\n/g, eol + indent)}`;
  const trailing = m[2] === ',';
  return `${text.slice(0, at)},${m[1]}${m[3]}${indent}${rendered}${trailing ? ',' : ''}${eol}${text.slice(close - m[4]!.length)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * One edit that turns `before` into `after`: everything outside the changed middle is not touched,
 * so an editor keeps its markers, folding and cursor there, and one undo reverts it all.
 */
export function wholeTextEdit(before: string, after: string): LineEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a CRLF pair: an edit boundary between \r and \n confuses line/column positions.
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
  const s = offsetToPosition(before, start);
  const e = offsetToPosition(before, endBefore);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, newText: after.slice(start, endAfter) };
}

/** The text without `//` and block comments (strings kept), to tell an empty file from one holding only comments. */
function stripJsonComments(text: string): string {
  return text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '');
}

// ---- main packages ----

/**
 * Whether Go source text is in package main: the first `package` clause after comments. `_test.go`
 * files are the caller's to skip (a test may be `package main` without the folder being a program).
 */
export function isMainPackageSource(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\uFEFF') i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else break;
  }
  return /^package[ \t]+main\b/.test(text.slice(i, i + 64));
}

/** Directories to skip when looking for main packages: the go command ignores them, or they are not the user's. */
export const IGNORED_DIRECTORIES = ['vendor', 'testdata', 'node_modules', '.git'];

/**
 * The directories holding a main package, relative to the workspace folder with `/` separators (`''` for
 * the folder itself, listed first), from the folder's `.go` files (paths relative to it) and their text.
 * Files in ignored directories, or whose name starts with `_` or `.`, do not count (the go command ignores them).
 */
export function mainPackageDirs(files: readonly { relativePath: string; text: string }[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.relativePath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    const base = parts.pop() ?? '';
    if (!base.endsWith('.go') || base.endsWith('_test.go') || base.startsWith('_') || base.startsWith('.')) continue;
    if (parts.some((p) => IGNORED_DIRECTORIES.includes(p) || p.startsWith('.') || p.startsWith('_') || p === '..')) continue;
    if (!isMainPackageSource(f.text)) continue;
    dirs.add(parts.join('/'));
  }
  return [...dirs].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}
