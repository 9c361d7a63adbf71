// Translates paths between Windows and a WSL distro with the semantics of `wslpath -u` / `-w` / `-m`.
//
// Rules (both directions, exact round trips for canonical input):
// - `C:\x`, `C:/x` (mixed separators too) <-> `<automount root>c/x`. Drive letters are
//   case-insensitive: lower-case on the Linux side, upper-case on the Windows side; the rest of the
//   path keeps its case. `C:` alone and `C:\` -> `/mnt/c/`; `/mnt/c` -> `C:\`.
// - `\\?\` and `\\.\` prefixes are stripped (`\\?\UNC\server\share` is `\\server\share`).
// - `\\wsl.localhost\<distro>\x` and `\\wsl$\<distro>\x` <-> `/x`, for the distro given in the
//   options only (names compared case-insensitively); another distro's path is a WslPathError,
//   because `/x` would name a file in the wrong file system. Linux paths outside the automount root
//   come back as `\\wsl.localhost\<distro>\…`.
//   A distro path under the automount root is a drive's file seen through the distro
//   (`\\wsl.localhost\Ubuntu\mnt\c\x` is `C:\x`), so it comes back in drive form. With the
//   automount root `/`, every one-letter directory at `/` is taken for a drive, as WSL does.
// - Other UNC shares (`\\server\share`), drive-relative paths (`C:x`), paths rooted without a drive
//   (`\x`) and device paths (`\\.\pipe\x`) have no Linux equivalent: WslPathError.
// - A Windows-side input that starts with a single `/` is already a Linux path and is returned with
//   its separators collapsed, so translating twice is harmless.
// - Relative paths: only separators are translated. Trailing separators are kept; runs of
//   separators collapse to one. `.` and `..` are kept as written (wslpath does not resolve them).
// - Names: Windows forbids `\ : * ? " < > |`, control characters and a trailing dot or space in a
//   file name; Linux allows them. Like WSL's file systems, such a character in a Linux name is
//   carried to Windows as the private-use code point U+F000 + its code (`a:b` <-> `a\uF03Ab`, a
//   trailing `.` <-> `\uF02E`), and mapped back on the way in. A Linux name that already contains
//   one of those private-use characters cannot round-trip (the same ambiguity exists in WSL).
// - No MAX_PATH limit is assumed; long paths are translated like short ones.

interface WslPathOptions {
  /** The distro whose root `\\wsl.localhost\<distro>\` stands for. */
  distro: string;
  /** From /etc/wsl.conf `[automount] root`; default `/mnt/`. Normalised to end with `/`. */
  automountRoot?: string;
}

/** Thrown for input that has no translation; the message names the path and the reason. */
export class WslPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WslPathError';
  }
}

export const DEFAULT_AUTOMOUNT_ROOT = '/mnt/';

const PRIVATE_USE_BASE = 0xf000;
const WSL_UNC_HOSTS = new Set(['wsl.localhost', 'wsl$']);

/** ASCII characters a Windows file name cannot hold, which WSL carries as U+F000 + code. */
function isForbiddenOnWindows(code: number): boolean {
  return (
    (code >= 1 && code <= 31) ||
    code === 0x5c /* \ */ ||
    code === 0x3a /* : */ ||
    code === 0x2a /* * */ ||
    code === 0x3f /* ? */ ||
    code === 0x22 /* " */ ||
    code === 0x3c /* < */ ||
    code === 0x3e /* > */ ||
    code === 0x7c
  ); /* | */
}

function isSeparator(ch: string | undefined): boolean {
  return ch === '\\' || ch === '/';
}

/** Shows a path in a message: quoted, control characters visible, very long paths shortened. */
function show(p: string): string {
  const shortened = p.length > 120 ? `${p.slice(0, 80)}…(${p.length} characters)` : p;
  return JSON.stringify(shortened);
}

/** `/windir` -> `/windir/`, `//mnt//` -> `/mnt/`; the root must be absolute. */
export function normaliseAutomountRoot(root: string | undefined): string {
  if (root === undefined || root === '') return DEFAULT_AUTOMOUNT_ROOT;
  if (root.includes('\0')) throw new WslPathError(`automount root ${show(root)} contains a NUL character`);
  if (!root.startsWith('/')) throw new WslPathError(`automount root ${show(root)} is not an absolute Linux path`);
  const parts = root.split('/').filter((s) => s !== '');
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

function checkDistro(distro: string, forPath: string): string {
  if (typeof distro !== 'string' || distro === '') {
    throw new WslPathError(`${show(forPath)} needs the name of a WSL distro to translate, and none was given`);
  }
  if (/[\\/\0]/.test(distro)) throw new WslPathError(`${show(distro)} is not a valid WSL distro name`);
  return distro;
}

/** A Linux file name as Windows sees it: forbidden characters and a trailing dot/space become U+F000 + code. */
function linuxNameToWindows(name: string): string {
  if (name === '.' || name === '..') return name;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    out += isForbiddenOnWindows(code) ? String.fromCharCode(PRIVATE_USE_BASE + code) : name[i];
  }
  const last = out[out.length - 1];
  if (last === '.' || last === ' ') out = out.slice(0, -1) + String.fromCharCode(PRIVATE_USE_BASE + last.charCodeAt(0));
  return out;
}

/** The inverse of {@link linuxNameToWindows}; throws for a name with a character Windows forbids. */
function windowsNameToLinux(name: string, whole: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x80 && isForbiddenOnWindows(code)) {
      throw new WslPathError(`${show(whole)} is not a valid Windows path: the name ${show(name)} contains ${show(name[i])}`);
    }
    const mapped = code - PRIVATE_USE_BASE;
    out += mapped >= 0 && mapped < 0x80 && isForbiddenOnWindows(mapped) ? String.fromCharCode(mapped) : name[i];
  }
  // A private-use dot or space stands for a trailing one, unless decoding it would make `.` or `..`.
  const lastCode = out.charCodeAt(out.length - 1) - PRIVATE_USE_BASE;
  if (lastCode === 0x2e || lastCode === 0x20) {
    const decoded = out.slice(0, -1) + String.fromCharCode(lastCode);
    if (decoded !== '.' && decoded !== '..') out = decoded;
  }
  return out;
}

/** Splits on either separator, dropping the empty names that runs of separators make. */
function windowsNames(rest: string): { names: string[]; trailing: boolean } {
  const names = rest.split(/[\\/]/).filter((s) => s !== '');
  return { names, trailing: isSeparator(rest[rest.length - 1]) };
}

function checkInput(p: unknown, what: string): asserts p is string {
  if (typeof p !== 'string') throw new WslPathError(`${what} must be a string`);
  if (p === '') throw new WslPathError(`${what} is empty`);
  if (p.includes('\0')) throw new WslPathError(`${show(p)} contains a NUL character, which no path can hold`);
}

/** Like `wslpath -u`: a Windows path as the given distro sees it. */
export function windowsToLinux(winPath: string, opts: WslPathOptions): string {
  checkInput(winPath, 'the Windows path');
  const root = normaliseAutomountRoot(opts.automountRoot);
  let p = winPath;

  // \\?\C:\x, \\.\C:\x, \\?\UNC\server\share\x (any separator).
  if (/^[\\/]{2}[?.][\\/]/.test(p)) {
    p = p.slice(4);
    if (/^UNC([\\/]|$)/i.test(p)) p = `\\\\${p.slice(4)}`;
    else if (!/^[A-Za-z]:([\\/]|$)/.test(p)) {
      throw new WslPathError(`${show(winPath)} is a device or volume path, which has no Linux equivalent`);
    }
  }

  const drive = /^([A-Za-z]):/.exec(p);
  if (drive) {
    const rest = p.slice(2);
    if (rest !== '' && !isSeparator(rest[0])) {
      throw new WslPathError(
        `${show(winPath)} is relative to the current directory of drive ${drive[1].toUpperCase()}:, which WSL cannot know; use ${drive[1].toUpperCase()}:\\…`,
      );
    }
    const { names, trailing } = windowsNames(rest);
    const linuxNames = names.map((n) => windowsNameToLinux(n, winPath));
    return `${root}${drive[1].toLowerCase()}/${linuxNames.join('/')}${trailing && linuxNames.length > 0 ? '/' : ''}`;
  }

  if (isSeparator(p[0]) && isSeparator(p[1])) {
    const { names, trailing } = windowsNames(p.slice(2));
    const [server, share, ...rest] = names;
    if (server === undefined) throw new WslPathError(`${show(winPath)} is a UNC path without a server name`);
    if (!WSL_UNC_HOSTS.has(server.toLowerCase())) {
      const shareName = show(`\\\\${server}${share ? `\\${share}` : ''}`);
      throw new WslPathError(`${show(winPath)} is on the network share ${shareName}, which has no path inside WSL`);
    }
    if (share === undefined) throw new WslPathError(`${show(winPath)} names no distro after \\\\${server}\\`);
    const distro = checkDistro(opts.distro, winPath);
    if (share.toLowerCase() !== distro.toLowerCase()) {
      throw new WslPathError(`${show(winPath)} is a file of the WSL distro ${show(share)}, not of ${show(distro)}`);
    }
    const linuxNames = rest.map((n) => windowsNameToLinux(n, winPath));
    return `/${linuxNames.join('/')}${trailing && linuxNames.length > 0 ? '/' : ''}`;
  }

  if (p[0] === '/') {
    // Already a Linux path.
    const names = p.split('/').filter((s) => s !== '');
    return `/${names.join('/')}${names.length > 0 && p.endsWith('/') ? '/' : ''}`;
  }
  if (p[0] === '\\') {
    throw new WslPathError(`${show(winPath)} is rooted without a drive letter, so it depends on the current drive; use C:\\… or the like`);
  }

  // Relative: translate the separators and names only.
  const { names, trailing } = windowsNames(p);
  return names.map((n) => windowsNameToLinux(n, winPath)).join('/') + (trailing ? '/' : '');
}

/** Like `wslpath -w` (or `-m` with forwardSlashes): a distro's path as Windows sees it. */
export function linuxToWindows(linuxPath: string, opts: WslPathOptions & { forwardSlashes?: boolean }): string {
  checkInput(linuxPath, 'the Linux path');
  const root = normaliseAutomountRoot(opts.automountRoot);
  const sep = opts.forwardSlashes ? '/' : '\\';
  const names = linuxPath.split('/').filter((s) => s !== '');
  const trailing = linuxPath.endsWith('/') && names.length > 0;
  const join = (ns: string[]) => ns.map(linuxNameToWindows).join(sep) + (trailing && ns.length > 0 ? sep : '');

  if (linuxPath[0] !== '/') return join(names);

  const rootNames = root.split('/').filter((s) => s !== '');
  const underRoot = names.length > rootNames.length && rootNames.every((r, i) => names[i] === r);
  const letter = underRoot ? names[rootNames.length] : undefined;
  if (letter !== undefined && /^[a-z]$/.test(letter)) {
    return `${letter.toUpperCase()}:${sep}${join(names.slice(rootNames.length + 1))}`;
  }
  const distro = checkDistro(opts.distro, linuxPath);
  return `${sep}${sep}wsl.localhost${sep}${distro}${sep}${join(names)}`;
}

/**
 * True for `C:…` drive paths (drive-relative `C:x` too), UNC paths (`\\server\share`, and
 * `//server/share` as `wslpath -m` prints them), `\\?\` / `\\.\` forms and `\x`. A Linux path
 * never starts with `//` in practice, so that prefix is taken as Windows.
 */
export function isWindowsPath(p: string): boolean {
  if (typeof p !== 'string') return false;
  if (/^[A-Za-z]:/.test(p)) return true;
  if (/^[\\/]{2}[?.][\\/]/.test(p)) return true;
  // `\\server…`, and `//server/…` (what `wslpath -m` prints); a backslash-rooted path is Windows too.
  return /^[\\/]{2}[^\\/]/.test(p) || /^\\(?!\\)/.test(p);
}

/** A Windows `;`-separated list (PATH-style, quoted entries allowed) as a Linux `:`-separated list. */
export function windowsPathListToLinux(list: string, opts: WslPathOptions): string {
  if (typeof list !== 'string') throw new WslPathError('the Windows path list must be a string');
  return splitWindowsList(list)
    .map((entry) => {
      const linux = windowsToLinux(entry, opts);
      if (linux.includes(':')) throw new WslPathError(`${show(entry)} becomes ${show(linux)}, which a ':'-separated list cannot hold`);
      return linux;
    })
    .join(':');
}

/** A Linux `:`-separated list as a Windows `;`-separated list; an entry holding `;` is quoted. */
export function linuxPathListToWindows(list: string, opts: WslPathOptions): string {
  if (typeof list !== 'string') throw new WslPathError('the Linux path list must be a string');
  return list
    .split(':')
    .filter((s) => s !== '')
    .map((entry) => {
      const win = linuxToWindows(entry, opts);
      return win.includes(';') ? `"${win}"` : win;
    })
    .join(';');
}

/** Splits on `;` outside double quotes, drops the quotes and empty entries (as Windows does for PATH). */
function splitWindowsList(list: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of list) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) {
      entries.push(current);
      current = '';
    } else current += ch;
  }
  entries.push(current);
  return entries.filter((e) => e !== '');
}
