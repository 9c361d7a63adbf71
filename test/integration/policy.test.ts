// The team policy and Go version pins with the real go: each pin kind, CI environments at each level, a policy that passes and one that fails, located in JSON and SARIF, fixes applied and checked again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkJson, goVersionAt, REAL_GO, REAL_GOROOT, runCli, Sandbox, type JsonFinding } from './cliHarness';
import { SECOND_GO_VERSION, secondGoRoot } from './secondGo';

const sb = new Sandbox();
after(() => sb.cleanup());

const realVersion = goVersionAt(REAL_GOROOT).replace(/^go/, '');

/** A repository (a .git directory at its root) with one module, go 1.22, and the given files. */
function repo(name: string, files: Record<string, string>): string {
  const root = path.join(sb.root, name);
  mkdirSync(path.join(root, '.git'), { recursive: true });
  sb.module(name, 'module example.com/app\n\ngo 1.22\n');
  for (const [rel, text] of Object.entries(files)) sb.write({ [path.join(name, rel)]: text });
  return root;
}

function at(findings: JsonFinding[], id: string, file: string, line: number): JsonFinding {
  const f = findings.find((x) => x.id === id && x.location?.file === file && x.location.line === line);
  assert.ok(
    f,
    `expected ${id} at ${file}:${line}; got ${findings.map((x) => `${x.id}@${x.location ? `${path.basename(x.location.file)}:${x.location.line}` : '-'}`).join(', ')}`,
  );
  return f;
}

/** Applies a fix as a user would: go env -w/-u with the real go in the sandbox's go env file, or the file edit. */
function apply(fix: JsonFinding['fixes'][number], env: NodeJS.ProcessEnv): void {
  const f = fix as JsonFinding['fixes'][number] & {
    variable?: string;
    value?: string;
    file?: string;
    edits?: { line: number; column: number; endLine: number; endColumn: number; newText: string }[];
  };
  if (f.kind === 'go-env-write') {
    const args = f.value === undefined ? ['env', '-u', f.variable!] : ['env', '-w', `${f.variable}=${f.value}`];
    // As the faces run it: GOTOOLCHAIN=local, in a folder without go.mod (go warns that this GOTOOLCHAIN hides the one written).
    execFileSync(REAL_GO, args, { env: { ...env, GOTOOLCHAIN: 'local' }, cwd: sb.root, stdio: ['ignore', 'pipe', 'pipe'] });
    return;
  }
  assert.equal(f.kind, 'edit-file', `cannot apply a ${f.kind} fix here`);
  const lines = readFileSync(f.file!, 'utf8').split('\n');
  for (const e of [...f.edits!].reverse()) {
    const before = lines.slice(0, e.line - 1).join('\n');
    const text = lines.join('\n');
    const start = (before ? before.length + 1 : 0) + e.column - 1;
    const endBefore = lines.slice(0, e.endLine - 1).join('\n');
    const end = (endBefore ? endBefore.length + 1 : 0) + e.endColumn - 1;
    lines.splice(0, lines.length, ...(text.slice(0, start) + e.newText + text.slice(end)).split('\n'));
  }
  writeFileSync(f.file!, lines.join('\n'));
}

void test('every kind of Go version pin, too old for the module, is reported at its own line and column', async () => {
  const cases: { name: string; file: string; text: string; id: string; line: number; column: number }[] = [
    { name: 'go-version', file: '.go-version', text: '1.21.5\n', id: 'go-pin-too-old', line: 1, column: 1 },
    { name: 'tool-versions', file: '.tool-versions', text: 'nodejs 20.1.0\ngolang 1.21.5\n', id: 'go-pin-too-old', line: 2, column: 8 },
    { name: 'mise', file: 'mise.toml', text: '[tools]\ngo = "1.21"\n', id: 'go-pin-too-old', line: 2, column: 7 },
    { name: 'dot-mise', file: '.mise.toml', text: '[tools]\ngolang = "1.21.5"\n', id: 'go-pin-too-old', line: 2, column: 11 },
    {
      name: 'devcontainer-image',
      file: '.devcontainer/devcontainer.json',
      text: '{\n  "image": "mcr.microsoft.com/devcontainers/go:1-1.21-bookworm"\n}\n',
      id: 'go-pin-too-old',
      line: 2,
      column: 13,
    },
    {
      name: 'devcontainer-feature',
      file: '.devcontainer.json',
      text: '{\n  "image": "mcr.microsoft.com/devcontainers/base:ubuntu",\n  "features": {\n    "ghcr.io/devcontainers/features/go:1": { "version": "1.21" }\n  }\n}\n',
      id: 'go-pin-too-old',
      line: 4,
      column: 58,
    },
    {
      name: 'dockerfile',
      file: 'Dockerfile',
      text: '# build\nFROM golang:1.21-alpine AS build\n',
      id: 'ci-go-version-drift',
      line: 2,
      column: 6,
    },
    {
      name: 'setup-go',
      file: '.github/workflows/ci.yml',
      text: 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: "1.21"\n',
      id: 'ci-go-version-drift',
      line: 8,
      column: 24,
    },
    {
      name: 'matrix',
      file: '.github/workflows/ci.yml',
      text: 'on: [push]\njobs:\n  test:\n    strategy:\n      matrix:\n        go: ["1.21", "1.22"]\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n',
      id: 'ci-go-version-drift',
      line: 11,
      column: 23,
    },
    {
      name: 'gitlab',
      file: '.gitlab-ci.yml',
      text: 'test:\n  image: golang:1.21\n  script: [go test ./...]\n',
      id: 'ci-go-version-drift',
      line: 2,
      column: 10,
    },
  ];
  for (const c of cases) {
    const root = repo(`pin-${c.name}`, { [c.file]: c.text });
    const { report } = await checkJson(sb, root, sb.env());
    const f = at(report.findings, c.id, path.join(root, c.file), c.line);
    assert.equal(f.location?.column, c.column, c.name);
    // A matrix names several releases: the fix is to read the version from go.mod instead.
    if (c.name !== 'matrix')
      assert.ok(
        f.fixes.some((x) => x.kind === 'edit-file'),
        `${c.name}: an edit that raises the pin`,
      );
  }
});

void test('setup-go following go.mod is no pin of its own; pins that disagree are reported at the older one and aligned by its fix', async () => {
  const root = repo('disagree', {
    '.github/workflows/ci.yml':
      'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n',
    Dockerfile: 'FROM golang:1.24\n',
    '.devcontainer/devcontainer.json': '{ "image": "golang:1.25-bookworm" }\n',
  });
  const env = sb.env();
  const { report } = await checkJson(sb, root, env);
  const dockerfile = path.join(root, 'Dockerfile');
  const f = at(report.findings, 'go-pins-disagree', dockerfile, 1);
  assert.match(f.title, /Dockerfile FROM pins Go 1.24, but the dev container image pins 1.25/);
  assert.equal(report.findings.filter((x) => x.id === 'go-pins-disagree').length, 1);
  apply(f.fixes[0], env);
  assert.equal(readFileSync(dockerfile, 'utf8'), 'FROM golang:1.25\n');
  const again = await checkJson(sb, root, env);
  assert.deepEqual(
    again.report.findings.filter((x) => x.id === 'go-pins-disagree'),
    [],
  );
});

void test('a version-manager pin this shell does not follow, until its Go is first on PATH (as the manager would put it)', async () => {
  const second = await secondGoRoot();
  const pinned = SECOND_GO_VERSION.replace(/^go/, '');
  const root = repo('manager', { '.tool-versions': `golang ${pinned}\n` });
  const env = sb.env();
  const { report } = await checkJson(sb, root, env);
  const f = at(report.findings, 'go-pin-not-active', path.join(root, '.tool-versions'), 1);
  assert.match(
    f.title,
    new RegExp(`This shell runs go${realVersion}, but \\.tool-versions says ${pinned}: the version manager is not active here`),
  );
  const active = await checkJson(sb, root, sb.prependPath(sb.env(), [path.join(second, 'bin')]));
  assert.deepEqual(
    active.report.findings.filter((x) => x.id.startsWith('go-pin')),
    [],
  );
});

void test('CI and container environments at every level go through the same checks, with the same ids, at their lines', async () => {
  const root = repo('ci-env', {
    '.github/workflows/ci.yml': [
      'on: [push]', // 1
      'env:', // 2
      '  GOSUMDB: off', // 3
      'jobs:', // 4
      '  test:', // 5
      '    runs-on: ubuntu-latest', // 6
      '    env:', // 7
      '      GOPROXY: off', // 8
      '    container:', // 9
      '      image: golang:1.26', // 10
      '      env:', // 11
      '        GOINSECURE: "*"', // 12
      '    steps:', // 13
      '      - run: go test ./...', // 14
      '        env:', // 15
      '          GOFLAGS: -mod=vender', // 16
    ].join('\n'),
    '.gitlab-ci.yml': 'variables:\n  GOCACHE: "off"\ntest:\n  script: [go test ./...]\n  variables:\n    GO111MODULE: "off"\n',
    Dockerfile: 'FROM golang:1.26 AS build\nARG GOTOOLCHAIN=go1.2x\nENV GOFLAGS="-modd=mod"\nRUN go build ./...\n',
    '.devcontainer/devcontainer.json': '{\n  "image": "golang:1.26",\n  "containerEnv": { "GOPROXY": "http://proxy.corp.example" }\n}\n',
  });
  const wf = path.join(root, '.github', 'workflows', 'ci.yml');
  const { run, report } = await checkJson(sb, root, sb.env());
  assert.equal(run.code, 1, 'errors among them fail the check');
  const expected: [string, string, number][] = [
    ['gosumdb-off', wf, 3],
    ['goproxy-off', wf, 8],
    ['goinsecure-set', wf, 12],
    ['goflags-invalid', wf, 16],
    ['gocache-off', path.join(root, '.gitlab-ci.yml'), 2],
    ['gomodule-off', path.join(root, '.gitlab-ci.yml'), 6],
    ['gotoolchain-invalid', path.join(root, 'Dockerfile'), 2],
    ['goflags-unknown', path.join(root, 'Dockerfile'), 3],
    ['goproxy-insecure', path.join(root, '.devcontainer', 'devcontainer.json'), 3],
  ];
  for (const [id, file, line] of expected) {
    const f = at(report.findings, id, file, line);
    assert.ok(
      f.fixes.every((x) => x.kind === 'edit-file'),
      `${id}: only edits of that file (${f.fixes.map((x) => x.kind).join(', ')})`,
    );
  }
  // The sandbox itself is healthy: every loud finding is about a file.
  assert.deepEqual(
    report.findings.filter((f) => f.severity !== 'info' && !f.location).map((f) => f.id),
    [],
  );
  // The job's GOPROXY=off is fixed in the workflow, and the check agrees afterwards.
  const proxy = at(report.findings, 'goproxy-off', wf, 8);
  apply(proxy.fixes[0], sb.env());
  assert.match(readFileSync(wf, 'utf8').split('\n')[7], /^ {6}GOPROXY: https:\/\/proxy\.golang\.org,direct$/);
  const again = await checkJson(sb, root, sb.env());
  assert.equal(
    again.report.findings.some((f) => f.id === 'goproxy-off'),
    false,
  );
});

void test('gohealth policy init writes a policy this machine passes, and refuses to replace it without --force', async () => {
  const root = repo('init', {});
  const env = sb.env({ GOPRIVATE: '*.corp.example' });
  const first = await runCli(['policy', 'init', '--cwd', root], { env, cwd: sb.root });
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    new RegExp(`Wrote ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.gohealth\\.json from this machine: go >=${realVersion}`),
  );
  const text = readFileSync(path.join(root, '.gohealth.json'), 'utf8');
  assert.match(text, /"GOPRIVATE": \{ "includes": \["\*\.corp\.example"\] \}/);
  const { run, report } = await checkJson(sb, root, env);
  assert.deepEqual(
    report.findings.filter((f) => f.id.startsWith('policy-')),
    [],
  );
  assert.equal(run.code, 0);
  const again = await runCli(['policy', 'init', '--cwd', root], { env, cwd: sb.root });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /\.gohealth\.json exists; it was left as it is \(use --force to replace it\)/);
  assert.equal(readFileSync(path.join(root, '.gohealth.json'), 'utf8'), text);
  const forced = await runCli(['policy', 'init', '--cwd', root, '--force'], { env: sb.env(), cwd: sb.root });
  assert.equal(forced.code, 0, forced.stderr);
  assert.doesNotMatch(readFileSync(path.join(root, '.gohealth.json'), 'utf8'), /GOPRIVATE/);
  const bad = await runCli(['policy', 'make'], { env, cwd: sb.root });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown policy command 'make'/);
});

void test('a policy this machine breaks: findings at the rule lines in JSON and SARIF, applied fixes make the check pass', async () => {
  const policy = [
    '// the team policy', // 1
    '{', // 2
    // One exact release (a range would get its newest patch, which this machine has not downloaded).
    `  "go": "${SECOND_GO_VERSION.replace(/^go/, '')}",`, // 3
    '  "env": {', // 4
    '    "GOPRIVATE": { "includes": ["*.corp.example"], "severity": "warning" },', // 5
    '    "GOSUMDB": { "not": ["off"] },', // 6
    '    "GOPROXYY": "x"', // 7
    '  },', // 8
    '  "tools": { "dlv": ">=1.0.0" }', // 9
    '}', // 10
  ].join('\n');
  const root = repo('policy-fails', {
    '.gohealth.json': policy,
    '.github/workflows/ci.yml':
      'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GOSUMDB: "off"\n    steps:\n      - run: go test ./...\n',
  });
  const file = path.join(root, '.gohealth.json');
  const wf = path.join(root, '.github', 'workflows', 'ci.yml');
  const env = sb.env();
  const { run, report } = await checkJson(sb, root, env);
  assert.equal(run.code, 1);
  const go = at(report.findings, 'policy-drift', file, 3);
  assert.equal(go.severity, 'error');
  assert.equal(go.evidence.value, `go${realVersion}`);
  const priv = at(report.findings, 'policy-drift', file, 5);
  assert.equal(priv.severity, 'warning');
  assert.equal(priv.evidence.value, '');
  assert.equal(priv.evidence.source, 'default');
  at(report.findings, 'policy-drift', file, 9);
  at(report.findings, 'policy-drift', wf, 6);
  const typo = at(report.findings, 'policy-invalid', file, 7);
  assert.match(typo.title, /did you mean "GOPROXY"/);
  assert.ok(go.fixes.every((x) => (x as { origin?: { kind: string } }).origin?.kind === 'policy'));

  const sarif = await runCli(['check', '--format', 'sarif', '--cwd', root], { env, cwd: sb.root });
  const results = (
    JSON.parse(sarif.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    }
  ).runs[0].results;
  const located = results
    .filter((r) => r.ruleId.startsWith('policy-'))
    .map(
      (r) => `${r.ruleId}@${r.locations?.[0].physicalLocation.artifactLocation.uri}:${r.locations?.[0].physicalLocation.region.startLine}`,
    )
    .sort();
  assert.deepEqual(located, [
    'policy-drift@.github/workflows/ci.yml:6',
    'policy-drift@.gohealth.json:3',
    'policy-drift@.gohealth.json:5',
    'policy-drift@.gohealth.json:9',
    'policy-invalid@.gohealth.json:7',
  ]);

  // The Go range: GOTOOLCHAIN makes the go command run the policy's release (from the module cache here).
  const gotoolchain = go.fixes.find((x) => x.kind === 'go-env-write')!;
  apply(gotoolchain, env);
  apply(
    priv.fixes.find((x) => x.kind === 'go-env-write')!,
    env,
  );
  apply(at(report.findings, 'policy-drift', wf, 6).fixes[0], env);
  const runs = execFileSync(REAL_GO, ['version'], { env: { ...env, GOPROXY: 'off' }, cwd: root }).toString();
  assert.match(runs, new RegExp(`go version ${SECOND_GO_VERSION} `));
  const after = await checkJson(sb, root, env);
  assert.deepEqual(
    after.report.findings.filter((f) => f.id === 'policy-drift').map((f) => `${path.basename(f.location!.file)}:${f.location!.line}`),
    ['.gohealth.json:9'],
    'only the tool, which no go env change installs, is left',
  );
  execFileSync(REAL_GO, ['env', '-u', 'GOTOOLCHAIN', 'GOPRIVATE'], { env: { ...env, GOTOOLCHAIN: 'local' }, cwd: sb.root });
});
