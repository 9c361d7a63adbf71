// Tests Windows <-> WSL path translation against wslpath's behaviour, round trips and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  WslPathError,
  isWindowsPath,
  linuxPathListToWindows,
  linuxToWindows,
  normaliseAutomountRoot,
  windowsPathListToLinux,
  windowsToLinux,
} from '../../../src/wsl/paths';

const ubuntu = { distro: 'Ubuntu' };

void test('windowsToLinux follows wslpath -u for every Windows form', () => {
  const table: [string, string][] = [
    ['C:\\Users\\me\\src\\app', '/mnt/c/Users/me/src/app'],
    ['C:/Users/me/src/app', '/mnt/c/Users/me/src/app'],
    ['c:\\Users/me\\src/app', '/mnt/c/Users/me/src/app'],
    ['D:\\Work\\Go Projects\\main.go', '/mnt/d/Work/Go Projects/main.go'],
    ['C:', '/mnt/c/'],
    ['C:\\', '/mnt/c/'],
    ['c:/', '/mnt/c/'],
    ['C:\\x\\', '/mnt/c/x/'],
    ['C:\\\\x\\\\\\y//z', '/mnt/c/x/y/z'],
    ['C:\\x\\.\\..\\y', '/mnt/c/x/./../y'],
    ['\\\\?\\C:\\x\\y', '/mnt/c/x/y'],
    ['\\\\?\\c:', '/mnt/c/'],
    ['\\\\.\\C:\\x', '/mnt/c/x'],
    ['//?/C:/x', '/mnt/c/x'],
    ['\\\\wsl.localhost\\Ubuntu\\home\\me\\app', '/home/me/app'],
    ['\\\\wsl$\\Ubuntu\\home\\me\\app', '/home/me/app'],
    ['\\\\WSL.LOCALHOST\\ubuntu\\etc\\', '/etc/'],
    ['//wsl.localhost/Ubuntu/home/me', '/home/me'],
    ['\\\\wsl.localhost\\Ubuntu', '/'],
    ['\\\\wsl.localhost\\Ubuntu\\', '/'],
    ['\\\\?\\UNC\\wsl.localhost\\Ubuntu\\tmp\\x', '/tmp/x'],
    ['\\\\wsl.localhost\\Ubuntu\\mnt\\c\\x', '/mnt/c/x'],
    ['foo\\bar', 'foo/bar'],
    ['foo/bar\\', 'foo/bar/'],
    ['.\\main.go', './main.go'],
    ['..', '..'],
    ['/home/me/app', '/home/me/app'],
  ];
  for (const [win, linux] of table) {
    assert.equal(windowsToLinux(win, ubuntu), linux, win);
  }
});

void test('windowsToLinux uses the automount root from wsl.conf, normalised to end with a slash', () => {
  assert.equal(windowsToLinux('C:\\x', { distro: 'Ubuntu', automountRoot: '/windir/' }), '/windir/c/x');
  assert.equal(windowsToLinux('C:\\x', { distro: 'Ubuntu', automountRoot: '/windir' }), '/windir/c/x');
  assert.equal(windowsToLinux('E:\\', { distro: 'Ubuntu', automountRoot: '/' }), '/e/');
  assert.equal(windowsToLinux('C:\\x', { distro: 'Ubuntu', automountRoot: '//a//b' }), '/a/b/c/x');
  assert.equal(normaliseAutomountRoot(undefined), '/mnt/');
  assert.throws(() => normaliseAutomountRoot('mnt'), WslPathError);
});

void test('windowsToLinux does not need a distro for drive paths but does for \\\\wsl.localhost paths', () => {
  assert.equal(windowsToLinux('C:\\x', { distro: '' }), '/mnt/c/x');
  assert.throws(() => windowsToLinux('\\\\wsl$\\Ubuntu\\x', { distro: '' }), /needs the name of a WSL distro/);
});

void test('windowsToLinux refuses what has no Linux equivalent, with a message naming the path', () => {
  const table: [string, RegExp][] = [
    ['\\\\server\\share\\x', /network share "\\\\\\\\server\\\\share"/],
    ['\\\\?\\UNC\\server\\share\\x', /network share/],
    ['\\\\wsl$\\Debian\\home', /distro "Debian", not of "Ubuntu"/],
    ['\\\\wsl.localhost\\', /names no distro/],
    ['\\\\', /without a server/],
    ['C:relative\\x', /relative to the current directory of drive C:/],
    ['\\Windows\\System32', /rooted without a drive letter/],
    ['\\\\.\\pipe\\dlv', /device or volume path/],
    ['\\\\?\\Volume{1234}\\x', /device or volume path/],
    ['C:\\a*b', /not a valid Windows path/],
    ['C:\\x\\file.txt:Zone.Identifier', /contains ":"/],
    ['', /empty/],
    ['C:\\a\0b', /NUL/],
  ];
  for (const [win, message] of table) {
    assert.throws(
      () => windowsToLinux(win, ubuntu),
      (e: unknown) => e instanceof WslPathError && message.test(e.message),
      win,
    );
  }
});

void test('linuxToWindows follows wslpath -w and -m', () => {
  const table: [string, string, string][] = [
    ['/mnt/c/Users/me/app', 'C:\\Users\\me\\app', 'C:/Users/me/app'],
    ['/mnt/d/', 'D:\\', 'D:/'],
    ['/mnt/c', 'C:\\', 'C:/'],
    ['/mnt/c/x/', 'C:\\x\\', 'C:/x/'],
    ['//mnt///c//x', 'C:\\x', 'C:/x'],
    ['/home/me/app', '\\\\wsl.localhost\\Ubuntu\\home\\me\\app', '//wsl.localhost/Ubuntu/home/me/app'],
    ['/', '\\\\wsl.localhost\\Ubuntu\\', '//wsl.localhost/Ubuntu/'],
    ['/mnt', '\\\\wsl.localhost\\Ubuntu\\mnt', '//wsl.localhost/Ubuntu/mnt'],
    ['/mnt/', '\\\\wsl.localhost\\Ubuntu\\mnt\\', '//wsl.localhost/Ubuntu/mnt/'],
    ['/mnt/wsl/x', '\\\\wsl.localhost\\Ubuntu\\mnt\\wsl\\x', '//wsl.localhost/Ubuntu/mnt/wsl/x'],
    ['/mnt/C/x', '\\\\wsl.localhost\\Ubuntu\\mnt\\C\\x', '//wsl.localhost/Ubuntu/mnt/C/x'],
    ['src/main.go', 'src\\main.go', 'src/main.go'],
    ['./a/', '.\\a\\', './a/'],
  ];
  for (const [linux, w, m] of table) {
    assert.equal(linuxToWindows(linux, ubuntu), w, linux);
    assert.equal(linuxToWindows(linux, { ...ubuntu, forwardSlashes: true }), m, linux);
  }
  assert.equal(linuxToWindows('/windir/e/x', { distro: 'Ubuntu', automountRoot: '/windir/' }), 'E:\\x');
  assert.equal(linuxToWindows('/mnt/e/x', { distro: 'Ubuntu', automountRoot: '/windir/' }), '\\\\wsl.localhost\\Ubuntu\\mnt\\e\\x');
  assert.equal(linuxToWindows('/e/x', { distro: 'Ubuntu', automountRoot: '/' }), 'E:\\x');
  assert.throws(() => linuxToWindows('/home/me', { distro: '' }), /needs the name of a WSL distro/);
  assert.equal(linuxToWindows('/mnt/c/x', { distro: '' }), 'C:\\x');
});

void test('names Windows forbids travel as private-use characters both ways', () => {
  const cases: [string, string][] = [
    ['/mnt/c/a:b', 'C:\\a\uf03ab'],
    ['/mnt/c/q?"<>|*', 'C:\\q\uf03f\uf022\uf03c\uf03e\uf07c\uf02a'],
    ['/mnt/c/back\\slash', 'C:\\back\uf05cslash'],
    ['/mnt/c/trailing.', 'C:\\trailing\uf02e'],
    ['/mnt/c/trailing /x', 'C:\\trailing\uf020\\x'],
    ['/mnt/c/a.b c', 'C:\\a.b c'],
    ['/mnt/c/.../x', 'C:\\..\uf02e\\x'],
    ['/mnt/c/./../x', 'C:\\.\\..\\x'],
    ['/mnt/c/tab\there', 'C:\\tab\uf009here'],
  ];
  for (const [linux, win] of cases) {
    assert.equal(linuxToWindows(linux, ubuntu), win, linux);
    assert.equal(windowsToLinux(win, ubuntu), linux, win);
  }
  // A private-use dot that would decode to `.` or `..` stays as it is, so it cannot alias those names.
  assert.equal(windowsToLinux('C:\\\uf02e', ubuntu), '/mnt/c/\uf02e');
  assert.equal(windowsToLinux('C:\\.\uf02e', ubuntu), '/mnt/c/.\uf02e');
});

void test('long and unusual but valid paths translate without a length limit', () => {
  const longName = 'd'.repeat(300);
  const deep = Array.from({ length: 400 }, (_, i) => `dir${i}`).join('\\');
  const win = `C:\\${deep}\\${longName}.go`;
  assert.ok(win.length > 2000);
  const linux = windowsToLinux(win, ubuntu);
  assert.equal(linux, `/mnt/c/${deep.replaceAll('\\', '/')}/${longName}.go`);
  assert.equal(linuxToWindows(linux, ubuntu), win);
  assert.equal(windowsToLinux('C:\\Users\\🙂\\écrit\\日本', ubuntu), '/mnt/c/Users/🙂/écrit/日本');
  assert.equal(linuxToWindows('/home/🙂/x', { distro: 'Ubuntu-22.04' }), '\\\\wsl.localhost\\Ubuntu-22.04\\home\\🙂\\x');
});

void test('isWindowsPath tells Windows forms from Linux ones', () => {
  for (const p of [
    'C:\\x',
    'c:/x',
    'C:',
    'C:rel',
    '\\\\server\\share',
    '\\\\wsl$\\Ubuntu\\x',
    '//wsl.localhost/Ubuntu/x',
    '\\\\?\\C:\\x',
    '\\\\.\\pipe\\x',
    '\\x',
  ]) {
    assert.equal(isWindowsPath(p), true, p);
  }
  for (const p of ['/home/me', '/mnt/c/x', 'src/main.go', 'main.go', '', '\\\\', '/', './x']) {
    assert.equal(isWindowsPath(p), false, p);
  }
});

void test('path lists translate entry by entry', () => {
  assert.equal(
    windowsPathListToLinux('C:\\Go\\bin;"C:\\Program Files\\Git\\cmd";;\\\\wsl$\\Ubuntu\\usr\\bin;', ubuntu),
    '/mnt/c/Go/bin:/mnt/c/Program Files/Git/cmd:/usr/bin',
  );
  assert.equal(
    linuxPathListToWindows('/usr/local/go/bin::/mnt/c/Go/bin', ubuntu),
    '\\\\wsl.localhost\\Ubuntu\\usr\\local\\go\\bin;C:\\Go\\bin',
  );
  assert.equal(linuxPathListToWindows('/mnt/c/a;b', ubuntu), '"C:\\a;b"');
  assert.equal(windowsPathListToLinux('"C:\\a;b"', ubuntu), '/mnt/c/a;b');
  assert.equal(windowsPathListToLinux('', ubuntu), '');
  assert.throws(() => windowsPathListToLinux('C:\\Go\\bin;\\\\server\\share', ubuntu), /network share/);
  assert.throws(() => windowsPathListToLinux('C:\\a\uf03ab', ubuntu), /':'-separated list/);
});

// ---- property tests ----

const roots = ['/mnt/', '/', '/windir/', '/a/b/'];
const distros = ['Ubuntu', 'Debian', 'Ubuntu-24.04', 'my distro'];

/** Characters a Windows file name may hold, including the private-use stand-ins. */
const windowsNameChar = fc.constantFrom(
  'a',
  'Z',
  '0',
  '-',
  '_',
  ' ',
  '.',
  'é',
  '日',
  '🙂',
  '$',
  '#',
  ';',
  '\uf03a',
  '\uf05c',
  '\uf02e',
  '\uf020',
  '\uf02a',
);
const windowsName = fc
  .array(windowsNameChar, { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(''))
  .filter((n) => !n.endsWith('.') && !n.endsWith(' '));
const separatorRun = fc.constantFrom('\\', '/', '\\\\', '/\\', '//');

/** A Windows drive or \\wsl$ path in a random spelling, with the canonical spelling wslpath -w would print. */
const windowsPath = fc
  .record({
    kind: fc.constantFrom('drive', 'drive', 'wsl'),
    letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    names: fc.array(windowsName, { maxLength: 6 }),
    seps: fc.array(separatorRun, { minLength: 8, maxLength: 8 }),
    trailing: fc.boolean(),
    longPrefix: fc.boolean(),
    host: fc.constantFrom('wsl.localhost', 'wsl$', 'WSL.LocalHost'),
    distro: fc.constantFrom(...distros),
    distroCase: fc.boolean(),
    root: fc.constantFrom(...roots),
  })
  .map((r) => {
    const sep = (i: number) => r.seps[i % r.seps.length];
    const body = r.names.map((n, i) => n + (i < r.names.length - 1 || r.trailing ? sep(i + 1) : '')).join('');
    if (r.kind === 'drive') {
      const raw = `${r.longPrefix ? '\\\\?\\' : ''}${r.letter}:${r.names.length > 0 || r.trailing ? sep(0) : ''}${body}`;
      const canonical = `${r.letter.toUpperCase()}:\\${r.names.join('\\')}${r.trailing && r.names.length > 0 ? '\\' : ''}`;
      return { raw, canonical, opts: { distro: r.distro, automountRoot: r.root } };
    }
    const given = r.distroCase ? r.distro.toUpperCase() : r.distro;
    const raw = `\\\\${r.host}\\${given}${r.names.length > 0 || r.trailing ? sep(0) : ''}${body}`;
    // A distro path under the automount root is a drive's file, so it comes back in drive form.
    const rootNames = r.root.split('/').filter((s) => s !== '');
    const letterAt = r.names[rootNames.length];
    if (rootNames.every((n, i) => r.names[i] === n) && letterAt !== undefined && /^[a-z]$/.test(letterAt)) {
      const rest = r.names.slice(rootNames.length + 1);
      const canonical = `${letterAt.toUpperCase()}:\\${rest.join('\\')}${r.trailing && rest.length > 0 ? '\\' : ''}`;
      return { raw, canonical, opts: { distro: r.distro, automountRoot: r.root } };
    }
    const canonical = `\\\\wsl.localhost\\${r.distro}\\${r.names.join('\\')}${r.trailing && r.names.length > 0 ? '\\' : ''}`;
    return { raw, canonical, opts: { distro: r.distro, automountRoot: r.root } };
  });

void test('property: Windows -> Linux -> Windows gives the canonical Windows path', () => {
  fc.assert(
    fc.property(windowsPath, ({ raw, canonical, opts }) => {
      const linux = windowsToLinux(raw, opts);
      assert.equal(linuxToWindows(linux, opts), canonical);
      assert.equal(linuxToWindows(linux, { ...opts, forwardSlashes: true }), canonical.replaceAll('\\', '/'));
    }),
    {
      numRuns: Number(process.env.WSL_PROPERTY_RUNS ?? 1000),
      seed: process.env.WSL_PROPERTY_SEED ? Number(process.env.WSL_PROPERTY_SEED) : 0x5eed,
    },
  );
});

/** Any Linux name except the private-use stand-ins, which cannot round-trip (as in WSL itself). */
const linuxNameChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '.', ' ', ':', '*', '?', '"', '<', '>', '|', '\\', '\t', '\u0001', '\u001f', 'é', '🙂', ';', '\uf100'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '/' && c !== '\0' && !/[\uf000-\uf0ff]/.test(c)),
);
const linuxName = fc.array(linuxNameChar, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));

/** A Linux absolute path in a random spelling (redundant slashes), with its canonical spelling. */
const linuxPath = fc
  .record({
    root: fc.constantFrom(...roots),
    underRoot: fc.constantFrom('drive', 'drive', 'none', 'root-only', 'not-a-drive'),
    letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
    names: fc.array(linuxName, { maxLength: 6 }),
    slashes: fc.array(fc.constantFrom('/', '//', '///'), { minLength: 8, maxLength: 8 }),
    trailing: fc.boolean(),
    distro: fc.constantFrom(...distros),
  })
  .map((r) => {
    const rootNames = r.root.split('/').filter((s) => s !== '');
    const prefix =
      r.underRoot === 'drive'
        ? [...rootNames, r.letter]
        : r.underRoot === 'root-only'
          ? rootNames
          : r.underRoot === 'not-a-drive'
            ? [...rootNames, `${r.letter}x`]
            : [];
    const all = [...prefix, ...r.names];
    const raw = all.length === 0 ? r.slashes[0] : all.map((n, i) => r.slashes[i % r.slashes.length] + n).join('') + (r.trailing ? '/' : '');
    // `/mnt/c` is the drive's root, which wslpath spells `/mnt/c/`.
    const endsAtDrive =
      all.length === rootNames.length + 1 && rootNames.every((n, i) => all[i] === n) && /^[a-z]$/.test(all[rootNames.length]);
    const canonical = all.length === 0 ? '/' : `/${all.join('/')}${r.trailing || endsAtDrive ? '/' : ''}`;
    return { raw, canonical, opts: { distro: r.distro, automountRoot: r.root } };
  });

void test('property: Linux -> Windows -> Linux gives the canonical Linux path', () => {
  fc.assert(
    fc.property(linuxPath, fc.boolean(), ({ raw, canonical, opts }, forwardSlashes) => {
      const win = linuxToWindows(raw, { ...opts, forwardSlashes });
      assert.equal(windowsToLinux(win, opts), canonical);
      assert.equal(isWindowsPath(win), true);
    }),
    {
      numRuns: Number(process.env.WSL_PROPERTY_RUNS ?? 1000),
      seed: process.env.WSL_PROPERTY_SEED ? Number(process.env.WSL_PROPERTY_SEED) : 0x5eed,
    },
  );
});

void test('property: relative paths translate separators only and round-trip', () => {
  const relative = fc
    .array(fc.constantFrom('a', 'src', '.', '..', 'main.go', 'x y', '🙂'), { minLength: 1, maxLength: 6 })
    .map((ns) => ns.join('/'));
  fc.assert(
    fc.property(relative, fc.boolean(), (p, trailing) => {
      const linux = p + (trailing ? '/' : '');
      const win = linuxToWindows(linux, ubuntu);
      assert.equal(win, linux.replaceAll('/', '\\'));
      assert.equal(windowsToLinux(win, ubuntu), linux);
    }),
    {
      numRuns: Number(process.env.WSL_PROPERTY_RUNS ?? 1000),
      seed: process.env.WSL_PROPERTY_SEED ? Number(process.env.WSL_PROPERTY_SEED) : 0x5eed,
    },
  );
});

function translatesOrExplains(fn: () => string): void {
  try {
    assert.equal(typeof fn(), 'string');
  } catch (e) {
    assert.ok(e instanceof WslPathError, `expected a WslPathError, got ${String(e)}`);
    assert.ok(e.message.length > 0 && e.message.length < 400 && !e.message.includes('\n'));
  }
}

void test('property: any input either translates or fails with a one-line WslPathError', () => {
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .array(fc.constantFrom('\\', '/', 'C:', 'c', ':', '?', '.', 'UNC', 'wsl$', 'wsl.localhost', 'Ubuntu', '\0', '🙂', ' ', '"'), {
        maxLength: 12,
      })
      .map((a) => a.join('')),
  );
  fc.assert(
    fc.property(hostile, fc.constantFrom(...roots), (p, root) => {
      const opts = { distro: 'Ubuntu', automountRoot: root };
      translatesOrExplains(() => windowsToLinux(p, opts));
      translatesOrExplains(() => linuxToWindows(p, opts));
      translatesOrExplains(() => windowsPathListToLinux(p, opts));
      translatesOrExplains(() => linuxPathListToWindows(p, opts));
      assert.equal(typeof isWindowsPath(p), 'boolean');
    }),
    {
      numRuns: Number(process.env.WSL_PROPERTY_RUNS ?? 1000),
      seed: process.env.WSL_PROPERTY_SEED ? Number(process.env.WSL_PROPERTY_SEED) : 0x5eed,
    },
  );
});

void test('hostile inputs named in the contract are handled', () => {
  for (const p of [
    '',
    '\0',
    'C:\\x\0',
    '\\\\',
    '\\\\\\\\',
    'C:relative',
    '🙂',
    '\\\\?\\',
    '\\\\?\\UNC\\',
    '//',
    'C:\\' + 'x'.repeat(10_000),
    '/' + 'y/'.repeat(5_000),
  ]) {
    translatesOrExplains(() => windowsToLinux(p, ubuntu));
    translatesOrExplains(() => linuxToWindows(p, ubuntu));
  }
  assert.equal(windowsToLinux('C:\\' + 'x'.repeat(10_000), ubuntu), '/mnt/c/' + 'x'.repeat(10_000));
  assert.throws(() => windowsToLinux(undefined as unknown as string, ubuntu), WslPathError);
  assert.throws(() => linuxToWindows('', ubuntu), /empty/);
  assert.throws(() => linuxToWindows('/home/x', { distro: 'a\\b' }), /not a valid WSL distro name/);
  // Error messages keep a 10,000-character path short.
  assert.throws(
    () => windowsToLinux('\\\\server\\' + 'z'.repeat(10_000), ubuntu),
    (e: unknown) => e instanceof WslPathError && e.message.length < 400,
  );
});
