// Fleet faces with the real CLI and the real go: redacted reports in every format, history across two checks, report merge, the GitHub Action's steps and the packed tarball installed on PATH (OpenTelemetry export: otlpExport.test.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkJson, NEWER_GO, REAL_GO, runCli, Sandbox, UNDER_WINE, type CliRun } from './cliHarness';

const sb = new Sandbox();
after(() => sb.cleanup());
const REPO = path.resolve(__dirname, '../../..');
const skipUnderWine = UNDER_WINE ? 'the fleet faces run the Linux CLI here' : undefined;

function homeModule(home: string, goLine = '1.22'): string {
  const dir = path.join(home, 'src', 'app');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), `module example.com/app\n\ngo ${goLine}\n`);
  writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  return dir;
}

void test('--redact: no format names the home directory; paths under it start with ~', { skip: skipUnderWine }, async () => {
  const home = path.join(sb.root, 'redact-home');
  const mod = homeModule(home);
  const env = sb.homeEnv(home);
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    const plain = await runCli(['check', '--format', format, '--cwd', mod, '--no-history'], { env, cwd: sb.root });
    assert.ok(plain.stdout.includes(home), `${format}: the plain report names the home directory (else the test proves nothing)`);
    const run = await runCli(['check', '--format', format, '--cwd', mod, '--redact', '--no-history'], { env, cwd: sb.root });
    assert.equal(run.code, plain.code, `${format}: redaction changes no exit status`);
    assert.ok(!run.stdout.includes(home), `${format} still names ${home}:\n${run.stdout}`);
    assert.match(run.stdout, /~\/(src\/app|go)/, `${format}: paths under home read ~/…`);
    if (format === 'json' || format === 'sarif') JSON.parse(run.stdout);
  }
});

void test(
  'history: a go env file changed between two checks gives env-changed naming both values, and gohealth history lists it',
  { skip: skipUnderWine },
  async () => {
    const home = path.join(sb.root, 'history-home');
    const mod = homeModule(home);
    const env = sb.homeEnv(home);
    const first = await checkJson(sb, mod, env);
    assert.ok(!first.ids.includes('env-changed'), 'the first check has nothing to compare with');
    // The user (or a script) points the checksum database elsewhere with go env -w, as people do.
    execFileSync(REAL_GO, ['env', '-w', 'GOSUMDB=sum.golang.google.cn'], { env });
    const second = await checkJson(sb, mod, env);
    const changed = second.report.findings.find((f) => f.id === 'env-changed');
    assert.ok(changed, `env-changed should fire: ${second.ids.join(', ')}`);
    assert.equal(changed.severity, 'info');
    assert.match(
      changed.title,
      /^GOSUMDB changed (today|yesterday) from sum\.golang\.org to sum\.golang\.google\.cn, set in the go env file/,
    );
    const goenvFile = path.join(home, '.config', 'go', 'env');
    assert.equal(changed.location?.file, goenvFile, 'located at the line that sets the new value');
    const evidence = changed.evidence as { changes: unknown[] };
    assert.deepEqual(evidence.changes, [
      {
        name: 'GOSUMDB',
        before: 'sum.golang.org',
        beforeSource: 'goroot-go.env',
        after: 'sum.golang.google.cn',
        afterSource: 'goenv-file',
        afterFile: goenvFile,
      },
    ]);
    const history = await runCli(['history'], { env, cwd: sb.root });
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /GOSUMDB changed (today|yesterday) from sum\.golang\.org to sum\.golang\.google\.cn/);
    const stateFile = path.join(home, '.local', 'state', 'gohealth', 'env-history.json');
    assert.ok(existsSync(stateFile), 'kept in the user state directory');
    // A third check of the same state adds no state: the file grows with changes, not with runs.
    await checkJson(sb, mod, env);
    assert.equal((JSON.parse(readFileSync(stateFile, 'utf8')) as { states: unknown[] }).states.length, 2);
  },
);

void test(
  'report merge: reports from several machines give findings by machine count, Go versions and the worst machines',
  { skip: skipUnderWine },
  async () => {
    const dir = path.join(sb.root, 'fleet-reports');
    mkdirSync(dir, { recursive: true });
    const healthy = await checkJson(sb, sb.module('merge-ok', 'module example.com/ok\n\ngo 1.22\n'), sb.env(), ['--no-history']);
    writeFileSync(path.join(dir, 'laptop-1.json'), JSON.stringify(healthy.report));
    const broken = await checkJson(
      sb,
      sb.module('merge-bad', 'module example.com/bad\n\ngo 1.22\n'),
      sb.env({ GOROOT: path.join(sb.root, 'nowhere') }),
      ['--no-history'],
    );
    writeFileSync(path.join(dir, 'laptop-2.json'), JSON.stringify(broken.report));
    writeFileSync(path.join(dir, 'notes.json'), '{"not": "a report"}');
    const md = await runCli(['report', 'merge', dir], { env: sb.env(), cwd: sb.root });
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Go Health across machines$/m);
    assert.match(md.stdout, /2 machines: 1 without errors or warnings \(50%\)\. 1 file skipped\./);
    assert.match(md.stdout, /\| `goroot-invalid` \| error \| 1 \(50%\) \|/);
    assert.match(md.stdout, /\| fleet-reports\/laptop-2 \| [1-9]/);
    assert.match(md.stderr, /1 file\(s\) skipped/);
    const json = await runCli(['report', 'merge', '--format', 'json', path.join(dir, 'laptop-1.json'), path.join(dir, 'laptop-2.json')], {
      env: sb.env(),
      cwd: sb.root,
    });
    const summary = JSON.parse(json.stdout) as {
      machines: number;
      goVersions: { version: string; machines: number }[];
      worst: { name: string }[];
    };
    assert.equal(summary.machines, 2);
    assert.equal(
      summary.goVersions.reduce((n, g) => n + g.machines, 0),
      2,
    );
    assert.deepEqual(
      summary.worst.map((w) => w.name),
      ['fleet-reports/laptop-2'],
    );
  },
);

/** Runs the composite action's steps as a runner does: inputs substituted, each `run` in bash with the step's env and GITHUB_* variables. */
function runActionSteps(inputs: Record<string, string>, workspace: string, baseEnv: NodeJS.ProcessEnv) {
  const action = parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: {
      using: string;
      steps: { id?: string; shell: string; run: string; env?: Record<string, string>; 'working-directory'?: string }[];
    };
  };
  assert.equal(action.runs.using, 'composite');
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) values[name] = inputs[name] ?? spec.default ?? '';
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => {
      assert.ok(name in values, `the action uses an undeclared input ${name}`);
      return values[name]!;
    });
  const runnerTemp = mkdtempSync(path.join(sb.root, 'runner-temp-'));
  const summary = path.join(runnerTemp, 'step_summary.md');
  const output = path.join(runnerTemp, 'github_output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const github = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: REPO,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
  };
  let status = 0;
  for (const step of action.runs.steps) {
    assert.equal(step.shell, 'bash');
    const env = { ...baseEnv, ...github, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])) };
    const cwd = path.resolve(workspace, expand(step['working-directory'] ?? '.'));
    try {
      execFileSync('bash', ['-e', '-c', expand(step.run)], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      status = (e as { status?: number }).status ?? 2;
      break;
    }
  }
  return { status, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8'), runnerTemp };
}

void test(
  'the GitHub Action: SARIF for code scanning, a Markdown job summary, and the exit status per fail-on',
  { skip: skipUnderWine },
  () => {
    const workspace = mkdtempSync(path.join(sb.root, 'workspace-'));
    // A module that needs a newer Go than the runner's, with switching off: gomod-go-newer, an error.
    mkdirSync(path.join(workspace, 'svc'));
    writeFileSync(path.join(workspace, 'svc', 'go.mod'), `module example.com/svc\n\ngo ${NEWER_GO}\n`);
    const env = sb.env({ GOTOOLCHAIN: 'local' });
    const failing = runActionSteps({ 'working-directory': 'svc' }, workspace, env);
    assert.equal(failing.status, 1, 'fail-on error with an error finding fails the step');
    const sarif = JSON.parse(readFileSync(path.join(workspace, 'svc', 'gohealth.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const newer = sarif.runs[0]!.results.find((r) => r.ruleId === 'gomod-go-newer');
    assert.ok(newer, 'the SARIF has the error');
    assert.equal(newer.locations?.[0]?.physicalLocation.artifactLocation.uri, 'go.mod');
    assert.match(failing.summary, /^# Go Health report$/m);
    assert.match(failing.summary, /\*\*error\*\* `gomod-go-newer`/);
    assert.match(failing.output, /^sarif-file=gohealth\.sarif$/m);
    assert.match(failing.output, /^findings=\d+$/m);
    const lenient = runActionSteps({ 'working-directory': 'svc', 'fail-on': 'never', 'sarif-file': 'out.sarif' }, workspace, env);
    assert.equal(lenient.status, 0, 'fail-on never passes');
    assert.ok(existsSync(path.join(workspace, 'svc', 'out.sarif')));
    const healthy = mkdtempSync(path.join(sb.root, 'workspace-ok-'));
    writeFileSync(path.join(healthy, 'go.mod'), 'module example.com/ok\n\ngo 1.22\n');
    assert.equal(runActionSteps({}, healthy, env).status, 0, 'a healthy module passes with the defaults');
  },
);

void test(
  'npm pack gives a tarball that npm install -g turns into a gohealth on PATH',
  { skip: skipUnderWine, timeout: 300_000 },
  async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'gohealth-pack-'));
    try {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' })) as {
        filename: string;
        files: { path: string }[];
      }[];
      const files = packed[0]!.files.map((f) => f.path).sort();
      assert.ok(files.includes('dist/cli.js') && files.includes('dist/cliMain.js'), files.join(', '));
      assert.ok(
        !files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map')),
        `only the bundles ship: ${files.join(', ')}`,
      );
      const prefix = path.join(work, 'prefix');
      execFileSync(
        npm,
        ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(work, packed[0]!.filename)],
        {
          cwd: work,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? work, '.npm') },
        },
      );
      const mod = sb.module('packed', 'module example.com/packed\n\ngo 1.22\n');
      const env = sb.env();
      env.PATH = `${path.join(prefix, 'bin')}:${env.PATH}`;
      // `gohealth` by name, found on PATH as a user's shell finds it.
      const run = await new Promise<CliRun>((resolve, reject) => {
        const child = spawn('gohealth', ['check', '--format', 'json', '--cwd', mod, '--no-history'], { env, cwd: sb.root });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { tool: { name: string }; toolchains: { active: boolean; path: string }[] };
      assert.equal(report.tool.name, 'gohealth');
      assert.equal(report.toolchains.find((t) => t.active)?.path, REAL_GO);
    } finally {
      execFileSync('rm', ['-rf', work]);
    }
  },
);
