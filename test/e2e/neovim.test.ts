// gohealth lsp --stdio in a real third-party editor: Neovim's built-in LSP client, headless, with no plugins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CLIENT = path.join(REPO_ROOT, 'test', 'fixtures', 'neovim', 'client.lua');
const SERVER = [process.execPath, path.join(REPO_ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'];

/** The first go on this machine's PATH, by absolute path (the server is given a PATH holding just its directory). */
function goOnPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'go');
    if (path.isAbsolute(dir) && existsSync(candidate)) return candidate;
  }
  throw new Error('these tests need a go on PATH');
}

const nvim = ['/usr/bin/nvim', '/usr/local/bin/nvim'].find((p) => existsSync(p));
const GO = goOnPath();
const GO_VERSION = execFileSync(GO, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
/** A release newer than the go that runs: the go line that makes gomod-go-newer fire. */
const NEXT_MINOR = `1.${Number(/^go1\.(\d+)/.exec(GO_VERSION)![1]) + 1}.0`;

interface NvimResult {
  diagnostics: { code: string; line: number; character: number; severity: number; message: string }[];
  actions: { title: string; kind?: string; edit?: unknown; command?: { command: string; arguments?: unknown[] } }[];
  requests: string[];
  messages: string[];
  steps: { step: string; result?: unknown; error?: string; diagnostics: NvimResult['diagnostics']; other?: NvimResult['diagnostics'] }[];
}

interface Session {
  home: string;
  ws: string;
  goenv: string;
  state: string;
  run(steps: string[], env?: Record<string, string>): NvimResult;
}

/** A module whose go line needs a newer Go, in a HOME of its own, with GOTOOLCHAIN=local written by go env -w. */
function session(t: { after: (fn: () => void) => void }): Session {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gohealth-nvim-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  const ws = path.join(root, 'ws');
  const state = path.join(root, 'state');
  mkdirSync(home);
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'go.mod'), `module example.com/app\n\ngo ${NEXT_MINOR}\n`);
  const goenv = path.join(home, 'goenv');
  writeFileSync(goenv, 'GOTOOLCHAIN=local\n');
  return {
    home,
    ws,
    goenv,
    state,
    run(steps, env = {}) {
      const out = path.join(root, `out-${Date.now()}.json`);
      execFileSync(nvim!, ['--headless', '--clean', '-u', CLIENT], {
        timeout: 120_000,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          PATH: [path.dirname(GO), '/usr/bin', '/bin'].join(path.delimiter),
          HOME: home,
          GOENV: goenv,
          GOPATH: path.join(home, 'go'),
          GOCACHE: path.join(home, 'cache'),
          GOMODCACHE: path.join(home, 'modcache'),
          XDG_STATE_HOME: state,
          XDG_CONFIG_HOME: path.join(home, 'config'),
          XDG_DATA_HOME: path.join(home, 'data'),
          LANG: 'C.UTF-8',
          GOHEALTH_NVIM_OUT: out,
          GOHEALTH_NVIM_WS: ws,
          GOHEALTH_NVIM_CMD: JSON.stringify(SERVER),
          GOHEALTH_NVIM_STEPS: steps.join(','),
          ...env,
        },
      });
      return JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    },
  };
}

const codes = (list: NvimResult['diagnostics']) => list.map((d) => d.code);

void test(
  'Neovim: the diagnostic at the go line, code actions this client can carry out, a go env -w fix applied by the server and undone, a didChange re-checked',
  { skip: nvim ? false : "Neovim is not installed (scripts/install-e2e-deps.sh installs Debian's neovim)" },
  (t) => {
    const s = session(t);
    const r = s.run(['apply:Set GOTOOLCHAIN=auto', 'undo', `edit:3:go ${GO_VERSION.replace(/^go/, '').replace(/^(\d+\.\d+).*/, '$1')}.0`]);

    // The diagnostic sits on the go line's version (line 3, column 4 in 1-based terms).
    const newer = r.diagnostics.find((d) => d.code === 'gomod-go-newer');
    assert.ok(newer, JSON.stringify(r.diagnostics));
    assert.deepEqual([newer.line, newer.character], [2, 3]);

    // Every action is one this client can carry out: the server's own command, no integrated-terminal fixes.
    const titles = r.actions.map((a) => a.title);
    assert.ok(
      titles.some((x) => x.includes('GOTOOLCHAIN=auto')),
      titles.join(' | '),
    );
    assert.ok(
      titles.every((x) => !/integrated terminals/.test(x)),
      titles.join(' | '),
    );
    assert.ok(r.actions.every((a) => a.command?.command === 'gohealth.applyFix'));
    const lower = r.actions.find((a) => /Change the go line/.test(a.title));
    assert.ok(lower?.edit, 'the go-line edit is a WorkspaceEdit the client applies');

    // Applied by the server after the user confirmed (showMessageRequest), written by the real go.
    const [applied, undone, edited] = r.steps;
    assert.equal(applied!.result, true, applied!.error);
    assert.match(r.requests[0]!, /go env -w GOTOOLCHAIN=auto/);
    assert.ok(!codes(applied!.diagnostics).includes('gomod-go-newer'), JSON.stringify(applied!.diagnostics));
    assert.ok(!applied!.diagnostics.some((d) => d.code !== 'toolchain-switch' && /error/i.test(d.message)));
    const audit = readFileSync(path.join(s.state, 'gohealth', 'audit-log.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(JSON.parse(audit[0]!).attributes['gohealth.new'], 'auto');

    // Undone: the go env file says local again, and the finding is back.
    assert.equal(undone!.result, true);
    assert.match(readFileSync(s.goenv, 'utf8'), /^GOTOOLCHAIN=local$/m);
    assert.ok(codes(undone!.diagnostics).includes('gomod-go-newer'));
    assert.equal(
      JSON.parse(
        audit.length > 1
          ? audit[1]!
          : readFileSync(path.join(s.state, 'gohealth', 'audit-log.jsonl'), 'utf8')
              .trim()
              .split('\n')[1]!,
      ).attributes['gohealth.action'],
      'undo',
    );

    // Typing a go line the active Go satisfies (no save): the unsaved text is checked and the finding goes.
    assert.ok(!codes(edited!.diagnostics).includes('gomod-go-newer'), JSON.stringify(edited!.diagnostics));
  },
);

void test(
  'Neovim: a value set in the OS environment gets no terminal fix and no go env -w, but the shell commands as a page; the report comes as Markdown',
  { skip: nvim ? false : 'Neovim is not installed' },
  (t) => {
    const s = session(t);
    writeFileSync(s.goenv, '');
    const r = s.run(['apply:shell profile', 'report'], { GOTOOLCHAIN: 'local' });
    const titles = r.actions.map((a) => a.title);
    assert.ok(r.diagnostics.some((d) => d.code === 'gomod-go-newer'));
    assert.ok(
      titles.every((x) => !/integrated terminals/.test(x)),
      titles.join(' | '),
    );
    assert.ok(
      titles.every((x) => !/go env -w/.test(x)),
      'go env -w cannot override the OS environment: ' + titles.join(' | '),
    );
    const [instructions, report] = r.steps;
    // Neovim 0.7 has no window/showDocument: the commands arrive as a message, and nothing was run.
    assert.equal(instructions!.error, undefined);
    assert.ok(
      r.messages.some((m) => /GOTOOLCHAIN/.test(m) && /```/.test(m)),
      r.messages.join('\n---\n'),
    );
    assert.match(String(report!.result), /^# Go Health report/);
    assert.match(String(report!.result), /gomod-go-newer/);
  },
);

void test(
  "Neovim: settings pushed after initialization (as nvim-lspconfig does) under VS Code's names, and a folder added to the workspace is checked too",
  { skip: nvim ? false : 'Neovim is not installed' },
  (t) => {
    const s = session(t);
    const second = path.join(s.home, 'second');
    mkdirSync(second);
    writeFileSync(path.join(second, 'go.mod'), 'module example.com/second\n\ngo 1.22\n\nrequire example.com/missing v1.0.0\n');
    const settings = { goHealth: { checks: { severityOverrides: { 'gomod-go-newer': 'info' } }, compareLoginShell: false } };
    const r = s.run([`folder:${second}`], { GOHEALTH_NVIM_SETTINGS: JSON.stringify(settings) });
    // LSP severity 3 is Information: the user's override, read from the editor's own settings.
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'gomod-go-newer').map((d) => d.severity),
      [3],
    );
    // The added folder's go.mod requires a module with no go.sum beside it.
    assert.ok(codes(r.steps[0]!.other ?? []).includes('gosum-missing'), JSON.stringify(r.steps[0]));
  },
);
