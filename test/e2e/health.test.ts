// In a real VS Code with the packaged VSIX: the health badge, the Health view, Problems, a fix and its undo, restricted mode, and a server crash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  auditLogPath,
  clipboardText,
  clickModalButton,
  copyFixture,
  expandAll,
  hoverText,
  languageServerPids,
  launchVsCode,
  modalText,
  notifications,
  openView,
  outputLogFile,
  problems,
  quickPickItems,
  quickPickSelect,
  readTreeItems,
  realGoVersion,
  recordStatusBar,
  removeFixtureCopy,
  runCommand,
  screenshot,
  screenshotStatusBar,
  statusBarItem,
  statusBarHistory,
  treeItemMenu,
  viewPane,
  waitFor,
  waitForStatusBar,
  waitForTreeItem,
  type LaunchOptions,
  type StatusBarState,
  type TreeRow,
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
      // Notes (a tool this machine lacks, say) are counted in the label, never in the badge's text.
      assert.match(badge.ariaLabel, new RegExp(`^Go Health: Go ${version.replace(/\./g, '\\.')}, no problems(, \\d+ notes?)?$`));
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

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** A finding row's severity from its icon; undefined for evidence, fix and location rows. */
function rowSeverity(r: TreeRow): 'error' | 'warning' | 'info' | undefined {
  if (r.description === 'not enough on its own') return undefined; // a fix another finding defeats
  return (['error', 'warning', 'info'] as const).find((s) => r.icons.includes(s));
}

/** `1 error, 2 warnings, 1 note` back into numbers. */
function parseCounts(text: string): { error: number; warning: number; info: number } {
  const n = (word: string) => Number(new RegExp(`(\\d+) ${word}s?\\b`).exec(text)?.[1] ?? 0);
  return { error: n('error'), warning: n('warning'), info: n('note') };
}

/** Expands the top-level rows only (findings), so their consequences show without every evidence list pushing rows out of view. */
async function expandRoots(page: Page): Promise<TreeRow[]> {
  const pane = await viewPane(page, 'Health');
  const collapsed = pane.locator('.pane-body .monaco-list-row[aria-level="1"][aria-expanded="false"]');
  while ((await collapsed.count()) > 0) await collapsed.first().click();
  return readTreeItems(page, 'Health');
}

void describe('a module whose go.mod needs a newer Go, with GOTOOLCHAIN=local', () => {
  const code = sharedVsCode('newer-go', { env: { GOTOOLCHAIN: 'local' } });

  void test(
    'worst first: the summary row, then the go line error with the tools too old for it nested under it; the badge keeps the version, counts as Problems does and names every finding',
    { timeout: 180_000 },
    async () => {
      const vscode = code.get();
      const { page } = vscode;
      const version = await realGoVersion();
      await withFailureShot(page, 'newer-go', async () => {
        const badge = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
        assert.deepEqual(badge.icons, ['error']);
        const text = new RegExp(`^Go ${version.replace(/\./g, '\\.')} · (\\d+) errors?$`).exec(badge.text);
        assert.ok(text, `the badge keeps the Go version in the error state: ${badge.text}`);
        const label = new RegExp(`^Go Health: Go ${version.replace(/\./g, '\\.')}, (.+)$`).exec(badge.ariaLabel);
        assert.ok(label, badge.ariaLabel);
        const counts = parseCounts(label[1]!);
        assert.equal(Number(text[1]), counts.error, 'the text and the aria label count the same errors');
        await screenshotStatusBar(page, 'newer-go-badge');
        await screenshot(page, 'newer-go-badge-item', statusBarItem(page, BADGE));

        await openView(page, 'Go Health');
        const rows = await waitFor('the findings under the summary', async () => {
          const now = await expandRoots(page);
          if (now.some((r) => /^go\.mod needs go1\.27\.4/.test(r.label)) && now.some((r) => / was built with go/.test(r.label))) return now;
          throw new Error(`rows are ${JSON.stringify(now.map((r) => [r.level, r.label]))}`);
        });
        // The first row sums it up and says what to do; the first finding is the error to fix first.
        const countWords = (n: number, w: string) => (n ? [`${n} ${w}${n === 1 ? '' : 's'}`] : []);
        const summary = [
          ...countWords(counts.error, 'error'),
          ...countWords(counts.warning, 'warning'),
          ...countWords(counts.info, 'note'),
        ];
        assert.equal(rows[0]!.label, summary.join(', '), 'the summary row counts as the badge does');
        assert.equal(rows[0]!.description, `Go ${version} · fix the first one first`);
        const roots = rows.slice(1).filter((r) => r.level === 1);
        assert.match(roots[0]!.label, /^go\.mod needs go1\.27\.4/);
        assert.equal(rowSeverity(roots[0]!), 'error');
        const ranks = roots.map((r) => SEVERITY_RANK[rowSeverity(r) ?? 'info']!);
        assert.deepEqual(
          ranks,
          [...ranks].sort((x, y) => x - y),
          `roots worst first: ${JSON.stringify(roots.map((r) => r.label))}`,
        );
        // The tools too old for the go line are consequences under it, not roots of their own.
        const rootAt = rows.indexOf(roots[0]!);
        const nextRootAt = roots[1] ? rows.indexOf(roots[1]) : rows.length;
        const stale = rows.filter((r) => / was built with go/.test(r.label));
        assert.ok(stale.length > 0);
        for (const r of stale) {
          assert.ok(r.level > 1, `${r.label} is nested`);
          const at = rows.indexOf(r);
          assert.ok(at > rootAt && at < nextRootAt, `${r.label} is under the go line`);
        }
        assert.match(roots[0]!.description, /^go\.mod:3 · causes \d+ more problems?$/);
        for (const r of rows)
          assert.doesNotMatch(r.label, /builtWith|requiredLine|needsSwitch|switching-disabled|\{"/, 'no internal names');
        await screenshot(page, 'newer-go-tree', page.locator('.part.sidebar'));
        await screenshot(page, 'newer-go-health-view', await viewPane(page, 'Health'));

        // Problems holds exactly what the badge counts.
        const problemRows = await waitFor('Problems to count what the badge counts', async () => {
          const now = (await problems(page)).filter((r) => r.severity);
          const seen = { error: 0, warning: 0, info: 0 };
          for (const r of now) seen[r.severity!]++;
          if (seen.error === counts.error && seen.warning === counts.warning && seen.info === counts.info) return now;
          throw new Error(`Problems ${JSON.stringify(seen)}, badge ${JSON.stringify(counts)}: ${JSON.stringify(now.map((r) => r.text))}`);
        });
        const goLine = problemRows.find((r) => /go\.mod needs go1\.27\.4/.test(r.text))!;
        assert.equal(goLine.severity, 'error');
        assert.equal(goLine.line, 3, `the Problems entry is at the go line: ${JSON.stringify(goLine)}`);
        assert.match(goLine.text, /gomod-go-newer/);
        await screenshot(page, 'newer-go-problems', page.locator('.part.panel'));

        // The tooltip names every finding it counts.
        const tooltip = await hoverText(page, statusBarItem(page, BADGE));
        const findingTitles = rows.filter((r) => rowSeverity(r) && r !== rows[0]).map((r) => r.label);
        assert.equal(findingTitles.length, counts.error + counts.warning + counts.info);
        for (const title of findingTitles) assert.ok(tooltip.includes(title), `the tooltip names "${title}": ${tooltip}`);
        await screenshot(page, 'newer-go-tooltip');
        await page.mouse.move(800, 300);
        await page.keyboard.press('Escape');
      });
    },
  );

  void test(
    'the badge opens the status menu; Show Logs shows a Go Health log with a line per spawn of each check run',
    { timeout: 120_000 },
    async () => {
      const vscode = code.get();
      const { page } = vscode;
      await withFailureShot(page, 'logs', async () => {
        await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
        await statusBarItem(page, BADGE).click();
        const menu = await quickPickItems(page);
        for (const item of ['Fix a Problem…', 'Open the Health View', 'Re-run Checks', 'Show Report', 'Show Logs'])
          assert.ok(menu.includes(item), `the status menu offers ${item}: ${JSON.stringify(menu)}`);
        assert.equal(menu[0], 'Fix a Problem…', 'the useful next step first');
        await screenshot(page, 'status-menu', page.locator('.quick-input-widget'));
        await quickPickSelect(page, 'Show Logs');
        await page.locator('.part.panel .output-view, .part.panel .output').first().waitFor({ state: 'visible' });
        await screenshot(page, 'go-health-log', page.locator('.part.panel'));

        const logFile = await waitFor('the Go Health log file', () => outputLogFile(vscode.userDataDir, 'Go Health'));
        const lines = await waitFor('a finished check run in the log', () => {
          const all = readFileSync(logFile, 'utf8').split('\n');
          return all.some((l) => /Check run 1: .* · \d+ spawns?/.test(l)) ? all : undefined;
        });
        const started = lines.findIndex((l) => /Check run 1 started/.test(l));
        const ended = lines.findIndex((l) => /Check run 1: /.test(l));
        assert.ok(started >= 0 && ended > started, 'the run is logged from start to end');
        const spawns = Number(/· (\d+) spawns?/.exec(lines[ended]!)![1]);
        const spawnLines = lines.slice(started, ended).filter((l) => /\bspawn \/\S+/.test(l));
        assert.ok(spawns > 0, lines[ended]);
        assert.equal(spawnLines.length, spawns, `one line per spawn:\n${spawnLines.join('\n')}`);
        assert.ok(
          spawnLines.some((l) => /spawn \S*\/go env -json\b.* → exit 0 in \d+ ms/.test(l)),
          'a spawn line names the program, its arguments, its exit status and its time',
        );
        assert.match(lines[ended]!, /Check run 1: (\d+ errors?|no findings)/);
      });
    },
  );
});

/** A second Go: the go1.25.4 toolchain the go command keeps in the module cache. */
const SECOND_GO = join(process.env.HOME ?? '/root', 'go', 'pkg', 'mod', 'golang.org', 'toolchain@v0.0.1-go1.25.4.linux-amd64', 'bin', 'go');

void describe('the Environment view, with a go env file and goHealth.goPath naming a second Go', () => {
  let vscode: VsCode | undefined;
  let workspace: string | undefined;
  let goenvDir: string | undefined;
  before(
    async () => {
      workspace = copyFixture('healthy');
      goenvDir = mkdtempSync(join(tmpdir(), 'gohealth-e2e-goenv-'));
      writeFileSync(join(goenvDir, 'env'), 'GOAMD64=v1\nGOPRIVATE=example.com/private\n');
      vscode = await launchVsCode({ label: 'environment', workspace, settings: SETTINGS, env: { PATH, GOENV: join(goenvDir, 'env') } });
      // goHealth.goPath is machine-overridable: a remote window (code-server is one) reads the user's value from the
      // server machine's settings. VS Code picks the file up while it runs.
      mkdirSync(join(vscode.userDataDir, 'Machine'), { recursive: true });
      writeFileSync(join(vscode.userDataDir, 'Machine', 'settings.json'), JSON.stringify({ 'goHealth.goPath': SECOND_GO }, null, 2));
    },
    { timeout: SUITE_TIMEOUT_MS },
  );
  after(
    async () => {
      await vscode?.close();
      if (workspace) removeFixtureCopy(workspace);
      if (goenvDir) rmSync(goenvDir, { recursive: true, force: true });
    },
    { timeout: 60_000 },
  );

  void test(
    'Copy Value copies the value; Open Where It Is Set opens the go env file at the line that sets it',
    { skip: !existsSync(SECOND_GO) && 'no go1.25.4 toolchain in the module cache', timeout: 180_000 },
    async () => {
      const { page } = vscode!;
      await withFailureShot(page, 'environment', async () => {
        await waitForStatusBar(page, BADGE, (s) => settled(s) && s.text.startsWith('Go 1.25.4'), 'the Go the setting names', 90_000);
        await openView(page, 'Go Health');
        const goprivate = await waitForTreeItem(page, 'Environment', (r) => r.label === 'GOPRIVATE', 'the GOPRIVATE row');
        // A short source label; the full path is in the tooltip.
        assert.equal(goprivate.description, 'example.com/private · go env -w');
        await screenshot(page, 'environment-tree', page.locator('.part.sidebar'));

        // Every installation is listed with its release, the one the setting names active.
        await waitForTreeItem(
          page,
          'Environment',
          (r) => r.label === 'go1.25.4' && r.description.startsWith('active'),
          'the active go1.25.4',
        );
        await page.mouse.move(800, 300);
        await screenshot(page, 'environment-view', await viewPane(page, 'Environment'));

        await treeItemMenu(page, 'Environment', 'GOPRIVATE', 'Copy Value');
        await waitFor('the value on the clipboard', async () => ((await clipboardText(page)) === 'example.com/private' ? true : undefined));

        await treeItemMenu(page, 'Environment', 'GOPRIVATE', 'Open Where It Is Set');
        // The go env file in the active editor, at the line that sets GOPRIVATE; a menu action that could not act says so.
        await waitFor('the go env file open at line 2', async () => {
          const refused = (await notifications(page)).find((n) => /did nothing/.test(n));
          if (refused) throw new Error(`the action said: ${refused}`);
          const tab = (
            await page
              .locator('.tab.active .label-name')
              .first()
              .textContent()
              .catch(() => null)
          )?.trim();
          const position = await page
            .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+$/ })
            .first()
            .textContent()
            .catch(() => null);
          if (tab === 'env' && position?.trim() === 'Ln 2, Col 1') return true;
          throw new Error(`the active tab is ${JSON.stringify(tab)} at ${JSON.stringify(position)}`);
        });
      });
    },
  );

  void test(
    'Use This Go for This Workspace on the go on PATH switches the checked Go; the toast undoes it',
    {
      skip: !existsSync(SECOND_GO) && 'no go1.25.4 toolchain in the module cache',
      timeout: 180_000,
    },
    async () => {
      const { page } = vscode!;
      const version = await realGoVersion();
      await withFailureShot(page, 'use-this-go', async () => {
        await openView(page, 'Go Health');
        // The go on PATH is listed too, not active: use it for this workspace.
        const other = await waitForTreeItem(page, 'Environment', (r) => r.label === `go${version}`, 'the go on PATH');
        assert.doesNotMatch(other.description, /^active/);
        assert.equal(other.description, '/usr/local/go/bin/go', 'the go on PATH, with its release as the label');
        const installations = await readTreeItems(page, 'Environment');
        assert.ok(!installations.some((r) => r.label === 'unknown version'), 'every installation shows its release');
        await treeItemMenu(page, 'Environment', `go${version}`, 'Use This Go for This Workspace');
        assert.match(await modalText(page), new RegExp(`Use go${version.replace(/\./g, '\\.')} for this workspace\\?`));
        await clickModalButton(page, 'Apply');
        const settingsFile = join(workspace!, '.vscode', 'settings.json');
        await waitFor('the workspace setting', () =>
          existsSync(settingsFile) && readFileSync(settingsFile, 'utf8').includes('/usr/local/go/bin/go') ? true : undefined,
        );
        await waitForStatusBar(page, BADGE, (s) => settled(s) && s.text.startsWith(`Go ${version}`), 'the go on PATH checked', 90_000);
        await screenshotStatusBar(page, 'use-this-go-badge');

        const toast = page.locator('.notification-toast', {
          hasText: new RegExp(`Use go${version.replace(/\./g, '\\.')} for this workspace: done`),
        });
        await toast
          .locator('.monaco-button', { hasText: /^Undo$/ })
          .first()
          .click();
        await waitFor('the workspace setting removed', () =>
          !readFileSync(settingsFile, 'utf8').includes('goHealth.goPath') ? true : undefined,
        );
        await waitForStatusBar(page, BADGE, (s) => settled(s) && s.text.startsWith('Go 1.25.4'), 'the Go the setting names again', 90_000);
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
        assert.equal(before.text, `Go ${version} · 1 warning`);
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
        assert.equal(undone.text, `Go ${version} · 1 warning`);
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
