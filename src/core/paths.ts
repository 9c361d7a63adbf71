// Paths in a host's own style (Windows or POSIX, whatever this process runs on): normalised for comparison, inside-of, split, joined.
import * as path from 'node:path';

/**
 * Normalises a path for comparison: one separator style, `.` and `..` segments resolved, no trailing
 * separator, case-folded on Windows. Lexical only: symlinks are not followed.
 */
export function normPath(p: string, win: boolean): string {
  if (p === '') return '';
  const api = win ? path.win32 : path.posix;
  let d = api.normalize(win ? withoutLongPathPrefix(p) : p);
  const root = api.parse(d).root;
  while (d.length > root.length && /[\\/]$/.test(d)) d = d.slice(0, -1);
  return win ? d.toLowerCase() : d;
}

/**
 * A Windows path without its long-path prefix: `\\?\C:\x` is `C:\x` and `\\?\UNC\server\share` is
 * `\\server\share`. Both spellings name the same file; some file APIs (and Wine) accept only the short one.
 */
export function withoutLongPathPrefix(p: string): string {
  if (/^[\\/]{2}[?.][\\/][A-Za-z]:([\\/]|$)/.test(p)) return p.slice(4);
  if (/^[\\/]{2}[?.][\\/]UNC[\\/]/i.test(p)) return `\\\\${p.slice(8)}`;
  return p;
}

export function samePath(a: string | undefined, b: string | undefined, win: boolean): boolean {
  if (a === undefined || b === undefined) return false;
  return normPath(a, win) === normPath(b, win);
}

/** True when child is parent or lies below it. */
export function isUnder(child: string, parent: string, win: boolean): boolean {
  const c = normPath(child, win);
  const p = normPath(parent, win);
  const sep = win ? '\\' : '/';
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

/** Splits a list variable (GOPATH, PATH) with the host's separator, keeping empty entries. */
export function splitList(value: string, win: boolean): string[] {
  if (value === '') return [];
  return value.split(win ? ';' : ':');
}

export function isAbsolutePath(p: string, win: boolean): boolean {
  return win ? /^([A-Za-z]:[\\/]|\\\\|\/\/)/.test(p) : p.startsWith('/');
}

/** Parent directory of a file path, in the host's style. */
export function dirOf(file: string, win: boolean): string {
  const i = Math.max(file.lastIndexOf('/'), win ? file.lastIndexOf('\\') : -1);
  if (i <= 0) return win ? file : '/';
  return file.slice(0, i);
}

/** Joins path segments with the host's separator. */
export function joinPath(win: boolean, ...parts: string[]): string {
  const sep = win ? '\\' : '/';
  return parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, ''))).join(sep);
}
