// Tests `gohealth wslpath`: arguments, outputs and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWslpath } from '../../../src/wsl/wslpathCommand';

const noConf = { env: {}, readWslConf: () => undefined };

void test('translates like wslpath -u, -w and -m', () => {
  const ctx = { env: { WSL_DISTRO_NAME: 'Ubuntu' }, readWslConf: () => undefined };
  const cases: [string[], string][] = [
    [['C:\\Users\\me'], '/mnt/c/Users/me\n'],
    [['-u', 'C:/Users/me/'], '/mnt/c/Users/me/\n'],
    [['-a', '-u', '\\\\wsl$\\Ubuntu\\home\\me'], '/home/me\n'],
    [['-w', '/mnt/d/src'], 'D:\\src\n'],
    [['-w', '/home/me'], '\\\\wsl.localhost\\Ubuntu\\home\\me\n'],
    [['-m', '/home/me'], '//wsl.localhost/Ubuntu/home/me\n'],
    [['-am', '/mnt/c/x'], 'C:/x\n'],
    [['-w', '--distro', 'Debian', '/'], '\\\\wsl.localhost\\Debian\\\n'],
    [['-w', '--distro=Debian', '/etc'], '\\\\wsl.localhost\\Debian\\etc\n'],
    [['--automount-root', '/windir', 'C:\\x'], '/windir/c/x\n'],
    [['-w', '--automount-root=/', '/c/x'], 'C:\\x\n'],
    [['--', '-file'], '-file\n'],
  ];
  for (const [argv, stdout] of cases) assert.deepEqual(runWslpath(argv, ctx), { stdout, stderr: '', exitCode: 0 }, argv.join(' '));
});

void test('the automount root comes from /etc/wsl.conf unless given', () => {
  const ctx = { env: {}, readWslConf: () => '[automount]\nroot = /host/\n' };
  assert.equal(runWslpath(['C:\\x'], ctx).stdout, '/host/c/x\n');
  assert.equal(runWslpath(['-w', '/host/e/y'], ctx).stdout, 'E:\\y\n');
  assert.equal(runWslpath(['--automount-root', '/mnt', 'C:\\x'], ctx).stdout, '/mnt/c/x\n');
});

void test('a path with no translation exits 1 with one line on stderr', () => {
  const cases: [string[], RegExp][] = [
    [['\\\\server\\share\\x'], /network share/],
    [['-w', '/home/me'], /needs the name of a WSL distro.*\(pass --distro NAME or set WSL_DISTRO_NAME\)/],
    [['--distro', 'Ubuntu', '\\\\wsl$\\Debian\\x'], /distro "Debian", not of "Ubuntu"/],
    [['C:relative'], /relative to the current directory of drive C:/],
    [['--automount-root', 'mnt', 'C:\\x'], /not an absolute Linux path/],
  ];
  for (const [argv, message] of cases) {
    const r = runWslpath(argv, noConf);
    assert.equal(r.exitCode, 1, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^gohealth wslpath: /);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  }
});

void test('bad usage exits 2 with the usage message', () => {
  const cases: [string[], RegExp][] = [
    [[], /a PATH is required/],
    [['-x', 'C:\\'], /unknown option "-x"/],
    [['-u', '-w', '/x'], /-u and -w cannot be used together/],
    [['a', 'b'], /one PATH at a time/],
    [['--distro'], /--distro needs a value/],
    [['--automount-root'], /--automount-root needs a value/],
  ];
  for (const [argv, message] of cases) {
    const r = runWslpath(argv, noConf);
    assert.equal(r.exitCode, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Usage: gohealth wslpath/);
  }
  const help = runWslpath(['--help'], noConf);
  assert.equal(help.exitCode, 0);
  assert.match(help.stdout, /^Usage: gohealth wslpath/);
});
