// Version pins and team policies found on disk: the file readers, the walk's listings, parents up to the repository root, dev containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { containerImageGo, parseDevcontainer, parseGoVersionFile, parseMiseToml, parseToolVersions } from '../../../src/core/probe/pins';
import { fakeHost } from '../support/fakeHost';

void test('pin files: the version each names at its place, and which version manager reads it', () => {
  assert.deepEqual(parseGoVersionFile('\n# comment\n  go1.25.4\n'), {
    line: 3,
    column: 3,
    endColumn: 11,
    raw: 'go1.25.4',
    version: '1.25.4',
    manager: 'goenv',
  });
  assert.deepEqual(parseGoVersionFile('latest\n'), { line: 1, column: 1, endColumn: 7, raw: 'latest', manager: 'goenv' });
  assert.equal(parseGoVersionFile('\n\n'), undefined);
  assert.deepEqual(parseToolVersions('nodejs 20.1.0\ngolang 1.25.0 1.24.3 # two\n'), {
    line: 2,
    column: 8,
    endColumn: 14,
    raw: '1.25.0',
    version: '1.25.0',
    manager: 'asdf or mise',
  });
  assert.equal(parseToolVersions('go 1.26\n')?.manager, 'mise');
  assert.equal(parseToolVersions('golang system\n')?.version, undefined);
  assert.equal(parseToolVersions('golangci-lint 2.1.0\n'), undefined);
  assert.deepEqual(parseMiseToml('[env]\ngo = "no"\n[tools]\nnode = "20"\ngo = "1.26"\n'), {
    line: 5,
    column: 7,
    endColumn: 11,
    raw: '1.26',
    version: '1.26',
    manager: 'mise',
  });
  assert.equal(parseMiseToml('[tools]\ngolang = ["1.25.3", "1.24"]\n')?.version, '1.25.3');
  assert.equal(parseMiseToml('tools.go = "1.24"\n')?.version, '1.24');
  assert.equal(parseMiseToml('[tools]\ngo = { version = "1.23.1" }\n')?.raw, '1.23.1');
});

void test('dev container images and the go feature', () => {
  assert.deepEqual(containerImageGo('mcr.microsoft.com/devcontainers/go:1-1.25-bookworm'), { isGo: true, version: '1.25' });
  assert.deepEqual(containerImageGo('mcr.microsoft.com/devcontainers/go:1'), { isGo: true });
  assert.deepEqual(containerImageGo('golang:1.26.1-alpine'), { isGo: true, version: '1.26.1' });
  assert.deepEqual(containerImageGo('mcr.microsoft.com/devcontainers/base:ubuntu'), { isGo: false });
  const text = [
    '{',
    '  // comments are allowed',
    '  "image": "mcr.microsoft.com/devcontainers/base:ubuntu",',
    '  "features": { "ghcr.io/devcontainers/features/go:1": { "version": "1.24" } },',
    '  "containerEnv": { "GOFLAGS": "-mod=readonly", "PATH": "x", "GOPATH": "${containerWorkspaceFolder}/go" },',
    '  "build": { "dockerfile": "Dockerfile" },',
    '}',
  ].join('\n');
  const parsed = parseDevcontainer('/r/.devcontainer/devcontainer.json', text);
  assert.deepEqual(
    parsed.pins.map((p) => [p.kind, p.line, p.column, p.endColumn, p.raw, p.version]),
    [['devcontainer-feature', 4, 70, 74, '1.24', '1.24']],
  );
  assert.deepEqual(
    parsed.envs.map((e) => e.vars.map((v) => [e.scope, v.name, v.value, v.line, v.column, v.quote])),
    [[['containerEnv', 'GOFLAGS', '-mod=readonly', 5, 33, '"']]],
  );
  assert.equal(parsed.dockerfile, 'Dockerfile');
});

void test('gatherFacts: pins below the folder from the walk, above it up to the repository root, dev containers and their Dockerfile', async () => {
  const host = fakeHost({
    env: { PATH: '', HOME: '/home/dev' },
    dirs: ['/repo/.git'],
    files: {
      '/.tool-versions': 'golang 1.10.0\n',
      '/repo/.tool-versions': 'golang 1.25.0\n',
      '/repo/app/go.mod': 'module x\n\ngo 1.22\n',
      '/repo/app/.go-version': '1.24.1\n',
      '/repo/app/svc/mise.toml': '[tools]\ngo = "1.26"\n',
      '/repo/app/.devcontainer/devcontainer.json': '{ "image": "golang:1.23", "build": { "dockerfile": "Dockerfile" } }',
      '/repo/app/.devcontainer/Dockerfile': 'FROM golang:1.23\nENV GOFLAGS=-mod=mod\n',
      '/repo/app/.gohealth.json': '{ "go": ">=1.24" }',
      '/repo/.gohealth.json': '{ "go": ">=1.20" }',
    },
  });
  const facts = await gatherFacts(host, { workspaceFolders: ['/repo/app'], timeoutMs: 1000 });
  assert.deepEqual(
    facts.pins?.map((p) => [p.file, p.dir, p.version, p.manager ?? '']),
    [
      ['/repo/.tool-versions', '/repo', '1.25.0', 'asdf or mise'],
      ['/repo/app/.devcontainer/devcontainer.json', '/repo/app', '1.23', ''],
      ['/repo/app/.go-version', '/repo/app', '1.24.1', 'goenv'],
      ['/repo/app/svc/mise.toml', '/repo/app/svc', '1.26', 'mise'],
    ],
  );
  // The dev container's Dockerfile (in a dot-directory the walk skips) is read for its FROM and ENV.
  assert.deepEqual(
    facts.ci.map((c) => [c.file, c.version]),
    [['/repo/app/.devcontainer/Dockerfile', '1.23']],
  );
  assert.deepEqual(
    facts.declaredEnvs?.map((e) => [e.file, e.vars[0].name]),
    [['/repo/app/.devcontainer/Dockerfile', 'GOFLAGS']],
  );
  // The nearest policy governs the folder.
  assert.deepEqual(
    facts.policies?.map((p) => [p.file, p.folders, p.rules.map((r) => r.name)]),
    [['/repo/app/.gohealth.json', ['/repo/app'], ['go']]],
  );
});

void test('gatherFacts: outside a repository only the folder itself is looked at; one policy governs every folder it is nearest to', async () => {
  const host = fakeHost({
    env: { PATH: '', HOME: '/home/dev' },
    dirs: ['/ws/.git'],
    files: {
      '/tmp/.gohealth.json': '{ "go": ">=1.20" }',
      '/tmp/lone/go.mod': 'module y\n',
      '/ws/.gohealth.json': '{ "env": { "GOPROXY": "off" } }',
      '/ws/a/go.mod': 'module a\n',
      '/ws/b/go.mod': 'module b\n',
    },
  });
  const lone = await gatherFacts(host, { workspaceFolders: ['/tmp/lone'], timeoutMs: 1000 });
  assert.equal(lone.policies, undefined);
  const ws = await gatherFacts(host, { workspaceFolders: ['/ws/a', '/ws/b'], timeoutMs: 1000 });
  assert.deepEqual(
    ws.policies?.map((p) => [p.file, p.folders]),
    [['/ws/.gohealth.json', ['/ws/a', '/ws/b']]],
  );
});
