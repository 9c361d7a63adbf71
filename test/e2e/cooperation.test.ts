// Beside VS Code Go (a stand-in that writes into process.env what VS Code Go writes): Go Health judges the environment VS Code started with, and its badge names the Go at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  copyFixture,
  expandAll,
  languageServerPids,
  launchVsCode,
  openView,
  projectRoot,
  readTreeItems,
  realGoVersion,
  removeFixtureCopy,
  screenshot,
  waitFor,
  waitForStatusBar,
  type LaunchOptions,
  type VsCode,
} from './harness';
import { secondGoRoot } from '../integration/secondGo';

const BADGE = 'goHealth.status';
const STANDIN = join(projectRoot, 'test', 'fixtures', 'e2e-extensions', 'vscode-go-standin');
const GO_BIN = '/usr/local/go/bin';
const PATH = [GO_BIN, join(process.env.HOME ?? '/root', 'go', 'bin'), dirname(process.execPath), process.env.PATH ?? ''].join(':');

function sharedVsCode(options: () => Promise<Omit<LaunchOptions, 'workspace'>>): { get: () => VsCode } {
  let vscode: VsCode | undefined;
  let workspace: string | undefined;
  before(
    async () => {
      workspace = copyFixture('healthy');
      vscode = await launchVsCode({ ...(await options()), workspace, extraExtensions: [STANDIN] });
    },
    { timeout: 300_000 },
  );
  after(
    async () => {
      await vscode?.close();
      if (workspace) removeFixtureCopy(workspace);
    },
    { timeout: 60_000 },
  );
  return {
    get: () => {
      if (!vscode) throw new Error('code-server did not start');
      return vscode;
    },
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'gohealth-e2e-coop-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

void describe('VS Code Go writes go.goroot into the extension host before Go Health starts its server', () => {
  const log = join(scratch, 'standin.json');
  let goroot = '';
  const code = sharedVsCode(async () => {
    goroot = await secondGoRoot();
    return {
      label: 'cooperation-goroot',
      env: { PATH, GOHEALTH_E2E_STANDIN_LOG: log },
      settings: { 'goHealth.compareLoginShell': false, 'go.goroot': goroot },
    };
  });

  void test('the server sees the start-up environment: one vscode-go-differs, no false goroot-mismatch', { timeout: 150_000 }, async () => {
    const vscode = code.get();
    const { page } = vscode;
    try {
      await waitForStatusBar(page, BADGE, (s) => !s.icons.includes('sync'), 'a finished check', 90_000);
      const standin = JSON.parse(readFileSync(log, 'utf8')) as { wroteGoroot: string; goHealthActiveBefore: boolean };
      assert.equal(standin.wroteGoroot, goroot, 'the stand-in wrote GOROOT into the extension host');
      assert.equal(standin.goHealthActiveBefore, false, 'before Go Health was active');

      const [pid] = languageServerPids(vscode.extensionsDir);
      assert.ok(pid, 'the language server runs');
      const serverEnv = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      assert.ok(
        !serverEnv.some((e) => e.startsWith('GOROOT=')),
        `the server has no GOROOT: ${serverEnv.filter((e) => e.startsWith('GO')).join(' ')}`,
      );

      await openView(page, 'Go Health');
      await expandAll(page, 'Health');
      const rows = await waitFor('the findings', async () => {
        const r = await readTreeItems(page, 'Health');
        return r.some((x) => /go\.goroot differs/.test(x.label)) ? r : undefined;
      });
      const labels = rows.map((r) => r.label);
      assert.equal(
        labels.filter((l) => /^The Go extension's go\.goroot differs from the environment/.test(l)).length,
        1,
        labels.join('\n'),
      );
      assert.ok(!labels.some((l) => /^GOROOT=.* is not the installation of the go in use/.test(l)), labels.join('\n'));
    } catch (error) {
      await screenshot(page, 'cooperation-goroot-failure').catch(() => undefined);
      throw error;
    }
  });
});

void describe('the badge names the Go on PATH before the server answers', () => {
  let version = '';
  const code = sharedVsCode(async () => {
    version = await realGoVersion();
    // A go that takes half a minute to answer anything: the server's first check cannot finish in that time.
    const slow = join(scratch, 'slow-go');
    mkdirSync(join(slow, 'bin'), { recursive: true });
    writeFileSync(join(slow, 'bin', 'go'), `#!/bin/sh\nsleep 30\nexec ${GO_BIN}/go "$@"\n`);
    chmodSync(join(slow, 'bin', 'go'), 0o755);
    copyFileSync(join(dirname(GO_BIN), 'VERSION'), join(slow, 'VERSION'));
    return {
      label: 'cooperation-badge',
      env: { PATH: `${join(slow, 'bin')}:${PATH}` },
      settings: { 'goHealth.compareLoginShell': false, 'goHealth.timeoutMs': 120_000 },
    };
  });

  void test("while the first check runs, the badge already says which Go, as VS Code Go's item does", { timeout: 150_000 }, async () => {
    const { page } = code.get();
    try {
      await waitForStatusBar(page, 'golang.go.standin', () => true, "the stand-in's status item", 90_000);
      const first = await waitForStatusBar(page, BADGE, (s) => s.icons.includes('sync'), 'the first state', 30_000);
      assert.equal(first.text, `Go ${version}`, 'the spinner with the version, before any check finished');
    } catch (error) {
      await screenshot(page, 'cooperation-badge-failure').catch(() => undefined);
      throw error;
    }
  });
});
