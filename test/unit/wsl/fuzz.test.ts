// WSL's parsers against 10,000 generated inputs each: wsl.conf, .wslconfig, `wsl --list --verbose` and `--status` output, the distro probe's answer, path translation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIni, parseWslConf, parseWslConfig } from '../../../src/wsl/wslconf';
import { parseDistroList, parseProbeOutput, parseWslStatus, WslOutputError } from '../../../src/wsl/distros';
import { linuxToWindows, windowsToLinux, WslPathError } from '../../../src/wsl/paths';
import { fuzzParser, lineOf, textOf } from '../support/fuzz';

const INI_WORDS = [
  '[automount]',
  '[interop]',
  '[wsl2]',
  '[experimental]',
  '[user]',
  '[boot]',
  '[__proto__]',
  '[constructor]',
  'root',
  'enabled',
  'networkingMode',
  'localhostForwarding',
  '=',
  'true',
  'false',
  '/mnt/',
  'mirrored',
  '"/x/"',
  '#',
  ';',
];

void test('a wsl.conf or .wslconfig section named __proto__ or constructor pollutes nothing', () => {
  const ini = parseIni('[__proto__]\npolluted = yes\n[constructor]\nprototype = x\n');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(ini.sections['__proto__']?.polluted, 'yes', 'the section is still read, as a name');
  parseWslConfig('[__proto__]\nlocalhostForwarding = false\n');
  assert.equal(({} as Record<string, unknown>).localhostforwarding, undefined);
});

void test('wsl.conf and .wslconfig: 10,000 hostile texts each parse without an exception, a prototype change or a hang', () => {
  fuzzParser('wsl.conf / .wslconfig', textOf(INI_WORDS), (t) => {
    parseWslConf(t);
    parseWslConfig(t);
  });
});

/** wsl.exe's own output is UTF-16LE; the parsers must also survive UTF-8, odd bytes and half characters. */
const wslOutput = fc.oneof(
  textOf([
    'NAME',
    'STATE',
    'VERSION',
    '*',
    'Ubuntu',
    'Debian',
    'Running',
    'Stopped',
    'Installing',
    '1',
    '2',
    'Default Distribution:',
    'Default Version:',
    'Kernel version:',
    '(Default)',
  ]).chain((t) =>
    fc.constantFrom(
      Buffer.from(t, 'utf16le'),
      Buffer.from(`\ufeff${t}`, 'utf16le'),
      Buffer.from(t, 'utf8'),
      Buffer.from(t, 'utf16le').subarray(1),
    ),
  ),
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
);

void test('wsl --list --verbose and --status output: 10,000 hostile outputs are read or refused with WslOutputError', () => {
  fuzzParser('wsl --list / --status', wslOutput, (bytes) => {
    for (const parse of [parseDistroList, parseWslStatus]) {
      try {
        parse(bytes);
      } catch (e) {
        if (!(e instanceof WslOutputError)) throw e;
      }
    }
  });
});

void test("the distro probe's answer: 10,000 hostile outputs", () => {
  const words = [
    '__GOHEALTH_PROBE_BEGIN__',
    '__GOHEALTH_PROBE_END__',
    'go.path=',
    'go.out=',
    'dlv.path=',
    'dlv.out=Version: 1.27.2',
    'wslconf.b64=',
    'kernel=',
    'shell=bash',
    'os.id=',
    'os.like=',
  ];
  fuzzParser('distro probe', fc.tuple(textOf(words), fc.base64String({ maxLength: 200 })), ([t, b64]) => {
    parseProbeOutput('Ubuntu', t);
    parseProbeOutput('Ubuntu', `__GOHEALTH_PROBE_BEGIN__\n${t}\nwslconf.b64=${b64}\n__GOHEALTH_PROBE_END__\n`);
  });
});

void test('path translation: 10,000 hostile paths translate or are refused with WslPathError', () => {
  const path = lineOf([
    'C:\\',
    'c:/',
    '\\\\wsl.localhost\\Ubuntu\\',
    '\\\\wsl$\\Ubuntu\\',
    '\\\\?\\',
    '/mnt/c/',
    '/home/dev',
    '..',
    '.',
    '\\',
    '/',
    'Users',
    'dev',
  ]).map((p) => p.replace(/ /g, ''));
  fuzzParser('wslpath', fc.tuple(path, fc.constantFrom('/mnt/', '/', '/x/y/')), ([p, automountRoot]) => {
    for (const translate of [
      () => windowsToLinux(p, { distro: 'Ubuntu', automountRoot }),
      () => linuxToWindows(p, { distro: 'Ubuntu', automountRoot }),
    ]) {
      try {
        translate();
      } catch (e) {
        if (!(e instanceof WslPathError)) throw e;
      }
    }
  });
});
