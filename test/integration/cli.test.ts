// End-to-end tests of `gohealth check` with the real go command: each broken setup a user can have, and a healthy one. The Windows tier reruns them in the Windows Node with the Windows go.exe.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { checkJson, cliPath, goVersionAt, isRunning, NEWER_GO, REAL_GO, REAL_GOROOT, runCli, Sandbox, UNDER_WINE } from './cliHarness';
import { secondGoRoot } from './secondGo';

const sb = new Sandbox();
after(() => sb.cleanup());

const realVersion = goVersionAt(REAL_GOROOT);
const healthyMod = sb.module('healthy', 'module example.com/healthy\n\ngo 1.22\n');

function find(findings: { id: string }[], id: string) {
  const f = findings.find((x) => x.id === id);
  assert.ok(f, `expected a ${id} finding, got: ${findings.map((x) => x.id).join(', ') || 'none'}`);
  return f as import('./cliHarness').JsonFinding;
}

void test('a healthy module gives no warning or error, exit 0, and names the real go', async () => {
  const { run, report } = await checkJson(sb, healthyMod, sb.env());
  const loud = report.findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(
    loud.map((f) => `${f.id}: ${f.title}`),
    [],
  );
  assert.equal(run.code, 0);
  const active = report.toolchains.find((t) => t.active);
  assert.equal(active?.version, realVersion);
});

void test('text output reads like a doctor: area lines, a summary, no colour when piped', async () => {
  const run = await runCli(['check', '--cwd', healthyMod], { env: sb.env({ NO_COLOR: undefined }), cwd: sb.root });
  assert.equal(run.code, 0, run.stderr);
  // Missing gopls/dlv in the sandbox are info only: no area may carry an error or warning mark.
  assert.match(run.stdout, /^[✔ℹ] Toolchain and PATH$/m);
  assert.match(run.stdout, /^✔ Modules and toolchain selection$/m);
  assert.doesNotMatch(run.stdout, /^[✖⚠]/m);
  assert.match(run.stdout, /^Healthy.*0 errors, 0 warnings/m);
  assert.doesNotMatch(run.stdout, /\x1b\[/);
});

void test('two Go toolchains on PATH: go-shadowed names both versions', async () => {
  const second = await secondGoRoot();
  const secondVersion = goVersionAt(second);
  const env = sb.prependPath(sb.env(), [path.dirname(REAL_GO), path.join(second, 'bin')]);
  const { report } = await checkJson(sb, healthyMod, env);
  const f = find(report.findings, 'go-shadowed');
  assert.equal(f.severity, 'warning');
  const text = JSON.stringify(f);
  assert.ok(text.includes(realVersion) && text.includes(secondVersion), `both versions named: ${f.detail}`);
  assert.equal(report.toolchains.filter((t) => t.version).length >= 2, true);
});

void test('GOROOT pointing at another installation: goroot-mismatch (error, exit 1)', async () => {
  const second = await secondGoRoot();
  const { run, report } = await checkJson(sb, healthyMod, sb.env({ GOROOT: second }));
  const f = find(report.findings, 'goroot-mismatch');
  assert.equal(f.severity, 'error');
  assert.ok(sb.mentions(f.evidence, second));
  assert.ok(f.fixes.length > 0);
  assert.equal(run.code, 1);
});

void test('go.mod needing a newer Go with GOTOOLCHAIN=local: gomod-go-newer at the go line', async () => {
  const dir = sb.module('newer', `module example.com/newer\n\n// needs the next Go\ngo ${NEWER_GO}\n`);
  const { report } = await checkJson(sb, dir, sb.env({ GOTOOLCHAIN: 'local' }));
  const f = find(report.findings, 'gomod-go-newer');
  assert.equal(f.severity, 'error');
  assert.equal(f.location?.file, cliPath(path.join(dir, 'go.mod')));
  assert.equal(f.location?.line, 4);
  assert.equal(f.location?.column, 4, 'points at the version on the go line');
  assert.ok(f.detail.includes(`go.mod requires go >= ${NEWER_GO} (running go `), f.detail);
  assert.match(f.detail, /GOTOOLCHAIN=local\)/);
});

void test('network settings: GOPROXY=off, GOSUMDB=off, GOINSECURE', async () => {
  const { report } = await checkJson(sb, healthyMod, sb.env({ GOPROXY: 'off', GOSUMDB: 'off', GOINSECURE: 'example.com' }));
  assert.equal(find(report.findings, 'goproxy-off').severity, 'warning');
  assert.equal(find(report.findings, 'gosumdb-off').severity, 'warning');
  assert.equal(find(report.findings, 'goinsecure-set').severity, 'warning');
});

void test('GOBIN off PATH: gobin-not-on-path with a PATH fix', async () => {
  const gobin = path.join(sb.root, 'elsewhere-bin');
  mkdirSync(gobin, { recursive: true });
  const { report } = await checkJson(sb, healthyMod, sb.env({ GOBIN: gobin }));
  const f = find(report.findings, 'gobin-not-on-path');
  assert.ok(sb.mentions(f.evidence, gobin));
  assert.ok(f.fixes.some((x) => x.kind === 'terminal-env'));
});

void test('GOCACHE=off: gocache-off (error)', async () => {
  const { run, report } = await checkJson(sb, healthyMod, sb.env({ GOCACHE: 'off' }));
  assert.equal(find(report.findings, 'gocache-off').severity, 'error');
  assert.equal(run.code, 1);
});

void test('GOFLAGS typos: a non-flag is goflags-invalid, an unknown flag goflags-unknown, a bad -mod value goflags-invalid', async () => {
  const a = await checkJson(sb, healthyMod, sb.env({ GOFLAGS: 'mod=vendor' }));
  assert.match(find(a.report.findings, 'goflags-invalid').detail, /non-flag/);
  const b = await checkJson(sb, healthyMod, sb.env({ GOFLAGS: '-modcacherwx' }));
  find(b.report.findings, 'goflags-unknown');
  const c = await checkJson(sb, healthyMod, sb.env({ GOFLAGS: '-mod=vender' }));
  find(c.report.findings, 'goflags-invalid');
  // A bad GOFLAGS makes go refuse most commands; it must not hide the Go version from the other checks.
  assert.equal(c.report.toolchains.find((t) => t.active)?.version, realVersion);
  const newer = sb.module('newer-flags', `module example.com/newerflags\n\ngo ${NEWER_GO}\n`);
  const d = await checkJson(sb, newer, sb.env({ GOFLAGS: '-bogus', GOTOOLCHAIN: 'local' }));
  find(d.report.findings, 'gomod-go-newer');
});

void test('GO111MODULE=off with go.mod files: gomodule-off', async () => {
  const { report } = await checkJson(sb, healthyMod, sb.env({ GO111MODULE: 'off' }));
  find(report.findings, 'gomodule-off');
});

void test('a "." PATH entry with a go in the current directory is flagged and never executed', async () => {
  const marker = path.join(sb.root, 'evil-ran');
  const cwd = path.join(sb.root, 'evil');
  sb.fakeGo('evil/go', 'marker', marker);
  sb.write({ 'evil/go.mod': 'module example.com/evil\n\ngo 1.22\n' });
  const env = sb.prependPath(sb.env(), ['.', 'bin', '']);
  const run = await runCli(['check', '--format', 'json'], { env, cwd });
  const report = JSON.parse(run.stdout) as {
    findings: import('./cliHarness').JsonFinding[];
    toolchains: { path: string; active: boolean }[];
  };
  const f = find(report.findings, 'path-unsafe-entry');
  assert.ok(JSON.stringify(f).includes('"."') || f.detail.includes("'.'") || f.detail.includes('.'), f.detail);
  assert.equal(existsSync(marker), false, 'the go in the current directory must never run');
  assert.equal(report.toolchains.find((t) => t.active)?.path, cliPath(REAL_GO));
});

void test('a go that hangs ends within the timeout as go-broken and leaves no process behind', async () => {
  const pidFile = path.join(sb.root, 'hang.pid');
  const hang = sb.fakeGo('hang/bin/go', 'hang', pidFile);
  const env = sb.prependPath(sb.env(), [path.dirname(hang)]);
  const started = Date.now();
  const { run, report } = await checkJson(sb, healthyMod, env, ['--timeout-ms', '1500']);
  assert.ok(Date.now() - started < 30_000, 'ended well within the test timeout');
  const f = find(report.findings, 'go-broken');
  assert.equal(f.severity, 'error');
  assert.match(f.detail, /time|respond|answer/i);
  assert.equal(run.code, 1);
  await new Promise((r) => setTimeout(r, 300));
  for (const pid of readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
    assert.equal(isRunning(pid), false, `process ${pid} is left behind`);
  }
});

void test('a go that prints garbage gives go-broken, not a crash', async () => {
  const junk = sb.fakeGo('junk/bin/go', 'garbage');
  const env = sb.prependPath(sb.env(), [path.dirname(junk)]);
  const { run, report } = await checkJson(sb, healthyMod, env);
  find(report.findings, 'go-broken');
  assert.equal(run.code, 1);
});

void test('malformed go.mod and go.work: gomod-invalid and gowork-invalid at the offending line with the go command message', async () => {
  const dir = sb.module('malformed', 'module example.com/malformed\n\ngo 1.22\n\nrequire (\n\tgithub.com/x/y\n)\n');
  const { report } = await checkJson(sb, dir, sb.env());
  const f = find(report.findings, 'gomod-invalid');
  assert.equal(f.location?.line, 6);
  assert.match(f.detail, /go\.mod:6/);
  const wdir = path.join(sb.root, 'badwork');
  sb.write({ 'badwork/go.work': 'go 1.22\n\nuse (\n\t./a\n\nfrobnicate ./b\n' });
  sb.module('badwork/a', 'module example.com/a\n\ngo 1.22\n');
  const w = await checkJson(sb, wdir, sb.env());
  const g = find(w.report.findings, 'gowork-invalid');
  assert.equal(g.location?.file, cliPath(path.join(wdir, 'go.work')));
  assert.ok((g.location?.line ?? 0) >= 3);
});

void test('a replace pointing at a missing directory: replace-path-missing at the replace line', async () => {
  const dir = sb.module(
    'replacer',
    'module example.com/replacer\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ../no-such-lib\n',
    { 'go.sum': '' },
  );
  const { report } = await checkJson(sb, dir, sb.env());
  const f = find(report.findings, 'replace-path-missing');
  assert.equal(f.location?.line, 7);
  assert.ok(JSON.stringify(f.evidence).includes('no-such-lib'));
});

void test('a CI workflow asking for an older Go than go.mod: ci-go-version-drift at that line', async () => {
  const dir = sb.module('ci', 'module example.com/ci\n\ngo 1.23.0\n');
  sb.write({
    'ci/.github/workflows/test.yml': [
      'name: test',
      'on: [push]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-go@v5',
      '        with:',
      "          go-version: '1.21'",
      '      - run: go test ./...',
      '',
    ].join('\n'),
  });
  const { report } = await checkJson(sb, dir, sb.env());
  const f = find(report.findings, 'ci-go-version-drift');
  assert.equal(f.location?.file, cliPath(path.join(dir, '.github/workflows/test.yml')));
  assert.equal(f.location?.line, 10);
});

void test('a go.env file value overridden by the OS environment: env-override-conflict', async () => {
  const goenv = sb.write({ 'conflict-env': 'GOPROXY=https://proxy.example.com\n' });
  const { report } = await checkJson(sb, healthyMod, sb.env({ GOENV: goenv, GOPROXY: 'https://proxy.golang.org,direct' }));
  find(report.findings, 'env-override-conflict');
});

void test('--only, --skip and --fail-on shape the run and the exit code', async () => {
  const env = sb.env({ GOPROXY: 'off' });
  const only = await checkJson(sb, healthyMod, env, ['--only', 'goproxy-off']);
  assert.deepEqual(only.ids, ['goproxy-off']);
  assert.equal(only.run.code, 0, 'a warning does not fail by default');
  const warn = await runCli(['check', '--cwd', healthyMod, '--fail-on', 'warning'], { env, cwd: sb.root });
  assert.equal(warn.code, 1);
  const skipped = await checkJson(sb, healthyMod, env, ['--skip', 'goproxy-off', '--fail-on', 'warning']);
  assert.ok(!skipped.ids.includes('goproxy-off'));
  const never = await runCli(['check', '--cwd', healthyMod, '--fail-on', 'never'], { env: sb.env({ GOCACHE: 'off' }), cwd: sb.root });
  assert.equal(never.code, 0);
});

void test('bad usage exits 2 with one line on stderr and no stack', async () => {
  for (const args of [
    ['check', '--format', 'xml'],
    ['check', '--only', 'no-such-check'],
    ['check', '--bogus'],
    ['check', '--cwd', '/no/such/dir'],
    ['frobnicate'],
    ['check', '--timeout-ms', 'soon'],
  ]) {
    const run = await runCli(args, { env: sb.env(), cwd: sb.root });
    assert.equal(run.code, 2, `${args.join(' ')} -> ${run.code}`);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
    assert.match(run.stderr, /^gohealth: /);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  }
});

void test('JSON output validates against the published schema', async () => {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../../schemas/report.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const dir = sb.module('mixed', `module example.com/mixed\n\ngo ${NEWER_GO}\n\ntoolchain go1.20.1\n`);
  for (const env of [sb.env(), sb.env({ GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: 'off', GOFLAGS: 'junk' })]) {
    const { report } = await checkJson(sb, dir, env);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.ok(report.findings.length > 0);
  }
});

void test('SARIF output validates against SARIF 2.1.0 with one rule per check and file locations', async () => {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const dir = sb.module('sarif', `module example.com/sarif\n\ngo ${NEWER_GO}\n`);
  const run = await runCli(['check', '--format', 'sarif', '--cwd', dir], {
    env: sb.env({ GOTOOLCHAIN: 'local', GOPROXY: 'off' }),
    cwd: sb.root,
  });
  assert.equal(run.code, 1);
  const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: unknown } }; results: unknown }[] };
  // Validate a copy so the type guard does not narrow `sarif` itself.
  assert.ok(validate(sarif as object), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  const rules = sarif.runs[0]!.tool.driver.rules as { id: string; help: { text: string } }[];
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'one rule per check id');
  assert.ok(
    rules.every((r) => r.help.text.length > 20),
    'every rule has help text',
  );
  const newer = (
    sarif.runs[0]!.results as {
      ruleId: string;
      locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[]
  ).find((r) => r.ruleId === 'gomod-go-newer');
  assert.ok(newer?.locations, 'the go.mod finding has a physical location');
  assert.equal(newer.locations[0]!.physicalLocation.artifactLocation.uri, 'go.mod');
  assert.equal(newer.locations[0]!.physicalLocation.region.startLine, 3);
  // Code scanning rejects results without a location: environment findings are pinned to the folder's go.mod.
  const proxy = (sarif.runs[0]!.results as { ruleId: string; locations?: unknown[]; properties: { scope: string } }[]).find(
    (r) => r.ruleId === 'goproxy-off',
  );
  assert.ok(proxy?.locations?.length, 'environment findings carry a location too');
  assert.equal(proxy.properties.scope, 'environment');
});

const symlinksUnseen = UNDER_WINE && 'Wine 8 shows a POSIX symlink to Windows programs as a plain file, and makes no Windows links';
void test('a go symlinked twice into PATH counts as one installation', { skip: symlinksUnseen }, async () => {
  const linkDir = path.join(sb.root, 'links');
  mkdirSync(linkDir, { recursive: true });
  symlinkSync(REAL_GO, path.join(linkDir, 'go'));
  const env = sb.prependPath(sb.env(), [path.dirname(REAL_GO), linkDir]);
  const { report } = await checkJson(sb, healthyMod, env);
  assert.ok(!report.findings.some((f) => f.id === 'go-shadowed' && f.severity !== 'info'), 'same installation is not a shadow');
  assert.ok(REAL_GOROOT.length > 0);
});

const noStdioPipes = UNDER_WINE && 'Node under Wine fails with EBADF writing to a pipe, and the language server speaks over stdio';
void test('gohealth lsp --stdio answers a language client over stdio', { skip: noStdioPipes }, async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lsp', '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    const msg = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(msg)}\r\n\r\n${msg}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const body = out.split('\r\n\r\n')[1];
        if (body && body.includes('"id":1')) resolve(body);
      });
      setTimeout(() => reject(new Error(`no initialize reply: ${out}`)), 15_000);
    });
    const result = JSON.parse(reply) as { result: { capabilities: { codeActionProvider?: unknown; hoverProvider?: boolean } } };
    assert.ok(result.result.capabilities.codeActionProvider, 'offers quick fixes');
    assert.equal(result.result.capabilities.hoverProvider, true);
  } finally {
    child.kill('SIGKILL');
  }
});
