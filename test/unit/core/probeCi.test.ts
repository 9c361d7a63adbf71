// CI probing: setup-go versions in workflows, FROM golang:X in Dockerfiles, image: golang:X in GitLab CI, at exact positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { extractDockerfile, extractGithubActions, extractGitlabCi, normalizeGoVersionSpec } from '../../../src/core/probe/ci';
import { fakeHost } from '../support/fakeHost';

void test('version specs normalize to the minimum version they select; floating ones to undefined', () => {
  const cases: [string, string | undefined][] = [
    ['1.21', '1.21'],
    ['1.21.x', '1.21'],
    ["'1.21'", '1.21'],
    ['^1.21', '1.21'],
    ['>=1.21.0', '1.21.0'],
    ['~1.21.3', '1.21.3'],
    ['1.21.3', '1.21.3'],
    ['go1.22.1', '1.22.1'],
    ['1.22.0-rc.1', '1.22rc1'],
    ['>=1.20 <1.23', '1.20'],
    ['stable', undefined],
    ['oldstable', undefined],
    ['latest', undefined],
    ['1.x', undefined],
    ['${{ matrix.go }}', undefined],
    ['', undefined],
  ];
  for (const [spec, expected] of cases) assert.equal(normalizeGoVersionSpec(spec), expected, spec);
});

void test('GitHub Actions: setup-go go-version at its exact position (inside quotes); go-version-file names the file it follows', () => {
  const text = [
    'name: ci',
    'on: [push]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-go@v5',
    '        with:',
    "          go-version: '1.21.x'",
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version-file: go.mod',
    '      - uses: actions/setup-go@v4',
    '        with:',
    '          go-version: stable',
    '      - uses: actions/setup-go@v5',
    '        with: { go-version: "^1.20" }',
    '  old:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: 1.20',
  ].join('\n');
  const found = extractGithubActions('/r/.github/workflows/ci.yml', text);
  assert.deepEqual(
    found.map((c) => [c.line, c.column, c.endColumn, c.raw, c.version]),
    [
      [10, 24, 30, '1.21.x', '1.21'],
      [13, 28, 34, 'go.mod', undefined],
      [16, 23, 29, 'stable', undefined],
      [18, 30, 35, '^1.20', '1.20'],
      // Unquoted 1.20 is the YAML number 1.2: that is what setup-go receives.
      [24, 23, 27, '1.20', '1.2'],
    ],
  );
  assert.ok(found.every((c) => c.kind === 'github-actions' && c.file === '/r/.github/workflows/ci.yml'));
  // setup-go reads go-version-file relative to the checkout, the folder holding .github.
  assert.equal(found[1].versionFile, '/r/go.mod');
});

void test('GitHub Actions: a matrix reference resolves to the lowest listed version', () => {
  const text = [
    'jobs:',
    '  test:',
    '    strategy:',
    '      matrix:',
    "        go: ['1.22', '1.21.5', '1.23']",
    '    steps:',
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: ${{ matrix.go }}',
    '  floating:',
    '    strategy:',
    '      matrix:',
    '        go-version: [stable, oldstable]',
    '    steps:',
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: ${{ matrix.go-version }}',
  ].join('\n');
  const found = extractGithubActions('/ci.yml', text);
  assert.deepEqual(
    found.map((c) => [c.line, c.raw, c.version]),
    [
      [9, '${{ matrix.go }}', '1.21.5'],
      [17, '${{ matrix.go-version }}', undefined],
    ],
  );
});

void test('malformed YAML does not throw', () => {
  for (const text of [
    'jobs: [',
    ':\n  - [unclosed',
    'jobs:\n  a:\n    steps: 3',
    '\t\tbad: indent\n x',
    'jobs:\n  a:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: [1.21]',
  ]) {
    assert.doesNotThrow(() => extractGithubActions('/f.yml', text));
    assert.doesNotThrow(() => extractGitlabCi('/f.yml', text));
  }
});

void test('Dockerfile: FROM golang:X with --platform, AS, registry prefix, ARG substitution; other images ignored', () => {
  const text = [
    'ARG GO_VERSION=1.22.4',
    'FROM --platform=$BUILDPLATFORM golang:1.21-alpine AS build',
    'FROM golang:${GO_VERSION}-bookworm',
    'from docker.io/library/golang:1.20.3@sha256:abc123',
    'FROM golang:alpine',
    'FROM golang',
    'FROM alpine:3.19',
    'FROM mygolang:1.2',
    '  FROM golang:1.19 as old',
  ].join('\r\n');
  const found = extractDockerfile('/r/Dockerfile', text);
  assert.deepEqual(
    found.map((c) => [c.line, c.column, c.endColumn, c.raw, c.version]),
    [
      [2, 32, 50, 'golang:1.21-alpine', '1.21'],
      [3, 6, 35, 'golang:${GO_VERSION}-bookworm', '1.22.4'],
      [4, 6, 51, 'docker.io/library/golang:1.20.3@sha256:abc123', '1.20.3'],
      [5, 6, 19, 'golang:alpine', undefined],
      [6, 6, 12, 'golang', undefined],
      [9, 8, 19, 'golang:1.19', '1.19'],
    ],
  );
});

void test('GitLab CI: top-level, default and per-job images, string or {name:}', () => {
  const text = [
    'image: golang:1.21',
    'default:',
    '  image:',
    '    name: "golang:1.22-alpine"',
    'build:',
    '  image: golang:latest',
    '  script: [go build ./...]',
    'lint:',
    '  image: node:20',
    'stages: [build]',
  ].join('\n');
  const found = extractGitlabCi('/r/.gitlab-ci.yml', text);
  assert.deepEqual(
    found.map((c) => [c.line, c.column, c.endColumn, c.raw, c.version]),
    [
      [1, 8, 19, 'golang:1.21', '1.21'],
      [4, 12, 30, 'golang:1.22-alpine', '1.22'],
      [6, 10, 23, 'golang:latest', undefined],
    ],
  );
});

void test('gatherFacts finds workflows, GitLab CI and Dockerfiles anywhere in the folder (not in skipped dirs)', async () => {
  const host = fakeHost({
    env: { PATH: '', HOME: '/home/dev' },
    files: {
      '/r/.github/workflows/test.yaml':
        'jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: "1.22"\n',
      '/r/.github/workflows/notes.txt': 'go-version: 1.0',
      '/r/.gitlab-ci.yml': 'image: golang:1.20\n',
      '/r/Dockerfile': 'FROM golang:1.21\n',
      '/r/deploy/api.Dockerfile': 'FROM golang:1.19-alpine AS b\n',
      '/r/node_modules/x/Dockerfile': 'FROM golang:1.10\n',
    },
  });
  const facts = await gatherFacts(host, { workspaceFolders: ['/r'], timeoutMs: 1000 });
  assert.deepEqual(
    facts.ci.map((c) => [c.kind, c.file, c.version]),
    [
      ['github-actions', '/r/.github/workflows/test.yaml', '1.22'],
      ['gitlab-ci', '/r/.gitlab-ci.yml', '1.20'],
      ['dockerfile', '/r/Dockerfile', '1.21'],
      ['dockerfile', '/r/deploy/api.Dockerfile', '1.19'],
    ],
  );
});
