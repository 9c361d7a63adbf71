// The environment an editor started with: read back from /proc, VS Code Go's writes taken back, and handed to a child that merges process.env under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childEnvironment, parseEnviron, withoutVscodeGoWrites } from '../../../src/shared/startupEnvironment';

void test(
  '/proc/self/environ keeps the start-up environment after process.env is written (as VS Code Go does)',
  { skip: process.platform !== 'linux' },
  () => {
    const before = process.env.GOROOT;
    process.env.GOROOT = '/opt/vscode-go-goroot';
    process.env.GOHEALTH_ADDED_LATER = '1';
    try {
      const startup = parseEnviron(readFileSync('/proc/self/environ', 'latin1'));
      assert.equal(startup.GOROOT, before, 'GOROOT as the process started');
      assert.equal(startup.GOHEALTH_ADDED_LATER, undefined);
      assert.equal(startup.PATH, process.env.PATH);
    } finally {
      if (before === undefined) delete process.env.GOROOT;
      else process.env.GOROOT = before;
      delete process.env.GOHEALTH_ADDED_LATER;
    }
  },
);

void test("VS Code Go's writes from its settings are taken back from a snapshot, and nothing else", () => {
  const env = { GOROOT: '/opt/go1.25', PATH: '/opt/go1.25/bin:/usr/local/go/bin:/usr/bin', GOFLAGS: '-mod=mod' };
  assert.deepEqual(withoutVscodeGoWrites(env, { goroot: '/opt/go1.25/' }, 'linux'), {
    PATH: '/usr/local/go/bin:/usr/bin',
    GOFLAGS: '-mod=mod',
  });
  assert.deepEqual(withoutVscodeGoWrites(env, { goroot: '/elsewhere' }, 'linux'), env, 'a GOROOT of the user is kept');
  const win = { Path: 'C:\\sdk\\go\\bin;C:\\Program Files\\Go\\bin', GOROOT: 'c:\\sdk\\go' };
  assert.deepEqual(withoutVscodeGoWrites(win, { alternateGo: 'C:\\sdk\\go\\bin\\go.exe', goroot: 'C:\\SDK\\go' }, 'win32'), {
    Path: 'C:\\Program Files\\Go\\bin',
  });
});

void test('a child spawned the way vscode-languageclient merges environments sees the start-up environment only', () => {
  const startup = { PATH: process.env.PATH, HOME: process.env.HOME };
  const current = { ...startup, GOROOT: '/opt/vscode-go-goroot', HOME: '/changed' };
  const env = childEnvironment(startup, current);
  // languageclient: process.env first, the given env over it.
  const merged = { ...current, ...env };
  const seen = execFileSync(
    process.execPath,
    ['-e', 'process.stdout.write(JSON.stringify([process.env.GOROOT ?? null, process.env.HOME]))'],
    {
      env: merged,
      encoding: 'utf8',
    },
  );
  assert.deepEqual(JSON.parse(seen), [null, process.env.HOME]);
});
