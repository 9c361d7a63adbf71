// Tests reading /etc/wsl.conf and .wslconfig text into the facts the debugger and checks use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIni, parseWslConf, parseWslConfig } from '../../../src/wsl/wslconf';

void test('wsl.conf gives the automount root, normalised, with comments, quotes and odd spacing', () => {
  const cases: [string, string][] = [
    ['', '/mnt/'],
    ['[automount]\nroot = /windir/\n', '/windir/'],
    ['[automount]\r\nroot=/windir\r\n', '/windir/'],
    ['# comment\n[automount]\n  enabled = true\n  root = "/win dir"  \n', '/win dir/'],
    ["[Automount]\nRoot = '/'\n", '/'],
    ['[automount]\nroot = /mnt/host/ # where drives go\n', '/mnt/host/'],
    ['\ufeff[automount]\nroot = /x\n', '/x/'],
    ['[network]\nroot = /not-this\n', '/mnt/'],
    ['[automount]\nroot = /first\nroot = /second\n', '/second/'],
  ];
  for (const [text, root] of cases) assert.equal(parseWslConf(text).automountRoot, root, JSON.stringify(text));
});

void test("a relative automount root is reported and WSL's default used", () => {
  const conf = parseWslConf('[automount]\nroot = windir\n');
  assert.equal(conf.automountRoot, '/mnt/');
  assert.deepEqual(
    conf.ini.problems.map((p) => p.line),
    [2],
  );
  assert.match(conf.ini.problems[0].message, /not an absolute Linux path/);
});

void test('wsl.conf gives interop, PATH appending, systemd and the default user', () => {
  const conf = parseWslConf(`
[automount]
enabled = false
options = "metadata,umask=22"
[interop]
enabled = false
appendWindowsPath = false
[boot]
systemd = true
[user]
default = gopher
`);
  assert.equal(conf.automountEnabled, false);
  assert.equal(conf.automountOptions, 'metadata,umask=22');
  assert.equal(conf.interopEnabled, false);
  assert.equal(conf.appendWindowsPath, false);
  assert.equal(conf.systemd, true);
  assert.equal(conf.defaultUser, 'gopher');
  const defaults = parseWslConf('');
  assert.deepEqual(
    [defaults.automountEnabled, defaults.interopEnabled, defaults.appendWindowsPath, defaults.systemd],
    [true, true, true, undefined],
  );
});

void test('lines that are not settings are reported with their line numbers, not thrown', () => {
  const ini = parseIni('root = /early\n[automount]\nthis is not a setting\n[interop]\nenabled = maybe\n');
  assert.deepEqual(
    ini.problems.map((p) => p.line),
    [1, 3],
  );
  const conf = parseWslConf('[interop]\nenabled = maybe\n');
  assert.equal(conf.interopEnabled, true);
  assert.match(conf.ini.problems[0].message, /\[interop\] enabled should be true or false/);
});

void test(".wslconfig tells whether Windows reaches a port on WSL's localhost", () => {
  const cases: [string, string, boolean, boolean][] = [
    ['', 'nat', true, true],
    ['[wsl2]\nlocalhostForwarding=false\n', 'nat', false, false],
    ['[wsl2]\nnetworkingMode=mirrored\nlocalhostForwarding=false\n', 'mirrored', false, true],
    ['[experimental]\nnetworkingMode=Mirrored\n', 'mirrored', true, true],
    ['[wsl2]\nnetworkingMode=bridged\n', 'bridged', true, false],
    ['[wsl2]\nnetworkingMode = none\n', 'none', true, false],
  ];
  for (const [text, mode, forwarding, reaches] of cases) {
    const c = parseWslConfig(text);
    assert.deepEqual(
      [c.networkingMode, c.localhostForwarding, c.windowsReachesWslLocalhost],
      [mode, forwarding, reaches],
      JSON.stringify(text),
    );
  }
  const full = parseWslConfig(
    '[wsl2]\r\nmemory=8GB\r\nprocessors=4\r\nkernel=C:\\\\kernels\\\\bzImage\r\nfirewall=true\r\n[experimental]\r\ndnsTunneling=true\r\nautoProxy=false\r\n',
  );
  assert.deepEqual(
    [full.memory, full.processors, full.kernel, full.firewall, full.dnsTunneling, full.autoProxy],
    ['8GB', 4, 'C:\\\\kernels\\\\bzImage', true, true, false],
  );
});
