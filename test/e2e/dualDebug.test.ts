// In a real VS Code: "Go Health: Debug on Windows and WSL" stops at a not-ready distro's pre-flight without touching launch.json, then writes the compound into the commented launch.json, selects it and both sessions stop at a gutter breakpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Page } from 'playwright-core';
import {
  clickModalButton,
  copyFixture,
  launchVsCode,
  modalText,
  projectRoot,
  quickPickItems,
  quickPickSelect,
  removeFixtureCopy,
  runCommand,
  screenshot,
  waitFor,
  type VsCode,
} from './harness';

const STANDIN = join(projectRoot, 'test', 'support', 'wsl-standin.mjs');
const BREAKPOINT_LINE = 11; // `msg := "hello from " + where` in greet()
/** Delve, the relay inside the stand-in distro, and the program Delve built. */
const DEBUG_PROCESS = /\bdlv\b|gohealth-relay|__debug_bin/;
const GO_BIN_DIRS = ['/usr/local/go/bin', join(process.env.HOME ?? '/root', 'go', 'bin')];
/**
 * A build cache kept between runs: each VS Code run has its own cache directory, and building the runtime cold with
 * Delve's -N -l, twice at once, takes minutes on a busy 2-core machine.
 */
const GO_BUILD_CACHE = join(process.env.GOHEALTH_E2E_HOME ?? join(homedir(), '.cache', 'gohealth-e2e'), 'go-build');

/** Builds the program as Delve will, so both sessions find the build cache warm. */
function warmBuildCache(workspace: string): void {
  const out = mkdtempSync(join(tmpdir(), 'gohealth-e2e-bin-'));
  try {
    execFileSync('go', ['build', '-gcflags=all=-N -l', '-o', join(out, 'prog'), '.'], {
      cwd: workspace,
      env: {
        ...process.env,
        PATH: [...GO_BIN_DIRS, process.env.PATH ?? ''].join(':'),
        GOCACHE: GO_BUILD_CACHE,
        GOTOOLCHAIN: 'local',
        GOFLAGS: '',
      },
      stdio: 'ignore',
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Live processes whose working directory is inside `dir` (Delve, the relay, the debugged program), with their command lines. */
function processesIn(dir: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(dir))
        found.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

async function openFileAtLine(page: Page, file: string, line: number): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${file}"], .tab.active[title*="${file}"]`).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Control+G');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: `line ${line}` })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page
    .locator('.statusbar-item', { hasText: `Ln ${line}, Col 1` })
    .first()
    .waitFor({ state: 'visible' });
}

/** The configuration the Run and Debug view's dropdown shows as selected (what F5 starts). */
async function selectedDebugConfiguration(page: Page): Promise<string | undefined> {
  const select = page.locator('.part.sidebar .start-debug-action-item select').first();
  if (!(await select.isVisible().catch(() => false))) {
    await runCommand(page, 'View: Show Run and Debug');
    await select.waitFor({ state: 'attached' });
  }
  const text = await select.evaluate((el) => {
    const s = el as unknown as { selectedIndex: number; options: ArrayLike<{ text: string }> };
    return s.selectedIndex >= 0 ? s.options[s.selectedIndex]!.text : '';
  });
  return text.trim() || undefined;
}

/** The rows of the Call Stack view: sessions and their state ("Paused on breakpoint"). */
async function callStackRows(page: Page): Promise<string[]> {
  return page
    .locator('.debug-call-stack .monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

void test(
  'Debug on Windows and WSL: launch.json keeps its comments and gains the compound; both sessions stop at the breakpoint',
  { timeout: 600_000 },
  async () => {
    chmodSync(STANDIN, 0o755);
    const workspace = copyFixture('dual-debug');
    const mountRoot = mkdtempSync(join(tmpdir(), 'gohealth-e2e-mnt-'));
    let vscode: VsCode | undefined;
    try {
      warmBuildCache(workspace);
      vscode = await launchVsCode({
        workspace,
        label: 'dual-debug',
        env: {
          PATH: [...GO_BIN_DIRS, dirname(process.execPath), process.env.PATH ?? ''].join(':'),
          GOHEALTH_STANDIN_DISTROS: 'Ubuntu,Debian',
          // Debian is a distro where nothing was installed yet: no go, no dlv, so its pre-flight finds problems.
          GOHEALTH_STANDIN_BARE: 'Debian',
          GOHEALTH_STANDIN_AUTOMOUNT: `${mountRoot}/`,
          GOTOOLCHAIN: 'local',
          GOCACHE: GO_BUILD_CACHE,
        },
        settings: { 'goHealth.wslExecutable': STANDIN, 'debug.openDebug': 'openOnSessionStart', 'debug.showInStatusBar': 'always' },
      });
      const { page } = vscode;
      // goHealth.wslExecutable is machine-scoped: a remote window (code-server is one) reads it from the
      // server machine's settings, not the user's. VS Code picks the file up while it runs.
      mkdirSync(join(vscode.userDataDir, 'Machine'), { recursive: true });
      writeFileSync(join(vscode.userDataDir, 'Machine', 'settings.json'), JSON.stringify({ 'goHealth.wslExecutable': STANDIN }, null, 2));

      // The breakpoint is set the way a user sets it: the file at the line, then F9.
      await openFileAtLine(page, 'main.go', BREAKPOINT_LINE);
      await page.keyboard.press('F9');
      await page.locator('.editor-instance .codicon-debug-breakpoint').first().waitFor({ state: 'visible' });

      // Cancel at the pre-flight of a distro that is not ready: launch.json stays byte for byte as it was.
      const launchJsonPath = join(workspace, '.vscode', 'launch.json');
      const launchJsonBefore = readFileSync(launchJsonPath);
      await runCommand(page, 'Go Health: Debug on Windows and WSL');
      await quickPickSelect(page, 'Debian');
      await waitFor('the package question', async () => (await quickPickItems(page)).includes('cmd/tool'));
      await quickPickSelect(page, 'dual-debug');
      const notReady = await modalText(page);
      assert.match(notReady, /The WSL distro "Debian" may not be ready for debugging/);
      assert.match(notReady, /Debug Anyway/);
      await screenshot(page, 'dual-debug-preflight-not-ready');
      await clickModalButton(page, 'Cancel');
      assert.ok(readFileSync(launchJsonPath).equals(launchJsonBefore), 'launch.json is byte-identical after Cancel');
      assert.deepEqual(await callStackRows(page).catch(() => []), [], 'no debug session started');

      await runCommand(page, 'Go Health: Debug on Windows and WSL');
      const distros = await quickPickItems(page);
      assert.deepEqual(distros, ['Ubuntu', 'Debian'], 'the default distro comes first');
      await quickPickSelect(page, 'Ubuntu');
      await waitFor('the package question', async () => (await quickPickItems(page)).includes('cmd/tool'));
      assert.deepEqual(await quickPickItems(page), ['dual-debug', 'cmd/tool']);
      await quickPickSelect(page, 'dual-debug');

      // This machine's `sh -l` PATH has no go or dlv, so the pre-flight speaks up; the relay's bash login shell finds them.
      const preflight = await waitFor(
        'the pre-flight dialog or the debug sessions',
        async () => {
          if (await page.locator('.monaco-dialog-box').isVisible()) return 'dialog';
          if ((await callStackRows(page).catch(() => [])).length > 0) return 'started';
          return undefined;
        },
        120_000,
      );
      if (preflight === 'dialog') {
        const text = await modalText(page);
        assert.match(text, /The WSL distro "Ubuntu" may not be ready for debugging/);
        await screenshot(page, 'dual-debug-preflight');
        await clickModalButton(page, 'Debug Anyway');
      }

      const launchJson = readFileSync(join(workspace, '.vscode', 'launch.json'), 'utf8');
      for (const comment of [
        '// Launch configurations for this program. Go Health must keep this comment.',
        '// A plain local launch of the tool, kept as it is.',
        '// trailing comment',
        '/* compounds are added below */',
      ]) {
        assert.ok(launchJson.includes(comment), `launch.json kept: ${comment}`);
      }
      const parsed = parse(launchJson, [], { allowTrailingComma: true }) as {
        configurations: { name: string; type: string; target?: string; distro?: string }[];
        compounds: { name: string; configurations: string[]; stopAll: boolean }[];
      };
      assert.deepEqual(
        parsed.configurations.map((c) => c.name),
        ['Run tool', 'Windows: dual-debug', 'WSL (Ubuntu): dual-debug'],
      );
      assert.deepEqual(
        parsed.configurations.slice(1).map((c) => [c.type, c.target, c.distro]),
        [
          ['delve-bridge', 'local', undefined],
          ['delve-bridge', 'wsl', 'Ubuntu'],
        ],
        'without VS Code Go the Windows half is delve-bridge target local',
      );
      assert.deepEqual(parsed.compounds, [
        { name: 'Windows + WSL (Ubuntu): dual-debug', configurations: ['Windows: dual-debug', 'WSL (Ubuntu): dual-debug'], stopAll: true },
      ]);

      // Both sessions appear in the Call Stack view, each paused on the breakpoint (building under Delve takes a while).
      const rows = await waitFor(
        'two sessions paused on the breakpoint in the Call Stack view',
        async () => {
          const now = await callStackRows(page);
          const windows = now.find((r) => r.startsWith('Windows: dual-debug'));
          const wsl = now.find((r) => r.startsWith('WSL (Ubuntu): dual-debug'));
          const paused = now.filter((r) => /paused on breakpoint/i.test(r));
          if (windows && wsl && paused.length >= 2) return now;
          throw new Error(`call stack rows: ${JSON.stringify(now)}`);
        },
        180_000,
        1_000,
      );
      assert.ok(rows.some((r) => /greet/.test(r)) || rows.length >= 2);
      // Fold the first session's threads so both sessions and the WSL one's frames fit in the view.
      const windowsRow = page.locator('.debug-call-stack .monaco-list-row', { hasText: 'Windows: dual-debug' }).first();
      if ((await windowsRow.getAttribute('aria-expanded')) === 'true') await windowsRow.locator('.monaco-tl-twistie').click();
      // Expanded by its twistie, not selected: on this Linux host the WSL half reports \\wsl.localhost\… paths, which only Windows can open.
      // Only when collapsed: VS Code expands a session by itself when it takes the focus, and a click would fold it again.
      const wslRow = page.locator('.debug-call-stack .monaco-list-row', { hasText: 'WSL (Ubuntu): dual-debug' }).first();
      if ((await wslRow.getAttribute('aria-expanded')) !== 'true') await wslRow.locator('.monaco-tl-twistie').click();
      await waitFor(
        "the WSL session's paused thread",
        async () => (await callStackRows(page)).filter((r) => /paused on breakpoint/i.test(r)).length >= 3,
      );
      const shot = await screenshot(page, 'dual-debug');
      assert.ok(shot.endsWith('dual-debug.png'));
      // The compound is the configuration selected in Run and Debug, so F5 runs it again.
      const selected = await waitFor('the Run and Debug configuration dropdown', () => selectedDebugConfiguration(page));
      assert.equal(selected, 'Windows + WSL (Ubuntu): dual-debug');
      await screenshot(page, 'dual-debug-sidebar', page.locator('.part.sidebar'));

      // Stop everything the way a user does (the compound's stopAll ends both) and see nothing left running.
      await page.keyboard.press('Shift+F5');
      await waitFor('both sessions to end', async () => (await callStackRows(page)).length === 0, 60_000);
      await waitFor(
        'Delve and the programs to end',
        () => {
          const left = processesIn(workspace).filter((p) => DEBUG_PROCESS.test(p.cmdline));
          if (left.length === 0) return true;
          throw new Error(`still running: ${JSON.stringify(left)}`);
        },
        30_000,
      );
    } catch (error) {
      if (vscode) await screenshot(vscode.page, 'dual-debug-failure').catch(() => undefined);
      throw error;
    } finally {
      await vscode?.close();
      for (const { pid } of processesIn(workspace).filter((p) => DEBUG_PROCESS.test(p.cmdline))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(mountRoot, { recursive: true, force: true });
      removeFixtureCopy(workspace);
    }
  },
);
