// The Go variables CI and container files set: workflow/job/step env, GitLab variables, Dockerfile ENV/ARG, at their exact places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDockerfileEnv, extractGithubEnv, extractGitlabEnv } from '../../../src/core/probe/ciEnv';
import type { DeclaredEnvironment } from '../../../src/core/declared';

const rows = (envs: DeclaredEnvironment[]) =>
  envs.flatMap((e) => e.vars.map((v) => [e.scope, v.name, v.value, v.line, v.column, v.endColumn, v.quote ?? '', v.wholeLine]));

void test('GitHub Actions: env at workflow, job, job container and step level; computed values and non-Go names skipped', () => {
  const text = [
    'name: ci', // 1
    'env:', // 2
    '  GOSUMDB: off', // 3
    '  NODE_ENV: test', // 4
    'jobs:', // 5
    '  test:', // 6
    '    env:', // 7
    '      GOPROXY: "https://proxy.golang.org,direct"  # the default', // 8
    "      GOFLAGS: '-mod=vender'", // 9
    '      GOPRIVATE: ${{ vars.PRIVATE }}', // 10
    '    container:', // 11
    '      image: golang:1.26', // 12
    '      env: { CGO_ENABLED: 0 }', // 13
    '    steps:', // 14
    '      - uses: actions/checkout@v4', // 15
    '      - name: Build', // 16
    '        run: go build ./...', // 17
    '        env:', // 18
    '          GOINSECURE: "*"', // 19
    '      - run: go test ./...', // 20
    '        env:', // 21
    '          GOTOOLCHAIN: local', // 22
  ].join('\n');
  assert.deepEqual(rows(extractGithubEnv('/r/.github/workflows/ci.yml', text)), [
    ['workflow', 'GOSUMDB', 'off', 3, 12, 15, '', true],
    ['job test', 'GOPROXY', 'https://proxy.golang.org,direct', 8, 17, 48, '"', true],
    ['job test', 'GOFLAGS', '-mod=vender', 9, 17, 28, "'", true],
    ['job test container', 'CGO_ENABLED', '0', 13, 27, 28, '', false],
    ['job test, step "Build"', 'GOINSECURE', '*', 19, 24, 25, '"', true],
    ['job test, step 3', 'GOTOOLCHAIN', 'local', 22, 24, 29, '', true],
  ]);
  assert.ok(extractGithubEnv('/f.yml', 'jobs: [').length === 0);
});

void test('GitLab CI: global variables, per-job variables, the {value:} form; pipeline keywords are not jobs', () => {
  const text = [
    'variables:', // 1
    '  GOPROXY: "off"', // 2
    '  GOFLAGS:', // 3
    '    value: "-mod=mod"', // 4
    '    description: flags', // 5
    'default:', // 6
    '  variables: { GOSUMDB: off }', // 7
    'test:', // 8
    '  script: [go test ./...]', // 9
    '  variables:', // 10
    '    GOPRIVATE: "*.corp.example"', // 11
    '    GOCACHE: $CI_PROJECT_DIR/.cache', // 12
  ].join('\n');
  assert.deepEqual(rows(extractGitlabEnv('/r/.gitlab-ci.yml', text)), [
    ['variables', 'GOPROXY', 'off', 2, 13, 16, '"', true],
    ['variables', 'GOFLAGS', '-mod=mod', 4, 13, 21, '"', false],
    ['job test', 'GOPRIVATE', '*.corp.example', 11, 17, 31, '"', true],
  ]);
});

void test('Dockerfile: ENV in both forms, quoted values, continuation lines, ARG defaults per stage; ARG before FROM is not the build environment', () => {
  const text = [
    'ARG GOFLAGS=-mod=mod', // 1
    'FROM golang:1.26 AS build', // 2
    'ENV GOFLAGS=-mod=vender', // 3
    'ENV GOPROXY="https://proxy.corp.example" GOSUMDB=off', // 4
    'ENV GOPRIVATE *.corp.example', // 5
    'ENV CGO_ENABLED=0 \\', // 6
    '    GOTOOLCHAIN=local', // 7
    'ARG GOINSECURE=*.test', // 8
    'ENV GOCACHE=$HOME/.cache', // 9
    'RUN go build ./...', // 10
    'FROM alpine', // 11
    'ENV GOTOOLCHAIN=auto', // 12
  ].join('\n');
  assert.deepEqual(rows(extractDockerfileEnv('/r/Dockerfile', text)), [
    ['stage build', 'GOFLAGS', '-mod=vender', 3, 13, 24, '', true],
    ['stage build', 'GOPROXY', 'https://proxy.corp.example', 4, 14, 40, '"', false],
    ['stage build', 'GOSUMDB', 'off', 4, 50, 53, '', false],
    ['stage build', 'GOPRIVATE', '*.corp.example', 5, 15, 29, '', true],
    ['stage build', 'CGO_ENABLED', '0', 6, 17, 18, '', false],
    ['stage build', 'GOTOOLCHAIN', 'local', 7, 17, 22, '', false],
    ['stage build', 'GOINSECURE', '*.test', 8, 16, 22, '', true],
    ['stage 2', 'GOTOOLCHAIN', 'auto', 12, 17, 21, '', true],
  ]);
});
