// In a real VS Code with the packaged VSIX: the health badge, the Health view, Problems, a fix and its undo, restricted mode, and a server crash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  auditLogPath,
  clickModalButton,
  copyFixture,
  expandAll,
  languageServerPids,
  launchVsCode,
  modalText,
  openView,
  quickPickItems,
  quickPickSelect,
  readTreeItems,
  realGoVersion,
  recordStatusBar,
  removeFixtureCopy,
  runCommand,
  screenshot,
  screenshotStatusBar,
  statusBarHistory,
  waitFor,
  waitForProblem,
  waitForStatusBar,
  waitForTreeItem,
  type LaunchOptions,
  type StatusBarState,
  type VsCode,
} from './harness';

const BADGE = 'goHealth.status';
const RESTRICTED_LABEL = 'Restricted mode';
const GO_BIN_DIRS = ['/usr/local/go/bin', join(process.env.HOME ?? '/root', 'go', 'bin')];
/** The go the extension host finds first on PATH, and node for the extension's own processes. */
const PATH = [...GO_BIN_DIRS, dirname(process.execPath), process.env.PATH ?? ''].join(':');
/** The machine's login shell profile is no part of these fixtures: its differences (env-terminal-differs) would add findings. */
const SETTINGS = { 'goHealth.compareLoginShell': false };
const SUITE_TIMEOUT_MS = 300_000;

/** A badge that finished checking: not the spinner. */
const settled = (s: StatusBarState) => !s.icons.includes('sync');

/** One code-server for a describe block: launched before its tests, killed and its fixture copy removed after them. */
function sharedVsCode(fixture: string, options: Omit<LaunchOptions, 'workspace'> = {}): { get: () => VsCode } {
  let vscode: VsCode | undefined;
  let workspace: string | undefined;
  before(
    async () => {
      workspace = copyFixture(fixture);
      vscode = await launchVsCode({
        label: fixture,
        ...options,
        workspace,
        settings: { ...SETTINGS, ...options.settings },
        env: { PATH, ...options.env },
      });
    },
    { timeout: SUITE_TIMEOUT_MS },
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
      if (!vscode) throw new Error(`code-server for ${fixture} did not start`);
      return vscode;
    },
  };
}

/** Runs a test body and keeps a screenshot of the window when it fails. */
async function withFailureShot(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw error;
  }
}

async function screenshotHealthView(page: Page, name: string): Promise<void> {
  await openView(page, 'Go Health');
  await expandAll(page, 'Health');
  await screenshot(page, name, page.locator('.part.sidebar'));
}

void describe('a healthy module', () => {
  const code = sharedVsCode('healthy');

  void test('the badge shows the real Go version with the pass icon', { timeout: 120_000 }, async () => {
    const { page } = code.get();
    const version = await realGoVersion();
    await withFailureShot(page, 'healthy', async () => {
      const badge = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
      assert.equal(badge.text, `Go ${version}`);
      assert.deepEqual(badge.icons, ['pass']);
      assert.equal(badge.ariaLabel, `Go Health: Go ${version}, no problems`);
      await screenshotStatusBar(page, 'healthy-badge');

      await openView(page, 'Go Health');
      const summary = await waitForTreeItem(page, 'Health', (r) => r.label.startsWith('No problems'), 'the summary');
      assert.equal(summary.label, `No problems with Go ${version}`);
      await screenshotHealthView(page, 'healthy-tree');
    });
  });

  void test('a crashed language server restarts: the badge says so, then shows the healthy state again', { timeout: 120_000 }, async () => {
    const vscode = code.get();
    const { page } = vscode;
    const version = await realGoVersion();
    await withFailureShot(page, 'server-crash', async () => {
      await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
      const [pid, ...others] = languageServerPids(vscode.extensionsDir);
      assert.ok(
        pid !== undefined && others.length === 0,
        `one language server of this code-server runs (found ${JSON.stringify(languageServerPids(vscode.extensionsDir))})`,
      );

      await recordStatusBar(page, BADGE);
      process.kill(pid, 'SIGKILL');
      const restarting = await waitFor(
        'the badge to say the server is restarting',
        async () => (await statusBarHistory(page)).find((s) => s.ariaLabel === 'Go Health: restarting'),
        30_000,
        100,
      );
      assert.equal(restarting.text, 'Go');
      const back = await waitForStatusBar(page, BADGE, (s) => settled(s) && s.text === `Go ${version}`, 'the healthy state again', 60_000);
      assert.deepEqual(back.icons, ['pass']);
      const restarted = await waitFor('a new language server process', () => {
        const now = languageServerPids(vscode.extensionsDir);
        return now.length === 1 && now[0] !== pid ? now : undefined;
      });
      assert.notEqual(restarted[0], pid);
      await screenshotStatusBar(page, 'server-restarted-badge');
    });
  });
});

void describe('a module whose go.mod needs a newer Go, with GOTOOLCHAIN=local', () => {
  const code = sharedVsCode('newer-go', { env: { GOTOOLCHAIN: 'local' } });

  void test(
    'error badge, the gomod-go-newer finding in the Health view, and a Problems entry at the go line',
    { timeout: 150_000 },
    async () => {
      const vscode = code.get();
      const { page } = vscode;
      await withFailureShot(page, 'newer-go', async () => {
        const badge = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
        assert.deepEqual(badge.icons, ['error']);
        assert.match(badge.text, /^Go · [1-9]\d*$/);
        assert.match(badge.ariaLabel, /^Go Health: \d+ errors?/);
        await screenshotStatusBar(page, 'newer-go-badge');

        await openView(page, 'Go Health');
        const finding = await waitForTreeItem(
          page,
          'Health',
          (r) => /^go\.mod needs go1\.27\.4/.test(r.label),
          'the gomod-go-newer finding',
        );
        assert.equal(finding.description, 'go.mod:3');
        const area = (await readTreeItems(page, 'Health')).find((r) => r.label === 'Modules and toolchain selection');
        assert.match(area?.description ?? '', /^1 error/);
        await screenshotHealthView(page, 'newer-go-tree');

        const problem = await waitForProblem(page, (r) => /go\.mod needs go1\.27\.4/.test(r.text), 'the go.mod error');
        assert.equal(problem.severity, 'error');
        assert.equal(problem.line, 3, `the Problems entry is at the go line: ${JSON.stringify(problem)}`);
        assert.match(problem.text, /gomod-go-newer/);
        assert.match(problem.text, /Go Health/);
        await waitForProblem(page, (r) => /^go\.mod\b/.test(r.text), 'the go.mod file row');
        await screenshot(page, 'newer-go-problems', page.locator('.part.panel'));
      });
    },
  );
});

void describe('a fix from the command palette, and its undo', () => {
  const code = sharedVsCode('fix-target');
  const CI_FILE = join('.github', 'workflows', 'ci.yml');

  void test(
    '"Fix a Problem…" edits the CI file as previewed, keeping its comments; "Undo Last Fix" restores it exactly; both are in the audit log',
    { timeout: 240_000 },
    async () => {
      const vscode = code.get();
      const { page, workspace } = vscode;
      const version = await realGoVersion();
      const ciPath = join(workspace, CI_FILE);
      const original = readFileSync(ciPath, 'utf8');
      await withFailureShot(page, 'fix', async () => {
        const before = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
        assert.equal(before.text, `Go ${version} · 1`);
        assert.deepEqual(before.icons, ['warning']);
        await openView(page, 'Go Health');
        const finding = await waitForTreeItem(
          page,
          'Health',
          (r) => /^actions\/setup-go go-version 1\.21 is older than go 1\.22\.0/.test(r.label),
          'the ci-go-version-drift finding',
        );
        assert.equal(finding.description, 'ci.yml:16');
        await screenshotStatusBar(page, 'fix-before-badge');
        await screenshotHealthView(page, 'fix-before-tree');

        await runCommand(page, 'Go Health: Fix a Problem…');
        const offered = await quickPickItems(page);
        assert.ok(offered.includes('Change 1.21 to 1.22'), `offered fixes: ${JSON.stringify(offered)}`);
        await quickPickSelect(page, 'Change 1.21 to 1.22');
        const preview = await modalText(page);
        assert.match(preview, /Change 1\.21 to 1\.22\?/);
        assert.ok(preview.includes(`In ${ciPath}:`), preview);
        assert.ok(preview.includes('Line 16: "1.21" → "1.22"'), preview);
        await screenshot(page, 'fix-preview');
        await clickModalButton(page, 'Apply');

        // Exactly the previewed change: every comment and every other entry stays as it was.
        const fixed = original.replace("go-version: '1.21' # pinned on purpose", "go-version: '1.22' # pinned on purpose");
        assert.notEqual(fixed, original);
        await waitFor('the CI file to be saved with the fix', () => readFileSync(ciPath, 'utf8') === fixed || undefined);
        const after = await waitForStatusBar(
          page,
          BADGE,
          (s) => settled(s) && !s.icons.includes('warning'),
          'the badge without the warning',
        );
        assert.equal(after.text, `Go ${version}`);
        assert.deepEqual(after.icons, ['pass']);
        await waitForTreeItem(page, 'Health', (r) => r.label === `No problems with Go ${version}`, 'the summary after the fix');
        assert.ok(
          !(await readTreeItems(page, 'Health')).some((r) => r.label.startsWith('actions/setup-go')),
          'the fixed finding is gone from the Health view',
        );
        await screenshotStatusBar(page, 'fix-after-badge');
        await screenshotHealthView(page, 'fix-after-tree');

        await runCommand(page, 'Go Health: Undo Last Fix');
        assert.match(await modalText(page), /Undo "Change 1\.21 to 1\.22"\?/);
        await clickModalButton(page, 'Undo');
        await waitFor('the CI file to be restored byte for byte', () => readFileSync(ciPath, 'utf8') === original || undefined);
        const undone = await waitForStatusBar(page, BADGE, (s) => settled(s) && s.icons.includes('warning'), 'the warning badge again');
        assert.equal(undone.text, `Go ${version} · 1`);
        await waitForTreeItem(page, 'Health', (r) => r.label.startsWith('actions/setup-go go-version 1.21'), 'the finding again');

        const records = readFileSync(auditLogPath(vscode.userDataDir), 'utf8')
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { attributes: Record<string, unknown> }).attributes);
        assert.deepEqual(
          records.map((a) => [
            a['gohealth.action'],
            a['gohealth.fix.id'],
            a['gohealth.finding.id'],
            a['gohealth.target'],
            a['gohealth.previous'],
            a['gohealth.new'],
          ]),
          [
            ['apply', 'raise-ci-go', 'ci-go-version-drift', ciPath, '1.21', '1.22'],
            ['undo', 'raise-ci-go', 'ci-go-version-drift', ciPath, '1.22', '1.21'],
          ],
        );
      });
    },
  );
});

void describe('an untrusted workspace whose settings point goHealth.goPath at a script inside it', () => {
  const code = sharedVsCode('untrusted', { trust: true });
  const MARKER = 'MARKER-fake-go-was-executed';

  void test('the script never runs, the go on PATH is checked, and the Health view says why', { timeout: 150_000 }, async () => {
    const vscode = code.get();
    const { page, workspace } = vscode;
    const version = await realGoVersion();
    await withFailureShot(page, 'untrusted', async () => {
      const badge = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
      assert.equal(badge.text, `Go ${version}`, 'the go on PATH, not the workspace script, was checked');
      await openView(page, 'Go Health');
      const restricted = await waitForTreeItem(page, 'Health', (r) => r.label === RESTRICTED_LABEL, 'the Restricted item');
      assert.equal(restricted.description, 'ignored: goHealth.goPath');
      await screenshotHealthView(page, 'untrusted-tree');
      await screenshotStatusBar(page, 'untrusted-badge');

      // A re-run on request must not run it either.
      await runCommand(page, 'Go Health: Re-run Checks');
      await waitForStatusBar(page, BADGE, settled, 'the re-run to finish', 60_000);
      assert.equal(existsSync(join(workspace, MARKER)), false, 'the workspace script was never executed');
      assert.deepEqual(readdirSync(workspace).sort(), ['.vscode', 'fake-go', 'go.mod', 'main.go']);
    });
  });
});
