// The team policy in a real VS Code: drift under its own heading and in Problems at the rule's line, schema completion of rule names, the policy's fix applied (with its own confirmation) and undone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  clickModalButton,
  copyFixture,
  launchVsCode,
  modalText,
  openView,
  quickPickSelect,
  readTreeItems,
  realGoVersion,
  removeFixtureCopy,
  runCommand,
  screenshot,
  waitFor,
  waitForProblem,
  waitForStatusBar,
  waitForTreeItem,
  type PageElement,
  type StatusBarState,
  type VsCode,
} from './harness';

const BADGE = 'goHealth.status';
const GO_BIN_DIRS = ['/usr/local/go/bin', join(process.env.HOME ?? '/root', 'go', 'bin')];
const PATH = [...GO_BIN_DIRS, dirname(process.execPath), process.env.PATH ?? ''].join(':');
const settled = (s: StatusBarState) => !s.icons.includes('sync');
const DRIFT = /^GOPRIVATE must include \*\.corp\.example \(team policy\), but here it is unset$/;

void describe('a workspace with a team policy this machine breaks', () => {
  let vscode: VsCode | undefined;
  let workspace: string | undefined;
  // The go env file `go env -w` writes: the test's own, so the machine's is never touched.
  const goenvDir = mkdtempSync(join(tmpdir(), 'gohealth-e2e-goenv-'));
  const goenvFile = join(goenvDir, 'env');

  before(
    async () => {
      workspace = copyFixture('policy');
      vscode = await launchVsCode({
        label: 'policy',
        workspace,
        settings: { 'goHealth.compareLoginShell': false },
        env: { PATH, GOENV: goenvFile, GOPRIVATE: '', GOFLAGS: '' },
      });
    },
    { timeout: 300_000 },
  );
  after(
    async () => {
      await vscode?.close();
      if (workspace) removeFixtureCopy(workspace);
      rmSync(goenvDir, { recursive: true, force: true });
    },
    { timeout: 60_000 },
  );

  async function shot(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await screenshot(page, `${name}-failure`).catch(() => undefined);
      throw error;
    }
  }

  void test('the drift is under the Team policy heading and in Problems at the rule line', { timeout: 150_000 }, async () => {
    const { page } = vscode!;
    await shot(page, 'policy-drift', async () => {
      const badge = await waitForStatusBar(page, BADGE, settled, 'a finished check', 90_000);
      assert.deepEqual(badge.icons, ['error']);
      await openView(page, 'Go Health');
      const finding = await waitForTreeItem(page, 'Health', (r) => DRIFT.test(r.label), 'the policy-drift finding');
      assert.equal(finding.description, '.gohealth.json:4');
      const heading = (await readTreeItems(page, 'Health')).find((r) => r.label === 'Team policy');
      assert.match(heading?.description ?? '', /^1 error/);
      await screenshot(page, 'policy-tree', page.locator('.part.sidebar'));

      const problem = await waitForProblem(page, (r) => /GOPRIVATE must include/.test(r.text), 'the policy drift');
      assert.equal(problem.severity, 'error');
      assert.equal(problem.line, 4, JSON.stringify(problem));
      assert.match(problem.text, /policy-drift/);
      await waitForProblem(page, (r) => /^\.gohealth\.json\b/.test(r.text), 'the policy file row');
      await screenshot(page, 'policy-problems', page.locator('.part.panel'));
    });
  });

  void test('a policy file gets completion of the rule names from the schema', { timeout: 120_000 }, async () => {
    const { page } = vscode!;
    await shot(page, 'policy-completion', async () => {
      // A draft beside the workspace's policy (a policy below the folder governs nothing, so the checks stay as they are).
      const draft = join(workspace!, 'draft', '.gohealth.json');
      mkdirSync(dirname(draft), { recursive: true });
      writeFileSync(draft, '{\n  "env": {\n    \n  }\n}\n');
      await page.keyboard.press('Control+P');
      await page.keyboard.type('draft/.gohealth.json');
      await quickPickSelect(page, /\.gohealth\.json/);
      const editor = page.locator('.part.editor .monaco-editor').first();
      await editor.waitFor({ state: 'visible' });
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      // The list shows a dozen rows at a time, alphabetically: a prefix brings the proxy variables into view.
      await page.keyboard.type('"GOP');
      const labels = await waitFor(
        'completion to offer Go variables',
        async () => {
          const widget = page.locator('.suggest-widget');
          if (!(await widget.isVisible())) await runCommand(page, 'Trigger Suggest');
          const found = await widget
            .locator('.monaco-list-row .label-name')
            .evaluateAll((els: PageElement[]) => els.map((e) => (e.textContent ?? '').trim()));
          if (found.some((l) => l.includes('GOPROXY'))) return found;
          throw new Error(`the suggestions are ${JSON.stringify(found)}`);
        },
        30_000,
        1_000,
      );
      assert.ok(
        labels.some((l) => l.includes('GOPRIVATE')) && labels.some((l) => l.includes('GOPROXY')),
        `completion offers the variables: ${JSON.stringify(labels)}`,
      );
      assert.ok(!labels.some((l) => l.includes('GOFLAGS')), `the prefix filters the list: ${JSON.stringify(labels)}`);
      await screenshot(page, 'policy-completion');
      await page.keyboard.press('Escape');
    });
  });

  void test(
    "applying the policy's value asks with its own button, fixes the drift, and undoing it brings the drift back",
    { timeout: 180_000 },
    async () => {
      const { page } = vscode!;
      const version = await realGoVersion();
      await shot(page, 'policy-fix', async () => {
        await waitForStatusBar(page, BADGE, (s) => settled(s) && s.icons.includes('error'), 'the error badge', 60_000);
        await runCommand(page, 'Go Health: Fix a Problem…');
        await quickPickSelect(
          page,
          /^Set GOPRIVATE=\*\.corp\.example with go env -w \(the team policy's value, \.gohealth\.json line 4\)$/,
        );
        const preview = await modalText(page);
        assert.match(preview, /From the repository's team policy: .*\.gohealth\.json line 4 \(env\.GOPRIVATE\.includes\)/);
        assert.match(preview, /apply it only if you trust this repository/);
        assert.match(preview, /go env -w 'GOPRIVATE=\*\.corp\.example'/);
        await screenshot(page, 'policy-fix-preview');
        await clickModalButton(page, "Apply the Policy's Value");
        await waitFor('go env -w to write the go env file', () =>
          existsSync(goenvFile) && /^GOPRIVATE=\*\.corp\.example$/m.test(readFileSync(goenvFile, 'utf8')) ? true : undefined,
        );
        const fixed = await waitForStatusBar(page, BADGE, (s) => settled(s) && !s.icons.includes('error'), 'the badge without the error');
        assert.equal(fixed.text, `Go ${version}`);
        await waitFor('the drift to leave the Health view', async () =>
          (await readTreeItems(page, 'Health')).some((r) => DRIFT.test(r.label) || r.label === 'Team policy') ? undefined : true,
        );

        await runCommand(page, 'Go Health: Undo Last Fix');
        assert.match(await modalText(page), /Undo "Set GOPRIVATE=\*\.corp\.example/);
        await clickModalButton(page, 'Undo');
        await waitFor('go env -u to remove it again', () => (/GOPRIVATE=/.test(readFileSync(goenvFile, 'utf8')) ? undefined : true));
        await waitForStatusBar(page, BADGE, (s) => settled(s) && s.icons.includes('error'), 'the error badge again');
        await waitForTreeItem(page, 'Health', (r) => DRIFT.test(r.label), 'the drift again');
      });
    },
  );
});
