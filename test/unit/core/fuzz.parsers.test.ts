// Every engine parser against 10,000 generated inputs each: go.mod, go.work, go env files, go's own outputs, CI YAML, Dockerfiles, PATH.
import { test } from 'node:test';
import fc from 'fast-check';
import { parseModText, parseGoCommandErrors } from '../../../src/core/probe/modfile';
import { parseEnvFile, parseGoEnvJson } from '../../../src/core/probe/goEnv';
import { parseGoEnv } from '../../../src/shared/goenvParse';
import { parseVersionM } from '../../../src/core/probe/versionM';
import { extractDockerfile, extractGithubActions, extractGitlabCi, normalizeGoVersionSpec } from '../../../src/core/probe/ci';
import { parseLoginShellOutput } from '../../../src/core/probe/loginShell';
import { probePathDirs } from '../../../src/core/probe/pathProbe';
import { ProbeCache } from '../../../src/core/probe/cache';
import { fakeHost } from '../support/fakeHost';
import { fuzzParser, fuzzParserAsync, lineOf, textOf } from '../support/fuzz';

const MOD_WORDS = [
  'module',
  'go',
  'toolchain',
  'require',
  'replace',
  'exclude',
  'retract',
  'use',
  'godebug',
  'tool',
  'ignore',
  'example.com/m',
  'github.com/x/y',
  'v1.2.3',
  '1.22',
  '1.22.0',
  'go1.22.1',
  '// indirect',
  './local',
  '../up',
  'C:\\x',
];

void test('go.mod: 10,000 hostile texts parse without an exception, a prototype change or a hang', () => {
  fuzzParser('go.mod', textOf(MOD_WORDS), (t) => parseModText(t, 'mod', { fileName: 'go.mod', windows: false }));
});

void test('go.work: 10,000 hostile texts, on Windows paths too', () => {
  fuzzParser('go.work', fc.tuple(textOf(MOD_WORDS), fc.boolean()), ([t, windows]) =>
    parseModText(t, 'work', { fileName: 'go.work', windows }),
  );
});

const ENV_WORDS = [
  'GOFLAGS',
  'GOPROXY',
  'GOTOOLCHAIN',
  'GOROOT',
  'CGO_ENABLED',
  '=',
  'off',
  'direct',
  'https://proxy.golang.org',
  '-mod=vendor',
];

void test('go env files: 10,000 hostile texts through the probe parser and the document parser', () => {
  fuzzParser('go env file', textOf(ENV_WORDS), (t) => {
    parseEnvFile('/home/dev/.config/go/env', t);
    parseGoEnv(t);
  });
});

void test("go's own outputs: 10,000 hostile go env -json, go version -m and go mod edit answers", () => {
  const json = fc.oneof(
    textOf(['{', '}', '"GOROOT"', ':', '"/usr/local/go"', ',', '"__proto__"', '{"a":1}', 'null', '[]']),
    fc.json({ maxDepth: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'GOROOT')), fc.string()).map((d) => JSON.stringify(d)),
  );
  fuzzParser(
    'go outputs',
    fc.tuple(
      json,
      textOf(['/a/go', '/a/go.exe', ':', '\t', 'path', 'mod', 'dep', 'go1.26.8', 'go.mod:3:']),
      fc.integer({ min: -1, max: 3 }),
    ),
    ([stdout, text, code]) => {
      parseGoEnvJson({ code, stdout, stderr: text, timedOut: false, durationMs: 1 }, 'go env -json', 1000);
      parseVersionM(text, text, ['/a/go', '/a/go.exe', '/b/dlv']);
      parseGoCommandErrors(text, 'go.mod');
      parseLoginShellOutput('/bin/bash', `__GOHEALTH_LOGIN_SHELL__${text.replace(/\n/g, '\0')}`);
    },
  );
});

const YAML_WORDS = [
  'jobs:',
  'steps:',
  '- uses: actions/setup-go@v5',
  'with:',
  'go-version:',
  '${{ matrix.go }}',
  'matrix:',
  'strategy:',
  'image:',
  'golang:1.22-alpine',
  'name:',
  'default:',
  '&a',
  '*a',
  '<<:',
  '!!binary',
  '- ',
  '  ',
  '    ',
  '1.20',
  "'1.21'",
  '|',
  '>',
  '---',
  '...',
  '? ',
];

// YAML parsing is the slowest of these (about 3 ms per kilobyte), so its inputs are kept to a few hundred bytes.
void test('GitHub workflows: 10,000 hostile YAML texts', () => {
  fuzzParser('workflow YAML', textOf(YAML_WORDS, 10), (t) => extractGithubActions('/w/.github/workflows/ci.yml', `setup-go\n${t}`));
});

void test('.gitlab-ci.yml: 10,000 hostile YAML texts', () => {
  fuzzParser('GitLab CI YAML', textOf(YAML_WORDS, 10), (t) => extractGitlabCi('/w/.gitlab-ci.yml', t));
});

void test('Dockerfiles and version specs: 10,000 hostile texts', () => {
  const words = [
    'FROM',
    'ARG',
    'AS',
    'golang',
    'golang:1.22',
    '--platform=linux/amd64',
    '${GO_VERSION}',
    '${V:-1.21}',
    '$V',
    'library/',
    '@sha256:ab',
    'alpine',
    '1.21.x',
    '^1.20',
    '>=1.22',
  ];
  fuzzParser('Dockerfile', textOf(words), (t) => {
    extractDockerfile('/w/Dockerfile', t);
    for (const line of t.split('\n', 10)) normalizeGoVersionSpec(line);
  });
});

void test('PATH: 10,000 hostile values on Linux and Windows are classified without an exception', async () => {
  const entry = lineOf([
    '/usr/bin',
    '/usr/local/go/bin',
    '.',
    '',
    'bin',
    '~',
    'C:\\Go\\bin',
    '"C:\\Program Files\\Go\\bin"',
    '\\\\server\\share',
    'C:foo',
    '\\foo',
    ':',
    ';',
    '%PATH%',
  ]);
  const linux = fakeHost({ localDisk: true });
  linux.installGo('/usr/local/go', '1.26.8');
  const windows = fakeHost({ platform: 'win32' });
  windows.installGo('C:\\Go', '1.26.8');
  await fuzzParserAsync('PATH', fc.tuple(fc.array(entry, { maxLength: 12 }), fc.boolean()), ([entries, win]) => {
    const host = win ? windows : linux;
    const env = { ...host.env, [win ? 'Path' : 'PATH']: entries.join(win ? ';' : ':') };
    return probePathDirs({ ...host, env }, new ProbeCache(), ['gopls', 'dlv']);
  });
});
