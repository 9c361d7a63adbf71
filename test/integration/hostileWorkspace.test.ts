// The CLI against hostile environments and workspaces: what a repository or a broken machine controls never stalls a check, leaks a file, or reaches the terminal raw.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, REAL_GO, Sandbox, checkJson, runCli, type JsonFinding } from './cliHarness';

const sb = new Sandbox();
after(() => sb.cleanup());

function find(findings: JsonFinding[], id: string): JsonFinding {
  const f = findings.find((x) => x.id === id);
  assert.ok(f, `expected a ${id} finding, got ${findings.map((x) => x.id).join(', ') || 'none'}`);
  return f;
}

void test('a go whose child keeps stdout open answers within the timeout and is not reported broken', async () => {
  const go = sb.script('holder/bin/go', `sleep 30 &\nexec ${REAL_GO} "$@"`);
  const env = sb.env();
  env.PATH = `${path.dirname(go)}:${env.PATH}`;
  const ws = sb.module('holder-ws', 'module example.com/holder\n\ngo 1.22\n');
  const { report, ids } = await checkJson(sb, ws, env, ['--timeout-ms', '3000']);
  assert.ok(!ids.includes('go-broken'), `go-broken: ${JSON.stringify(report.findings.find((f) => f.id === 'go-broken'))}`);
  assert.match(report.toolchains.find((t) => t.active)?.version ?? '', /^go1\./);
});

void test('a go that prints 100 MB before failing gives a go-broken finding of a few kilobytes', async () => {
  const go = sb.script('loud/bin/go', 'head -c 100000000 /dev/zero | tr "\\0" x >&2\nexit 1');
  const env = sb.env();
  env.PATH = `${path.dirname(go)}:${env.PATH}`;
  const ws = sb.module('loud-ws', 'module example.com/loud\n\ngo 1.22\n');
  const { run, report } = await checkJson(sb, ws, env, ['--timeout-ms', '20000']);
  const f = find(report.findings, 'go-broken');
  assert.ok(JSON.stringify(f).length < 16 * 1024, `the finding is ${JSON.stringify(f).length} bytes`);
  assert.ok(run.stdout.length < 256 * 1024, `the whole report is ${run.stdout.length} bytes`);
});

void test("a go.mod and a workflow linked to the user's ~/.token are not read, and the token reaches no report", async () => {
  const secret = 'ghp_Zq8SECRETtoken0123456789';
  sb.write({ 'home/.token': `${secret} setup-go golang\n` });
  const ws = path.join(sb.root, 'linked-ws');
  mkdirSync(path.join(ws, '.github', 'workflows'), { recursive: true });
  symlinkSync(path.join(sb.home, '.token'), path.join(ws, 'go.mod'));
  symlinkSync(path.join(sb.home, '.token'), path.join(ws, '.github', 'workflows', 'ci.yml'));
  const env = sb.env();
  const { run, report } = await checkJson(sb, ws, env);
  const sarif = await runCli(['check', '--format', 'sarif', '--cwd', ws], { env, cwd: sb.root });
  const text = await runCli(['check', '--verbose', '--cwd', ws], { env, cwd: sb.root });
  for (const output of [run.stdout, sarif.stdout, text.stdout, run.stderr, sarif.stderr, text.stderr]) assert.ok(!output.includes(secret));
  const invalid = find(report.findings, 'gomod-invalid');
  assert.match(invalid.detail, /link to .*\.token, outside/);
  const unread = find(report.findings, 'files-not-read');
  assert.match(JSON.stringify(unread.evidence), /ci\.yml is a link/);
});

void test('a FIFO named gopls in the go-install directory does not stall the check', async () => {
  const gobin = path.join(sb.root, 'fifo-gobin');
  mkdirSync(gobin, { recursive: true });
  execFileSync('mkfifo', [path.join(gobin, 'gopls')]);
  const env = sb.env({ GOBIN: gobin });
  env.PATH = `${gobin}:${env.PATH}`;
  const ws = sb.module('fifo-ws', 'module example.com/fifo\n\ngo 1.22\n');
  // A limit far above the test's own: a check that opened the FIFO would wait for a writer until the test fails.
  const { report, ids } = await checkJson(sb, ws, env, ['--timeout-ms', '600000']);
  assert.ok(!ids.includes('go-broken'));
  assert.match(report.toolchains.find((t) => t.active)?.version ?? '', /^go1\./);
});

void test('a 1 GiB sparse go.mod and a 64 MiB GOENV file are refused by size, not read', async () => {
  const ws = sb.module('sparse-ws', 'module example.com/sparse\n\ngo 1.22\n');
  const nested = path.join(ws, 'big');
  mkdirSync(nested, { recursive: true });
  truncateSync(sb.write({ 'sparse-ws/big/go.mod': 'module example.com/big\n' }), 1024 * 1024 * 1024);
  const goenv = sb.write({ 'sparse-goenv': 'GOFLAGS=-mod=mod\n' });
  // Smaller than the go.mod only because the go command itself reads its GOENV file whole.
  truncateSync(goenv, 64 * 1024 * 1024);
  const { report } = await checkJson(sb, ws, sb.env({ GOENV: goenv }));
  const invalid = report.findings.find((f) => f.id === 'gomod-invalid' && f.detail.includes(path.join('big', 'go.mod')));
  assert.ok(invalid, JSON.stringify(report.findings.map((f) => f.id)));
  assert.match(invalid.detail, /1\.0 GiB, more than the 1\.0 MiB/);
  assert.match(JSON.stringify(find(report.findings, 'files-not-read').evidence), /sparse-goenv is 64\.0 MiB, more than the 256 KiB/);
});

void test('twenty 200 KB workflows and a 1 MB .gitlab-ci.yml: the YAML parsed is bounded, the rest named, and go is not reported broken', async () => {
  const ws = sb.module('ci-ws', 'module example.com/ci\n\ngo 1.22\n');
  const job = (i: number) =>
    `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n`;
  let workflow = 'on: [push]\njobs:\n';
  for (let i = 0; workflow.length < 200 * 1024; i++) workflow += job(i);
  const files: Record<string, string> = {};
  for (let n = 0; n < 20; n++) files[`ci-ws/.github/workflows/w${n}.yml`] = workflow;
  files['ci-ws/.gitlab-ci.yml'] = `image: golang:1.22\n${'# padding\n'.repeat(110_000)}`;
  sb.write(files);
  const { report, ids } = await checkJson(sb, ws, sb.env(), ['--timeout-ms', '3000']);
  assert.ok(!ids.includes('go-broken'), JSON.stringify(report.findings.find((f) => f.id === 'go-broken')));
  const unread = JSON.stringify(find(report.findings, 'files-not-read').evidence);
  assert.match(unread, /\.gitlab-ci\.yml is 1\.0 MiB, more than the 256 KiB/);
  assert.match(unread, /w19\.yml was not parsed: the CI files before it already took the 1 MiB of YAML/);
});

void test('a .gitlab-ci.yml nesting { 5,000 deep is named as not parsed, and the check finishes', async () => {
  const ws = sb.module('deep-yaml-ws', 'module example.com/deep\n\ngo 1.22\n');
  // The YAML parser ends the whole process on this (an allocation failure no catch can stop): it must never see it.
  sb.write({ 'deep-yaml-ws/.gitlab-ci.yml': `image: golang:1.22\nbuild: ${'{'.repeat(5000)}\n` });
  const { run, report } = await checkJson(sb, ws, sb.env(), ['--fail-on', 'never']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    JSON.stringify(find(report.findings, 'files-not-read').evidence),
    /\.gitlab-ci\.yml was not parsed: it nests \[ and \{ more than 128 levels deep/,
  );
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), so it prints as it would to a user's terminal; returns what the terminal received. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'latin1', timeout: 60_000 });
}

void test('control codes in a folder name, a variable, go stderr and a CI value reach a terminal as visible escapes, with and without colour', async () => {
  const title = '\x1b]0;PWNED\x07';
  const clear = '\x1b[2J\x1b[H';
  const ws = sb.module(`evil${title}dir`, 'module example.com/evil\n\ngo 1.22\n');
  sb.write({
    [`evil${title}dir/.github/workflows/ci.yml`]: `jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: "1.21${clear}"\n`,
  });
  // A second go on PATH that fails loudly, with escape sequences in what it says.
  const loud = sb.script('escapes/bin/go', `printf '\\033]0;OWNED\\007\\033[2Jbroken\\n' >&2\nexit 3`);
  const env = sb.env({ GOFLAGS: `-mod=vendor${clear}`, TERM: 'xterm-256color' });
  env.PATH = `${path.dirname(loud)}:${env.PATH}`;
  const plain = onTerminal(['check', '--verbose', '--no-color', '--fail-on', 'never', '--cwd', ws], env);
  assert.match(plain, /Go Health/);
  assert.ok(!plain.includes('\x1b'), `no escape character at all: ${JSON.stringify(plain.slice(0, 400))}`);
  assert.ok(!plain.includes('\x07') && !plain.includes('\x9b'));
  assert.match(plain, /evil\\e\]0;PWNED\\x07dir/, 'the folder name is shown with its escapes visible');
  assert.match(plain, /\\e\[2Jbroken/, "go's stderr is shown, not obeyed");
  // The CI fix would have written the payload back into ci.yml: it is withheld, and the finding says so.
  assert.match(plain, /A fix was withheld: it would write terminal control characters/);
  assert.doesNotMatch(plain, /Change 1\.21.* to 1\.22/);

  const coloured = { ...env };
  delete coloured.NO_COLOR;
  const painted = onTerminal(['check', '--verbose', '--fail-on', 'never', '--cwd', ws], coloured);
  const escapes = painted.match(/\x1b[^m]*m|\x1b./g) ?? [];
  assert.ok(escapes.length > 0, 'colours are on');
  for (const e of escapes) assert.match(e, /^\x1b\[\d+m$/, `only colour codes reach the terminal, not ${JSON.stringify(e)}`);
  assert.ok(!painted.includes('\x07'));
});
