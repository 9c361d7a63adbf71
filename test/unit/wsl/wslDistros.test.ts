// Tests reading wsl.exe's distro list and status, and discovering and probing distros through a stand-in wsl.exe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, mkdirSync, chmodSync, rmSync, existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecFn, ExecOptions, ExecResult } from '../../../src/platform/exec';
import { execFile } from '../../../src/platform/exec';
import {
  WslOutputError,
  bytesFromExecText,
  decodeWslOutput,
  discoverDistros,
  parseDistroList,
  parseProbeOutput,
  parseWslStatus,
  probeDistro,
  probeShellArgument,
} from '../../../src/wsl/distros';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsl');
const fixture = (name: string) => readFileSync(join(fixtures, name));

const englishList = [
  { name: 'Ubuntu-24.04', state: 'Running', stateKind: 'running', version: 2, isDefault: true },
  { name: 'Debian', state: 'Stopped', stateKind: 'stopped', version: 2, isDefault: false },
  { name: 'docker-desktop', state: 'Stopped', stateKind: 'stopped', version: 2, isDefault: false },
  { name: 'Legacy', state: 'Stopped', stateKind: 'stopped', version: 1, isDefault: false },
];

void test('the distro list reads the same from UTF-16LE with and without BOM and from UTF-8', () => {
  for (const name of ['list-utf16le-bom.bin', 'list-utf16le-nobom.bin', 'list-utf8.bin']) {
    const list = parseDistroList(fixture(name));
    assert.deepEqual(list.distros, englishList, name);
    assert.equal(list.defaultDistro, 'Ubuntu-24.04', name);
  }
});

void test('a German list is read by column positions, multi-word states included', () => {
  const list = parseDistroList(fixture('list-german-utf16le.bin'));
  assert.deepEqual(list.distros, [
    { name: 'Ubuntu', state: 'Wird ausgeführt', stateKind: 'running', version: 2, isDefault: true },
    { name: 'openSUSE-Tumbleweed', state: 'Beendet', stateKind: 'stopped', version: 2, isDefault: false },
    { name: 'Alpine', state: 'Beendet', stateKind: 'stopped', version: 1, isDefault: false },
  ]);
});

void test('no installed distros is an empty list, not an error', () => {
  assert.deepEqual(parseDistroList(fixture('list-no-distros-utf16le.bin')), { distros: [] });
});

void test('names with spaces and unknown states are kept as printed', () => {
  const text = '  NAME            STATE           VERSION\n* My Distro       Running         2\n  other           Frozen          1\n';
  const list = parseDistroList(Buffer.from(`\ufeff${text}`, 'utf16le'));
  assert.deepEqual(
    list.distros.map((d) => [d.name, d.stateKind, d.version, d.isDefault]),
    [
      ['My Distro', 'running', 2, true],
      ['other', 'unknown', 1, false],
    ],
  );
});

void test('unreadable output fails with a message and a hexdump of its start', () => {
  const cases: [Buffer, RegExp][] = [
    [fixture('list-utf32le.bin'), /not readable text/],
    [Buffer.alloc(0), /nothing printed/],
    [Buffer.from([0xff, 0xfe]), /nothing printed/],
    [Buffer.from('Usage: wsl.exe [Argument] [Options...] [CommandLine]\n  --exec, -e <CommandLine>\n', 'utf8'), /not "NAME STATE VERSION"/],
    [Buffer.from('  NAME STATE VERSION\n* Ubuntu Running 3\n', 'utf8'), /neither 1 nor 2/],
    [Buffer.from('  NAME STATE VERSION\n* Ubuntu Running 2\n  Ubuntu Stopped 2\n', 'utf8'), /listed twice/],
    [Buffer.from('* Ubuntu Running 2\n', 'utf8'), /no header line/],
    [Buffer.from('  NAME  STATE  VERSION\r\n', 'utf16le'), /without distro lines/],
    [Buffer.from([0x80, 0x81, 0x82, 0x83, 0x00, 0x00, 0x01]), /not readable text/],
  ];
  for (const [bytes, why] of cases) {
    assert.throws(
      () => parseDistroList(bytes),
      (e: unknown) =>
        e instanceof WslOutputError &&
        /^wsl\.exe printed output in an unexpected encoding or format/.test(e.message) &&
        why.test(e.message) &&
        /starts with: /.test(e.message),
      why.source,
    );
  }
  assert.throws(() => parseDistroList(fixture('list-utf32le.bin')), /starts with: 20 00 00 00 20 00 00 00/);
});

void test('wsl --status gives the default distro, version and kernel', () => {
  const status = parseWslStatus(fixture('status-utf16le.bin'));
  assert.equal(status.defaultDistro, 'Ubuntu-24.04');
  assert.equal(status.defaultVersion, 2);
  assert.equal(status.kernelVersion, '5.15.167.4-1');
});

void test('UTF-16 output that went through a UTF-8 decoder is recovered', () => {
  for (const name of ['list-utf16le-bom.bin', 'list-utf16le-nobom.bin', 'list-utf8.bin']) {
    const viaExec = fixture(name).toString('utf8');
    assert.deepEqual(parseDistroList(bytesFromExecText(viaExec)).distros, englishList, name);
  }
  // Non-ASCII in UTF-16 degrades to '?', keeping the columns in place.
  const german = parseDistroList(bytesFromExecText(fixture('list-german-utf16le.bin').toString('utf8')));
  assert.deepEqual(
    german.distros.map((d) => d.name),
    ['Ubuntu', 'openSUSE-Tumbleweed', 'Alpine'],
  );
  assert.equal(decodeWslOutput(Buffer.from('plain', 'utf8')), 'plain');
});

function fakeExec(
  answer: Partial<ExecResult> | ((file: string, args: string[], options: ExecOptions) => Partial<ExecResult>),
): ExecFn & { calls: { file: string; args: string[]; options: ExecOptions }[] } {
  const calls: { file: string; args: string[]; options: ExecOptions }[] = [];
  const fn = async (file: string, args: string[], options: ExecOptions): Promise<ExecResult> => {
    calls.push({ file, args, options });
    const a = typeof answer === 'function' ? answer(file, args, options) : answer;
    return { code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...a };
  };
  return Object.assign(fn, { calls });
}

const WSL = 'C:\\Windows\\System32\\wsl.exe';

void test('discoverDistros runs wsl.exe --list --verbose with a timeout and WSL_UTF8=1', async () => {
  const exec = fakeExec({ stdout: fixture('list-utf16le-bom.bin').toString('utf8') });
  const found = await discoverDistros(exec, WSL, { env: { PATH: 'x' } });
  assert.ok(found.ok);
  assert.deepEqual(found.distros, englishList);
  assert.equal(found.defaultDistro, 'Ubuntu-24.04');
  assert.equal(exec.calls[0].file, WSL);
  assert.deepEqual(exec.calls[0].args, ['--list', '--verbose']);
  assert.ok(exec.calls[0].options.timeoutMs > 0);
  assert.equal(exec.calls[0].options.env?.WSL_UTF8, '1');
  assert.equal(exec.calls[0].options.env?.PATH, 'x');
});

void test('discoverDistros returns failures as values', async () => {
  const none = await discoverDistros(fakeExec({ code: -1, stdout: fixture('list-no-distros-utf16le.bin').toString('utf8') }), WSL);
  assert.deepEqual(none, { ok: true, distros: [] });

  const cases: [Partial<ExecResult> | (() => never), string, RegExp][] = [
    [{ code: null, spawnError: 'spawn ENOENT' }, 'spawn', /could not run .*ENOENT/],
    [{ code: null, timedOut: true }, 'timeout', /did not answer within 10000 ms/],
    [{ code: 0, stdout: '\u0000\u0001garbage' }, 'format', /unexpected encoding or format/],
    [
      {
        code: 1,
        stdout: Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('The Windows Subsystem for Linux is not installed.\r\n', 'utf16le'),
        ]).toString('utf8'),
      },
      'exit',
      /exited with code 1: The Windows Subsystem for Linux is not installed\./,
    ],
    [
      () => {
        throw new Error('boom');
      },
      'spawn',
      /boom/,
    ],
  ];
  for (const [answer, kind, message] of cases) {
    const exec: ExecFn = typeof answer === 'function' ? async () => answer() : fakeExec(answer);
    const r = await discoverDistros(exec, WSL);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.failure.kind, kind);
      assert.match(r.failure.message, message);
    }
  }
});

void test('the probe argument holds nothing a second shell could reinterpret', () => {
  const arg = probeShellArgument();
  assert.match(arg, /^echo [A-Za-z0-9+/=]+ \| base64 -d \| sh$/);
});

void test('probe output is read between its markers, around noise from a login profile', () => {
  const conf = Buffer.from('[automount]\nroot = "/windir"\n').toString('base64');
  const out = [
    'Welcome to Ubuntu!',
    'gohealth-probe-begin',
    'go.path=/usr/local/go/bin/go',
    'go.out=go version go1.26.8 linux/amd64',
    'dlv.path=/home/me/go/bin/dlv',
    'dlv.out=Delve Debugger',
    'dlv.out=Version: 1.25.2',
    'dlv.out=Build: $Id: abc $',
    `wslconf.b64=${conf}`,
    'kernel=6.6.87.2-microsoft-standard-WSL2',
    'machine=x86_64',
    'gohealth-probe-end',
  ].join('\n');
  assert.deepEqual(parseProbeOutput('Ubuntu', out), {
    distro: 'Ubuntu',
    go: { path: '/usr/local/go/bin/go', version: 'go1.26.8' },
    dlv: { path: '/home/me/go/bin/dlv', version: '1.25.2' },
    automountRoot: '/windir/',
    wslVersion: 2,
    kernelRelease: '6.6.87.2-microsoft-standard-WSL2',
    machine: 'x86_64',
  });
  const bare = parseProbeOutput('Alpine', 'gohealth-probe-begin\nkernel=4.4.0-19041-Microsoft\ngohealth-probe-end\n');
  assert.deepEqual(bare, {
    distro: 'Alpine',
    automountRoot: '/mnt/',
    wslVersion: 1,
    kernelRelease: '4.4.0-19041-Microsoft',
    machine: undefined,
  });
  assert.match(parseProbeOutput('X', 'sh: 1: base64: not found').error!.message, /printed no result: sh: 1: base64: not found/);
});

void test('probeDistro runs the real probe script in a login shell through a stand-in wsl.exe', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gohealth-wslprobe-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  // A go that insists on GOTOOLCHAIN=local, as the probe must never let go download a toolchain.
  writeFileSync(
    join(bin, 'go'),
    '#!/bin/sh\n[ "$GOTOOLCHAIN" = local ] || { echo "GOTOOLCHAIN=$GOTOOLCHAIN" >&2; exit 3; }\necho "go version go1.26.8 linux/amd64"\n',
  );
  writeFileSync(join(bin, 'dlv'), '#!/bin/sh\necho "Delve Debugger"\necho "Version: 1.25.2"\necho "Build: \\$Id: x \\$"\n');
  chmodSync(join(bin, 'go'), 0o755);
  chmodSync(join(bin, 'dlv'), 0o755);
  // The login shell finds them through the profile, as a distro's ~/.profile adds /usr/local/go/bin.
  writeFileSync(join(home, '.profile'), `PATH="${bin}:$PATH"; export PATH\necho "profile noise"\n`);

  // Stand-in for wsl.exe: `-d NAME -- PROGRAM ARGS…` runs PROGRAM here.
  const seen: string[][] = [];
  const standIn: ExecFn = async (_file, args, options) => {
    seen.push(args);
    const sep = args.indexOf('--');
    const [program, ...rest] = args.slice(sep + 1);
    return execFile(program === 'sh' ? '/bin/sh' : program, rest, {
      ...options,
      env: { ...options.env, HOME: home, PATH: '/usr/bin:/bin' },
    });
  };
  const probe = await probeDistro(standIn, WSL, 'Ubuntu', { env: {} });
  assert.equal(probe.error, undefined);
  assert.deepEqual(probe.go, { path: join(bin, 'go'), version: 'go1.26.8' });
  assert.deepEqual(probe.dlv, { path: join(bin, 'dlv'), version: '1.25.2' });
  assert.equal(probe.automountRoot, '/mnt/');
  assert.ok(probe.kernelRelease);
  assert.equal(probe.loginShell, 'bash');
  assert.deepEqual(seen[0].slice(0, 5), ['-d', 'Ubuntu', '--', 'sh', '-c']);

  // Like the debug relay, the probe reads bash's own login profile: a PATH set only in ~/.bash_profile counts.
  rmSync(join(home, '.profile'));
  writeFileSync(join(home, '.bash_profile'), `export PATH="${bin}:$PATH"\n`);
  const viaBashProfile = await probeDistro(standIn, WSL, 'Ubuntu', { env: {} });
  assert.deepEqual(viaBashProfile.go?.path, join(bin, 'go'));
  assert.equal(viaBashProfile.loginShell, 'bash');
});

void test('a distro without bash is probed through sh -l and says so, for the pre-flight to report', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gohealth-wslprobe-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // A PATH with the few programs the probe uses, and no bash.
  const tools = join(home, 'tools');
  mkdirSync(tools);
  for (const name of ['sh', 'base64', 'sed', 'head', 'uname', 'tr', 'timeout']) {
    const found = ['/usr/bin', '/bin'].map((d) => join(d, name)).find((f) => existsSync(f));
    if (found) symlinkSync(found, join(tools, name));
  }
  const standIn: ExecFn = async (_file, args, options) => {
    const [program, ...rest] = args.slice(args.indexOf('--') + 1);
    return execFile(join(tools, program), rest, { ...options, env: { ...options.env, HOME: home, PATH: tools } });
  };
  const probe = await probeDistro(standIn, WSL, 'Alpine', { env: {} });
  assert.equal(probe.error, undefined);
  assert.equal(probe.loginShell, 'sh');
  // Whether go is found is not asked here: `sh -l` reads this machine's /etc/profile, whose PATH may hold one.
});

void test("probeDistro reports a missing distro with wsl.exe's own message", async () => {
  const message = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('There is no distribution with the supplied name.\r\n', 'utf16le'),
  ]).toString('utf8');
  const probe = await probeDistro(fakeExec({ code: 4294967295, stdout: message }), WSL, 'Nope');
  assert.equal(probe.error?.kind, 'exit');
  assert.match(probe.error!.message, /exited with code 4294967295: There is no distribution with the supplied name\./);
  assert.equal(probe.go, undefined);
  const timedOut = await probeDistro(fakeExec({ code: null, timedOut: true }), WSL, 'Ubuntu', { timeoutMs: 50 });
  assert.match(timedOut.error!.message, /did not finish within 50 ms/);
});
