// The WSL "install dlv" fix through the wsl.exe stand-in: a distro go whose path holds $(…) and backticks is run as a program, never parsed as shell text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFile } from '../../src/platform/exec';
import { quoteSh } from '../../src/platform/shell';
import { probeDistro } from '../../src/wsl/distros';
import { runChecks } from '../../src/core/checks/index';
import type { RunCommandFix } from '../../src/core/report';
import { windowsFacts } from '../unit/support/factsBuilder';
import { STANDIN } from '../support/wsl-standin-harness';

void test('a distro go at a path with $(…) and `…` is probed and used by the install-dlv fix without either running', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gohealth-wsl-quote-'));
  try {
    const home = path.join(root, 'home');
    // Relative markers: a command substitution that ran would create them in the shell's directory (the home).
    const dir = path.join(root, 'opt', 'go $(touch PWNED) `touch PWNED2`', 'bin');
    mkdirSync(dir, { recursive: true });
    mkdirSync(home, { recursive: true });
    const argsFile = path.join(root, 'go-args');
    const go = path.join(dir, 'go');
    writeFileSync(
      go,
      `#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.26.8 linux/amd64"; exit 0; fi\nif [ "$1" = env ]; then exit 0; fi\nprintf '%s\\n' "$@" > ${quoteSh(argsFile)}\n`,
    );
    chmodSync(go, 0o755);
    chmodSync(STANDIN, 0o755);
    // The distro's login profile puts that go first on PATH (quoted: the profile itself must not run the name).
    writeFileSync(path.join(home, '.profile'), `PATH=${quoteSh(dir)}:"$PATH"; export PATH\n`);
    const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, GOHEALTH_STANDIN_DISTROS: 'Ubuntu' };

    const probe = await probeDistro(execFile, STANDIN, 'Ubuntu', { env, timeoutMs: 30_000 });
    assert.equal(probe.go?.path, go, JSON.stringify(probe));
    delete probe.dlv;

    const facts = windowsFacts();
    facts.windowsWsl = {
      wslExe: STANDIN,
      probed: true,
      distros: [{ name: 'Ubuntu', state: 'Running', stateKind: 'running', version: 2, isDefault: true }],
      defaultDistro: 'Ubuntu',
      debugDistro: 'Ubuntu',
      distroProbe: probe,
      wslconfig: {
        path: 'C:\\Users\\dev\\.wslconfig',
        exists: false,
        localhostForwarding: true,
        networkingMode: 'nat',
        windowsReachesWslLocalhost: true,
      },
    };
    const finding = runChecks(facts, { only: ['wsl-distro-no-dlv'] })[0];
    const fix = finding?.fixes.find((f): f is RunCommandFix => f.kind === 'run-command');
    assert.ok(fix, JSON.stringify(finding));
    // As the extension runs it: the program itself, with these arguments, no shell in between on this side.
    const result = await execFile(fix.command, fix.args, { env, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readFileSync(argsFile, 'utf8').split('\n').filter(Boolean), ['install', 'github.com/go-delve/delve/cmd/dlv@latest']);
    for (const marker of ['PWNED', 'PWNED2'])
      assert.equal(existsSync(path.join(home, marker)), false, `${marker}: the path was run as shell text`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
