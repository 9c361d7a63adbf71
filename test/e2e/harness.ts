// Drives a real VS Code (code-server + headless Chromium) with the packaged Go Health VSIX installed, for the end-to-end tests.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, cpSync, openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { currentReleaseList } from '../integration/cliHarness';

/** The project root: out/test/e2e/harness.js and test/e2e/harness.ts both sit three levels below it. */
export const projectRoot = resolve(__dirname, '..', '..', '..');
export const artifactsDir = join(projectRoot, 'test-artifacts', 'e2e');
export const fixturesDir = join(projectRoot, 'test', 'fixtures', 'e2e');

/** Generous: code-server plus Chromium on a 2-core machine take 10-20 s to show a workbench. */
export const STARTUP_TIMEOUT_MS = 90_000;
export const UI_TIMEOUT_MS = 30_000;

const INSTALL_HINT = 'run `bash scripts/install-e2e-deps.sh` (as root) to install code-server and Chromium';

export function codeServerPath(): string {
  const configured = process.env.GOHEALTH_CODE_SERVER;
  const candidate =
    configured ??
    join(process.env.GOHEALTH_E2E_HOME ?? join(homedir(), '.cache', 'gohealth-e2e'), 'code-server', 'node_modules', '.bin', 'code-server');
  if (!existsSync(candidate)) throw new Error(`code-server not found at ${candidate}: ${INSTALL_HINT}`);
  return candidate;
}

export function chromiumPath(): string {
  const candidate = process.env.GOHEALTH_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) throw new Error(`Chromium not found at ${candidate}: ${INSTALL_HINT}`);
  return candidate;
}

/** The VSIX under test: `npm run package` writes go-health.vsix in the project root. */
export function defaultVsixPath(): string {
  const candidate = process.env.GOHEALTH_E2E_VSIX ?? join(projectRoot, 'go-health.vsix');
  if (!existsSync(candidate)) throw new Error(`VSIX not found at ${candidate}: run \`npm run package\` first`);
  return candidate;
}

/** Copies a fixture workspace into a fresh temp folder (tests modify files); the caller removes it. */
export function copyFixture(name: string): string {
  const source = join(fixturesDir, name);
  if (!existsSync(source)) throw new Error(`no e2e fixture named ${name} in ${fixturesDir}`);
  const parent = mkdtempSync(join(tmpdir(), 'gohealth-e2e-ws-'));
  const target = join(parent, name);
  cpSync(source, target, { recursive: true });
  return target;
}

export function removeFixtureCopy(workspace: string): void {
  rmSync(resolve(workspace, '..'), { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function run(file: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', env: env ?? process.env, shell: false, cwd },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolveRun(stdout + stderr);
      },
    );
  });
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `probe` returns a truthy value; the last failure explains a timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = UI_TIMEOUT_MS,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastValue = value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why =
        lastError instanceof Error
          ? lastError.message
          : lastError !== undefined
            ? String(lastError)
            : `last value ${JSON.stringify(lastValue)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${why})`);
    }
    await delay(intervalMs);
  }
}

async function waitForHttp(url: string, server: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  await waitFor(
    `code-server to answer at ${url}`,
    async () => {
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`code-server exited (${server.exitCode ?? server.signalCode}):\n${readFileSync(logPath, 'utf8')}`);
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        return response.ok;
      } catch {
        return false;
      }
    },
    timeoutMs,
    300,
  );
}

export interface LaunchOptions {
  /** Folder to open (use copyFixture to get a private copy). */
  workspace: string;
  vsixPath?: string;
  /** Extra environment for code-server and therefore the extension host (e.g. GOTOOLCHAIN, PATH). */
  env?: Record<string, string>;
  /** true: workspace trust is on and the harness declines trust, so the folder opens in Restricted Mode. */
  trust?: boolean;
  /** Extra user settings (User/settings.json). */
  settings?: Record<string, unknown>;
  /** Names this run's logs under test-artifacts/e2e/logs. */
  label?: string;
  /** Folders of other extensions (test stand-ins) to package and install beside Go Health. */
  extraExtensions?: string[];
}

export interface VsCode {
  page: Page;
  browser: Browser;
  userDataDir: string;
  extensionsDir: string;
  port: number;
  workspace: string;
  /** Kills code-server (its whole process group) and the browser, keeps the logs, removes temp dirs. */
  close(): Promise<void>;
}

export async function launchVsCode(options: LaunchOptions): Promise<VsCode> {
  const codeServer = codeServerPath();
  const browserPath = chromiumPath();
  const vsixPath = options.vsixPath ?? defaultVsixPath();
  const label = options.label ?? 'run';

  const root = mkdtempSync(join(tmpdir(), 'gohealth-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });

  const settings: Record<string, unknown> = {
    'security.workspace.trust.enabled': options.trust === true,
    'security.workspace.trust.startupPrompt': 'always',
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  // Releases come from the test's own list, in which the machine's go is current (no test asks the internet
  // which Go is newest); modules come from the proxy as usual. A fresh cache directory, so no other run's list.
  const listDir = join(root, 'proxy', 'golang.org', 'toolchain', '@v');
  mkdirSync(listDir, { recursive: true });
  writeFileSync(join(listDir, 'list'), currentReleaseList());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOPROXY: `file://${join(root, 'proxy')},https://proxy.golang.org,direct`,
    XDG_CACHE_HOME: join(root, 'cache'),
    ...options.env,
  };
  // The test runner's own variables would leak into the extension host's child processes.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;

  await run(codeServer, ['--install-extension', vsixPath, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], 180_000, env);
  for (const folder of options.extraExtensions ?? []) {
    const vsix = await packageExtension(folder, root);
    await run(codeServer, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], 180_000, env);
  }

  const port = await freePort();
  const logPath = join(root, 'code-server.log');
  const logFd = openSync(logPath, 'a');
  const server = spawn(
    codeServer,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      options.workspace,
    ],
    { env, detached: true, stdio: ['ignore', logFd, logFd], shell: false },
  );
  closeSync(logFd);

  let browser: Browser | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    await killGroup(server);
    saveLogs(root, label);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, server, logPath, STARTUP_TIMEOUT_MS);
    browser = await chromium.launch({
      executablePath: browserPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
      timeout: STARTUP_TIMEOUT_MS,
    });
    // Clipboard access as a user's browser grants it to the page it runs VS Code in (Copy Value, Copy Path).
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`, { timeout: STARTUP_TIMEOUT_MS });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: STARTUP_TIMEOUT_MS });
    if (options.trust === true) await declineWorkspaceTrust(page);
    return { page, browser, userDataDir, extensionsDir, port, workspace: options.workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Packages an extension folder (a test stand-in) into a VSIX under `scratch`, with the project's own vsce. */
async function packageExtension(folder: string, scratch: string): Promise<string> {
  const copy = join(scratch, `ext-${readdirSync(scratch).length}`);
  cpSync(folder, copy, { recursive: true });
  const vsix = join(scratch, `${copy.split(sep).pop()}.vsix`);
  // vsce packages the folder it runs in.
  await run(join(projectRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], 120_000, process.env, copy);
  return vsix;
}

/** Kills code-server and everything it started (extension host, language server, go) by process group. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const done = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
  if (!done) {
    signalGroup('SIGKILL');
    await Promise.race([exited, delay(5_000)]);
  }
  // Stragglers that outlived the leader still carry the group id.
  signalGroup('SIGKILL');
}

function saveLogs(root: string, label: string): void {
  try {
    const target = join(artifactsDir, 'logs', label);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    if (existsSync(join(root, 'code-server.log'))) cpSync(join(root, 'code-server.log'), join(target, 'code-server.log'));
    if (existsSync(join(root, 'user-data', 'logs')))
      cpSync(join(root, 'user-data', 'logs'), join(target, 'vscode-logs'), { recursive: true });
  } catch {
    // Logs help diagnose failures; losing them must not fail a run.
  }
}

/** Answers the startup trust dialog with "No, I don't trust the authors" so the folder opens in Restricted Mode. */
export async function declineWorkspaceTrust(page: Page): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: STARTUP_TIMEOUT_MS });
  await dialog
    .locator('.monaco-button', { hasText: /don.t trust/i })
    .first()
    .click();
  await dialog.waitFor({ state: 'hidden' });
}

// ---------------------------------------------------------------------------------------------
// UI helpers. They wait on conditions, never on fixed sleeps.

const quickInput = (page: Page) => page.locator('.quick-input-widget');

/** Runs a command by its palette title (e.g. "Go Health: Re-run Checks"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await waitFor(
    `command "${title}" in the palette`,
    async () => {
      if (!(await quickInput(page).isVisible())) {
        await page
          .locator('.monaco-workbench')
          .click({ position: { x: 800, y: 5 }, force: true })
          .catch(() => undefined);
        await page.keyboard.press('F1');
        await quickInput(page).waitFor({ state: 'visible', timeout: 5_000 });
      }
      const input = quickInput(page).locator('input.input');
      await input.fill(`>${title}`);
      const row = quickInput(page)
        .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: exactText(title) }) })
        .first();
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
      } catch {
        // Commands appear once the extension has registered them; reopen the palette and retry.
        await page.keyboard.press('Escape');
        return false;
      }
      await row.click();
      return true;
    },
    UI_TIMEOUT_MS,
    500,
  );
}

/** Matches the whole label, ignoring surrounding whitespace; highlights split text into spans, innerText joins them. */
function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * The part of the DOM the page callbacks below use. They run in the browser, but this project compiles
 * without the DOM library (src must not see browser globals), so they are typed against this instead.
 */
export interface PageElement {
  readonly textContent: string | null;
  readonly innerText?: string;
  readonly classList: ArrayLike<string> & Iterable<string>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}

export interface StatusBarState {
  text: string;
  icons: string[];
  ariaLabel: string;
}

/** The status bar entry contributed with `id` (e.g. "goHealth.status"); its visible text, codicons and aria label. */
export function statusBarItem(page: Page, id: string): Locator {
  return page.locator(`.statusbar-item[id$=".${id}"], .statusbar-item[id="${id}"]`).first();
}

export async function statusBarText(page: Page, id: string): Promise<StatusBarState | undefined> {
  const item = statusBarItem(page, id);
  if ((await item.count()) === 0) return undefined;
  return item.evaluate((el: PageElement) => {
    const icons = Array.from(el.querySelectorAll('.codicon'))
      .flatMap((icon) => Array.from(icon.classList))
      .filter((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')
      .map((c) => c.slice('codicon-'.length));
    const anchor = el.querySelector('a') ?? el;
    return {
      text: (anchor.textContent ?? '').replace(/\s+/g, ' ').trim(),
      icons,
      ariaLabel: anchor.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? '',
    };
  });
}

export async function waitForStatusBar(
  page: Page,
  id: string,
  predicate: (state: StatusBarState) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<StatusBarState> {
  return waitFor(
    `status bar ${id} to show ${what}`,
    async () => {
      const state = await statusBarText(page, id);
      if (state && predicate(state)) return state;
      throw new Error(`status bar is ${JSON.stringify(state)}`);
    },
    timeoutMs,
  );
}

/** Opens a view container from the activity bar (e.g. "Go Health") and waits for its panes. */
export async function openView(page: Page, containerTitle: string): Promise<void> {
  const pane = page.locator('.part.sidebar .composite.title', { hasText: new RegExp(containerTitle, 'i') });
  if (await pane.isVisible().catch(() => false)) return;
  const action = page
    .locator(
      `.activitybar .action-item a[aria-label^="${containerTitle}"], .activitybar .action-item .action-label[aria-label^="${containerTitle}"]`,
    )
    .first();
  await action.click();
  await pane.waitFor({ state: 'visible' });
}

/** The body of the view pane titled `viewTitle` in the side bar, expanded. */
export async function viewPane(page: Page, viewTitle: string): Promise<Locator> {
  const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: exactText(viewTitle) }) }).first();
  await pane.waitFor({ state: 'visible' });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
  /** Codicon ids of the row's icon (e.g. "error", "warning"). */
  icons: string[];
}

/** Rows currently rendered in a tree view (collapsed children are not listed; see expandAll). */
export async function readTreeItems(page: Page, viewTitle: string): Promise<TreeRow[]> {
  const pane = await viewPane(page, viewTitle);
  return pane.locator('.pane-body .monaco-list-row').evaluateAll((rows: PageElement[]) =>
    rows.map((row) => ({
      label: (row.querySelector('.label-name')?.textContent ?? row.textContent ?? '').trim(),
      description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
      ariaLabel: row.getAttribute('aria-label') ?? '',
      level: Number(row.getAttribute('aria-level') ?? '1'),
      expanded: row.hasAttribute('aria-expanded') ? row.getAttribute('aria-expanded') === 'true' : undefined,
      icons: Array.from(row.querySelectorAll('.custom-view-tree-node-item-icon, .codicon'))
        .flatMap((icon) => Array.from(icon.classList))
        .filter((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')
        .map((c) => c.slice('codicon-'.length)),
    })),
  );
}

/** Expands every collapsed row of a tree view, repeatedly, so nested findings and evidence are listed. */
export async function expandAll(page: Page, viewTitle: string, rounds = 4): Promise<void> {
  const pane = await viewPane(page, viewTitle);
  for (let i = 0; i < rounds; i++) {
    const collapsed = pane.locator('.pane-body .monaco-list-row[aria-expanded="false"]');
    const count = await collapsed.count();
    if (count === 0) return;
    for (let j = 0; j < count; j++) await collapsed.first().click();
  }
}

export async function waitForTreeItem(
  page: Page,
  viewTitle: string,
  predicate: (row: TreeRow) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<TreeRow> {
  return waitFor(
    `the ${viewTitle} view to show ${what}`,
    async () => {
      await expandAll(page, viewTitle);
      const rows = await readTreeItems(page, viewTitle);
      const found = rows.find(predicate);
      if (found) return found;
      throw new Error(`rows are ${JSON.stringify(rows.map((r) => r.label))}`);
    },
    timeoutMs,
  );
}

export interface ProblemRow {
  ariaLabel: string;
  text: string;
  /** 1-based line when the row is a marker with a position. */
  line?: number;
  severity?: 'error' | 'warning' | 'info';
  source?: string;
}

/** Opens the Problems panel and reads its rows (file headers and markers). */
export async function problems(page: Page): Promise<ProblemRow[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible' });
  }
  const rows = await panel.locator('.monaco-list-row').evaluateAll((els: PageElement[]) =>
    els.map((row) => ({
      ariaLabel: row.getAttribute('aria-label') ?? '',
      text: (row.innerText ?? row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      severity: row.querySelector('.codicon-error')
        ? 'error'
        : row.querySelector('.codicon-warning')
          ? 'warning'
          : row.querySelector('.codicon-info')
            ? 'info'
            : undefined,
      source: (row.querySelector('.marker-source')?.textContent ?? '').trim() || undefined,
      position: (row.querySelector('.marker-line')?.textContent ?? '').trim(),
    })),
  );
  return rows.map(({ position, severity, ...row }) => {
    const match = /Ln\s*(\d+)/i.exec(position) ?? /\[(\d+),\s*\d+\]/.exec(position) ?? /line (\d+)/i.exec(row.ariaLabel);
    return { ...row, severity: severity as ProblemRow['severity'], line: match ? Number(match[1]) : undefined };
  });
}

export async function waitForProblem(
  page: Page,
  predicate: (row: ProblemRow) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<ProblemRow> {
  return waitFor(
    `the Problems panel to show ${what}`,
    async () => {
      const rows = await problems(page);
      const found = rows.find(predicate);
      if (found) return found;
      throw new Error(`rows are ${JSON.stringify(rows.map((r) => r.text))}`);
    },
    timeoutMs,
  );
}

/** Picks the quick pick item whose label is `label` (exact) or matches the pattern. */
export async function quickPickSelect(page: Page, label: string | RegExp): Promise<void> {
  await quickInput(page).waitFor({ state: 'visible' });
  const matcher = typeof label === 'string' ? exactText(label) : label;
  const row = quickInput(page)
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: matcher }) })
    .first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** The labels the open quick pick offers. */
export async function quickPickItems(page: Page): Promise<string[]> {
  await quickInput(page).waitFor({ state: 'visible' });
  await quickInput(page).locator('.monaco-list-row').first().waitFor({ state: 'visible' });
  return quickInput(page)
    .locator('.monaco-list-row .label-name')
    .evaluateAll((els: PageElement[]) => els.map((e) => (e.textContent ?? '').trim()));
}

/** The text of the open modal dialog (message + detail). */
export async function modalText(page: Page): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible' });
  return (await dialog.innerText()).replace(/\s+/g, ' ').trim();
}

export async function clickModalButton(page: Page, label: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible' });
  await dialog
    .locator('.dialog-buttons .monaco-button', { hasText: exactText(label) })
    .first()
    .click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Notification toasts currently shown. */
export async function notifications(page: Page): Promise<string[]> {
  return page
    .locator('.notification-toast .notification-list-item-message')
    .evaluateAll((els: PageElement[]) => els.map((e) => (e.textContent ?? '').trim()));
}

/** Saves a full-window screenshot, and one of `element` when given, into test-artifacts/e2e/. */
export async function screenshot(page: Page, name: string, element?: Locator): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  if (element) await element.screenshot({ path, animations: 'disabled' });
  else await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** A screenshot of the status bar strip (the badge lives there). */
export async function screenshotStatusBar(page: Page, name: string): Promise<string> {
  return screenshot(page, name, page.locator('.part.statusbar'));
}

/** The real Go version of the machine from `go env GOVERSION` (GOTOOLCHAIN=local so it never switches), e.g. "1.26.8". */
export async function realGoVersion(goBinary = '/usr/local/go/bin/go'): Promise<string> {
  const out = (await run(goBinary, ['env', 'GOVERSION'], 30_000, { ...process.env, GOTOOLCHAIN: 'local' })).trim();
  const match = /^go(\d+\.\d+(?:\.\d+)?)/.exec(out);
  if (!match?.[1]) throw new Error(`unexpected go env GOVERSION output: ${out}`);
  return match[1];
}

/** Where the extension keeps its audit log for this user-data dir. */
export function auditLogPath(userDataDir: string): string {
  return join(userDataDir, 'User', 'globalStorage', 'gohealth.go-health', 'audit-log.jsonl');
}

/** Live Go Health language servers started from this code-server's extensions dir (dist/server.js), by pid. */
export function languageServerPids(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.startsWith(`${extensionsDir}/`) && a.endsWith(`${sep}dist${sep}server.js`))) pids.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/**
 * Starts recording every state the status bar entry `id` shows (text and aria label), so a state that
 * lasts only a moment (the server restarting) is seen even between two polls. Read with statusBarHistory.
 */
export async function recordStatusBar(page: Page, id: string): Promise<void> {
  // A string, not a function: it uses browser globals this project compiles without.
  await page.evaluate(`(() => {
    const selector = ${JSON.stringify(`.statusbar-item[id$=".${id}"], .statusbar-item[id="${id}"]`)};
    const history = (window.__goHealthStatusHistory = []);
    const read = () => {
      const el = document.querySelector(selector);
      if (!el) return;
      const anchor = el.querySelector('a') || el;
      const entry = { text: (anchor.textContent || '').replace(/\\s+/g, ' ').trim(), ariaLabel: anchor.getAttribute('aria-label') || el.getAttribute('aria-label') || '' };
      const last = history[history.length - 1];
      if (!last || last.text !== entry.text || last.ariaLabel !== entry.ariaLabel) history.push(entry);
    };
    window.__goHealthStatusObserver?.disconnect();
    window.__goHealthStatusObserver = new MutationObserver(read);
    window.__goHealthStatusObserver.observe(document.querySelector('.part.statusbar'), { subtree: true, childList: true, characterData: true, attributes: true });
    read();
  })()`);
}

/** What the status bar entry showed since recordStatusBar, oldest first. */
export async function statusBarHistory(page: Page): Promise<{ text: string; ariaLabel: string }[]> {
  return page.evaluate('window.__goHealthStatusHistory || []') as Promise<{ text: string; ariaLabel: string }[]>;
}

/** Right-clicks the tree row whose label is `label` and runs the context-menu entry titled `action`. */
export async function treeItemMenu(page: Page, viewTitle: string, label: string | RegExp, action: string): Promise<void> {
  const pane = await viewPane(page, viewTitle);
  const matcher = typeof label === 'string' ? exactText(label) : label;
  const row = pane.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: matcher }) }).first();
  const menu = page.locator('.context-view .monaco-menu').first();
  const entry = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: exactText(action) }).first();
  // A menu still laying itself out can swallow the click and stay open (then it blocks every later click):
  // the choice counts once the menu has closed; otherwise it is dismissed and chosen again.
  for (let attempt = 1; ; attempt++) {
    await row.waitFor({ state: 'visible' });
    await row.click({ button: 'right' });
    await entry.waitFor({ state: 'visible' });
    await entry.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    if (attempt === 3) throw new Error(`the context menu of "${String(label)}" stayed open after choosing ${action}, 3 times`);
    await page.keyboard.press('Escape');
  }
}

/** What the page's clipboard holds (the browser's, where VS Code's clipboard writes). */
export async function clipboardText(page: Page): Promise<string> {
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}

/** The text of the hover shown for the element (e.g. a status bar item's tooltip). */
export async function hoverText(page: Page, element: Locator): Promise<string> {
  await element.hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
  await hover.waitFor({ state: 'visible' });
  return (await hover.innerText()).replace(/\s+/g, ' ').trim();
}

/** The file VS Code writes an extension's LogOutputChannel to (e.g. "Go Health"), under this run's user-data dir. */
export function outputLogFile(userDataDir: string, channel: string): string | undefined {
  const walk = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isFile() && e.name === `${channel}.log`) return full;
      const inner = e.isDirectory() ? walk(full) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  return existsSync(join(userDataDir, 'logs')) ? walk(join(userDataDir, 'logs')) : undefined;
}
