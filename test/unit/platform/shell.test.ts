// Quoting for sh and PowerShell: every word a command line carries reaches the program unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { commandLine, powerShellString, quotePowerShell, quoteSh } from '../../../src/platform/shell';

const NASTY = [
  'plain',
  'GOFLAGS=-mod=mod -trimpath',
  "it's",
  '$HOME',
  '$(touch /tmp/pwned)',
  '`id`',
  'a,b',
  'C:\\Program Files\\Go\\bin',
  '*.go',
  '~/go',
  'tab\there',
  'new\nline',
  '"quoted"',
  '',
];

void test('a POSIX sh given the quoted words passes each one to the program unchanged', () => {
  const line = commandLine('printf', ['%s\\0', ...NASTY], 'sh');
  const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  assert.deepEqual(out.split('\0').slice(0, -1), NASTY);
});

void test('sh words are bare only when nothing in them is special', () => {
  assert.equal(quoteSh('github.com/go-delve/delve/cmd/dlv@latest'), 'github.com/go-delve/delve/cmd/dlv@latest');
  assert.equal(quoteSh('GOFLAGS=-mod=mod -trimpath'), "'GOFLAGS=-mod=mod -trimpath'");
  assert.equal(quoteSh("it's"), "'it'\\''s'");
  assert.equal(quoteSh(''), "''");
});

void test('PowerShell quotes commas (its array operator), $ and spaces, and calls a quoted program with &', () => {
  assert.equal(quotePowerShell('GOPROXY=https://proxy.golang.org,direct'), "'GOPROXY=https://proxy.golang.org,direct'");
  assert.equal(quotePowerShell('$HOME'), "'$HOME'");
  assert.equal(quotePowerShell("it's"), "'it''s'");
  assert.equal(quotePowerShell('C:\\Go\\bin\\go.exe'), 'C:\\Go\\bin\\go.exe');
  assert.equal(
    commandLine('C:\\Program Files\\Go\\bin\\go.exe', ['env', '-w', 'GOFLAGS=-mod=mod'], 'powershell'),
    "& 'C:\\Program Files\\Go\\bin\\go.exe' env -w GOFLAGS=-mod=mod",
  );
  assert.equal(commandLine('go', ['version'], 'powershell'), 'go version');
});

void test('a PowerShell string literal is always quoted, for expression context', () => {
  assert.equal(powerShellString('Path'), "'Path'");
  assert.equal(powerShellString("O'Brien"), "'O''Brien'");
});
