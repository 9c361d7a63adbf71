// The badge's first state: the go on PATH and its release, found by stat and its VERSION file, with no process run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBeforeTheServer } from '../../../src/extension/pathGo';

function installation(root: string, version: string | undefined): string {
  mkdirSync(join(root, 'bin'), { recursive: true });
  // A go that would fail if anything ran it: the answer must come from the files alone.
  writeFileSync(join(root, 'bin', 'go'), '#!/bin/sh\nexit 97\n');
  chmodSync(join(root, 'bin', 'go'), 0o755);
  if (version !== undefined) writeFileSync(join(root, 'VERSION'), `${version}\ntime 2026-01-01T00:00:00Z\n`);
  return join(root, 'bin', 'go');
}

void test(
  'the first go on PATH, through a symlink, names the release of the installation it belongs to',
  { skip: process.platform === 'win32' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gohealth-pathgo-'));
    try {
      const go = installation(join(dir, 'sdk', 'go1.24.3'), 'go1.24.3');
      installation(join(dir, 'later'), 'go1.20.1');
      mkdirSync(join(dir, 'links'));
      symlinkSync(go, join(dir, 'links', 'go'));
      const env = { PATH: ['relative/bin', join(dir, 'links'), join(dir, 'later', 'bin')].join(':') };
      assert.deepEqual(await goBeforeTheServer(env, undefined), { path: join(dir, 'links', 'go'), version: 'go1.24.3' });
      // A configured absolute goPath wins over PATH.
      assert.deepEqual(await goBeforeTheServer(env, join(dir, 'later', 'bin', 'go')), {
        path: join(dir, 'later', 'bin', 'go'),
        version: 'go1.20.1',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

void test(
  'nothing is claimed when the release is not known so cheaply: no VERSION, a garbage one, or no go',
  { skip: process.platform === 'win32' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gohealth-pathgo-'));
    try {
      installation(join(dir, 'source'), undefined);
      installation(join(dir, 'garbage'), '\u001b]0;pwned\u0007');
      assert.equal(await goBeforeTheServer({ PATH: join(dir, 'source', 'bin') }, undefined), undefined);
      assert.equal(await goBeforeTheServer({ PATH: join(dir, 'garbage', 'bin') }, undefined), undefined);
      assert.equal(await goBeforeTheServer({ PATH: join(dir, 'nothing-here') }, undefined), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
